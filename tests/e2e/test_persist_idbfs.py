"""`idbfsMountpoints`: a file the app writes there survives a reload and a browser restart."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import BOOT_TIMEOUT_MS, CHROMIUM_ARGS
from .mount_site import make_site
from .support import IDBFS_STORED_TEXT, app_frame

# Each run counts one more visit, in a file under the persistent folder.
APP = """
import os
import streamlit as st

path = "saved/visits.txt"
visits = int(open(path).read()) + 1 if os.path.exists(path) else 1
with open(path, "w") as file:
    file.write(str(visits))
st.header(f"Visit number {visits}")
"""

PAGE = """
<div id="root"></div>
<script>
  window.controller = wasmlit.mount(
    { files: { "streamlit_app.py": APP_CODE }, idbfsMountpoints: ["saved", "/mnt/shared"], sharedWorker: SHARED },
    document.getElementById("root"),
  );
</script>
"""


def site(tmp_path: Path, shared: bool = False) -> Path:
    page = PAGE.replace("APP_CODE", json.dumps(APP)).replace("SHARED", json.dumps(shared))
    return make_site(tmp_path / "site", page)


def see_visit(page: Page, number: int) -> None:
    expect(app_frame(page).get_by_role("heading", name=f"Visit number {number}")).to_be_visible()


@pytest.mark.parametrize(
    ("shared", "home"),
    [(False, "/home/pyodide"), (True, "/home/pyodide/apps/1")],
    ids=["own worker", "shared worker"],
)
def test_a_file_survives_reloads(page: Page, static_site, tmp_path: Path, shared: bool, home: str) -> None:
    page.goto(static_site(site(tmp_path, shared)))
    see_visit(page, 1)
    # Saved when the run ended, with the page still open. A shared worker names the app's
    # folder after its place on the page, so the same folder comes back after the reload.
    page.wait_for_function(
        f"({IDBFS_STORED_TEXT})(['{home}/saved', '{home}/saved/visits.txt']).then((text) => text === '1')"
    )
    page.reload()
    see_visit(page, 2)
    # Written by the page through the controller, into the other persistent folder.
    page.evaluate("controller.runPython(\"open('/mnt/shared/note.txt', 'w').write('kept')\")")
    page.reload()
    see_visit(page, 3)
    assert page.evaluate("controller.runPython(\"open('/mnt/shared/note.txt').read()\")") == "kept"


def test_a_file_survives_a_browser_restart(browser: Browser, static_site, tmp_path: Path) -> None:
    url = static_site(site(tmp_path))  # same origin (port) for both browser sessions
    profile = tmp_path / "profile"
    for visit in (1, 2):
        context = browser.browser_type.launch_persistent_context(
            str(profile),
            executable_path=shutil.which("chromium"),
            headless=True,
            args=CHROMIUM_ARGS,
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.set_default_timeout(BOOT_TIMEOUT_MS)
            page.goto(url)
            see_visit(page, visit)
        finally:
            context.close()
