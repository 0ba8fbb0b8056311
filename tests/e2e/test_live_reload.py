"""`wasmlit serve`'s live reload: saving, adding and deleting files updates the open page."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .support import app_frame, write_app

APP = """\
from pathlib import Path

import streamlit as st

st.title("Live reload")
st.write("version one")
note = Path("note.txt")
st.write(note.read_text() if note.exists() else "no note yet")
"""


class Terminal:
    """`wasmlit serve` in a subprocess, with what it prints collected line by line."""

    def __init__(self, app: Path) -> None:
        self.app_dir = app
        self.process = subprocess.Popen(
            [sys.executable, "-m", "wasmlit.cli", "serve", str(app), "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self.url = ""
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip())
            if "URL: " in line:
                self.url = line.split("URL: ", 1)[1].strip()
                break
        threading.Thread(target=self._collect, daemon=True).start()

    def _collect(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip())

    def text(self) -> str:
        return "\n".join(self.lines)


@pytest.fixture
def serve_with_terminal(tmp_path: Path) -> Iterator[Terminal]:
    terminal = Terminal(write_app(tmp_path / "app", APP))
    assert terminal.url, terminal.text()
    yield terminal
    terminal.process.terminate()
    terminal.process.wait(timeout=10)


def test_edit_add_and_delete_update_the_page_without_a_reload(page: Page, serve_with_terminal: Terminal) -> None:
    terminal = serve_with_terminal
    app_dir = terminal.app_dir
    assert wait_for(lambda: "Watching" in terminal.text()), terminal.text()
    page.goto(terminal.url)
    app = app_frame(page)
    expect(app.get_by_text("version one")).to_be_visible()
    expect(app.get_by_text("no note yet")).to_be_visible()
    page.evaluate("window.notReloaded = true")

    (app_dir / "streamlit_app.py").write_text(APP.replace("version one", "version two"))
    expect(app.get_by_text("version two")).to_be_visible()

    (app_dir / "note.txt").write_text("a brand new note")
    expect(app.get_by_text("a brand new note")).to_be_visible()

    (app_dir / "note.txt").unlink()
    # The delete reaches the worker, and the rerun no longer finds the file.
    expect(app.get_by_text("no note yet")).to_be_visible()

    # A new import: the package is installed (here from PyPI through the dev server) before the rerun.
    (app_dir / "streamlit_app.py").write_text(APP + "import humanize\nst.write(humanize.naturalsize(2_000_000))\n")
    expect(app.get_by_text("2.0 MB")).to_be_visible()

    assert page.evaluate("window.notReloaded") is True
    expect(page.get_by_role("alert")).to_have_count(0)
    for line in ("changed: streamlit_app.py", "added: note.txt", "removed: note.txt", "installing: humanize"):
        assert line in terminal.text()


def test_a_syntax_error_shows_in_the_page_and_the_terminal(page: Page, serve_with_terminal: Terminal) -> None:
    terminal = serve_with_terminal
    app_dir = terminal.app_dir
    page.goto(terminal.url)
    app = app_frame(page)
    expect(app.get_by_text("version one")).to_be_visible()

    (app_dir / "streamlit_app.py").write_text(APP + "st.write(\n")
    # As under `streamlit run` with run-on-save: the error dialog, then the fix clears it.
    expect(app.get_by_role("dialog")).to_contain_text("SyntaxError")
    assert wait_for(lambda: "error: streamlit_app.py, line 9" in terminal.text()), terminal.text()

    (app_dir / "streamlit_app.py").write_text(APP.replace("version one", "fixed"))
    expect(app.get_by_text("fixed")).to_be_visible()


def wait_for(condition: Callable[[], bool], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True
