"""Small helpers shared by the end-to-end tests."""

from __future__ import annotations

import os
import time
from pathlib import Path

from playwright.sync_api import FrameLocator, Page, expect

REPO = Path(__file__).resolve().parents[2]
# WASMLIT_RUNTIME_DIR tests another build (`python -m wasmlit.runtime_build --out DIR`).
RUNTIME_DIR = Path(os.environ.get("WASMLIT_RUNTIME_DIR", REPO / "python" / "wasmlit" / "runtime"))

# What Emscripten's IDBFS stored for a path (text, or null): one database per mount point.
# A page of the folder's origin evaluates it with [mountpoint, path].
IDBFS_STORED_TEXT = """async ([mountpoint, path]) => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open(mountpoint);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    const store = db.transaction("FILE_DATA").objectStore("FILE_DATA");
    const entry = await new Promise((resolve) => { const r = store.get(path); r.onsuccess = () => resolve(r.result); });
    return entry ? new TextDecoder().decode(entry.contents) : null;
  } finally {
    db.close();
  }
}"""


def app_frame(page: Page) -> FrameLocator:
    return page.frame_locator("iframe[title='Streamlit app']")


def write_app(folder: Path, code: str, name: str = "streamlit_app.py") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(code)
    return folder


def stop_then_rerun(
    app: FrameLocator, stop_timeout_ms: float | None = 10_000, rerun_timeout_ms: float | None = 10_000
) -> float:
    """Press Stop on a script busy in a loop (the test apps' "Name" input echoes "Hello <name>!"),
    see the button go, then see a widget change rerun the app. Returns the seconds from the press
    until the Stop button was gone. A timeout of None waits as long as any expectation does."""
    stop = app.get_by_role("button", name="Stop")
    pressed = time.monotonic()
    stop.click()
    expect(stop).to_have_count(0, timeout=stop_timeout_ms)
    stopped_after = time.monotonic() - pressed
    name = app.get_by_label("Name")
    name.fill("Ada")
    name.press("Enter")
    expect(app.get_by_text("Hello Ada!")).to_be_visible(timeout=rerun_timeout_ms)
    return stopped_after
