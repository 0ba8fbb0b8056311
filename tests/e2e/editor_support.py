"""Helpers for the sharing editor's end-to-end tests: its server, its panes, its code view."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from playwright.sync_api import FrameLocator, Page


@dataclass
class EditorSite:
    url: str
    preview_url: str
    stop: Callable[[], None] = lambda: None  # ends the server: both origins stop answering


@contextmanager
def running_editor(port: int = 0) -> Iterator[EditorSite]:
    """`wasmlit editor --port PORT`: the editor and its preview (the next port if free); 0: two free ports."""
    server = subprocess.Popen(
        [sys.executable, "-m", "wasmlit.cli", "editor", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert server.stdout is not None
    url = preview = ""
    for line in server.stdout:
        if "URL: " in line:
            url = line.split("URL: ", 1)[1].strip()
        if "preview (another origin): " in line:
            preview = line.split(": ", 1)[1].strip()
            break
    if not (url and preview):
        raise RuntimeError(f"wasmlit editor exited with {server.wait()} before printing its URLs")
    threading.Thread(target=server.stdout.read, daemon=True).start()

    def stop() -> None:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)

    try:
        yield EditorSite(url, preview, stop)
    finally:
        stop()


def preview_app(page: Page) -> FrameLocator:
    """The running app: the runtime's frame inside the preview frame (another origin)."""
    return page.frame_locator("iframe.preview-frame").frame_locator("iframe[title='Streamlit app']")


def set_code(page: Page, code: str) -> None:
    """Replaces the open tab's text as if typed (insert_text: no auto-indent in the way)."""
    page.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(code)


def save(page: Page) -> None:
    """Ctrl+S in the code view: the preview reruns."""
    page.locator(".cm-content").click()
    page.keyboard.press("Control+S")


def tab(page: Page, name: str):  # noqa: ANN201 (a Locator)
    return page.get_by_role("tab", name=name, exact=False)
