"""Small helpers shared by the end-to-end tests."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import FrameLocator, Page

REPO = Path(__file__).resolve().parents[2]
# WASMLIT_RUNTIME_DIR tests another build (`python -m wasmlit.runtime_build --out DIR`).
RUNTIME_DIR = Path(os.environ.get("WASMLIT_RUNTIME_DIR", REPO / "python" / "wasmlit" / "runtime"))


def app_frame(page: Page) -> FrameLocator:
    return page.frame_locator("iframe[title='Streamlit app']")


def write_app(folder: Path, code: str, name: str = "streamlit_app.py") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(code)
    return folder
