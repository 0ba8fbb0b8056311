"""Small helpers shared by the end-to-end tests."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import FrameLocator, Page

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
