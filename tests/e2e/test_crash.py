"""When the app's Python dies, the page says so and Restart brings the app back.

The app below crashes the interpreter for real: `ctypes.string_at` reads unmapped memory,
a WebAssembly trap that Pyodide treats as fatal (every later call into it fails). The page
must show what happened with a Restart button; Restart boots a fresh worker with the app's
current files (a file written with the controller's writeFile after the mount included), the
persistent folder comes back from IndexedDB, and session state starts fresh.
"""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import FrameLocator, Page, expect

from .mount_site import make_site

APP = """
import ctypes
import os
import streamlit as st

st.session_state.setdefault("clicks", 0)
st.header("Crash test")
st.text("note: " + open("note.txt").read())
if st.button("Count"):
    st.session_state.clicks += 1
    os.makedirs("kept", exist_ok=True)
    with open("kept/saved.txt", "w") as file:
        file.write(f"saved at click {st.session_state.clicks}")
st.text(f"clicks: {st.session_state.clicks}")
if os.path.exists("kept/saved.txt"):
    st.text("kept: " + open("kept/saved.txt").read())
if st.button("Crash"):
    ctypes.string_at(0xFFFFFFF0, 64)
"""

PAGE = """
<div id="first"></div>
<div id="second"></div>
<script>
  window.crashes = [];
  const app = (note) => ({
    files: { "streamlit_app.py": APP_CODE, "note.txt": note },
    idbfsMountpoints: ["kept"],
    sharedWorker: SHARED,
  });
  window.first = wasmlit.mount(app("as mounted"), document.getElementById("first"));
  first.addEventListener("crash", (event) => crashes.push(["first", event.detail.message]));
  if (TWO_APPS) {
    window.second = wasmlit.mount(app("second app"), document.getElementById("second"));
    second.addEventListener("crash", (event) => crashes.push(["second", event.detail.message]));
  }
</script>
"""


def site(tmp_path: Path, shared: bool, two_apps: bool) -> Path:
    page = (
        PAGE.replace("APP_CODE", json.dumps(APP))
        .replace("SHARED", json.dumps(shared))
        .replace("TWO_APPS", json.dumps(two_apps))
    )
    return make_site(tmp_path / "site", page)


def frame(page: Page, element_id: str) -> FrameLocator:
    return page.frame_locator(f"#{element_id} iframe")


def count_and_rewrite_note(page: Page, app: FrameLocator) -> None:
    expect(app.get_by_role("heading", name="Crash test")).to_be_visible()
    page.evaluate("first.writeFile('note.txt', 'written after the mount')")
    expect(app.get_by_text("note: written after the mount")).to_be_visible()
    app.get_by_role("button", name="Count").click()
    expect(app.get_by_text("clicks: 1")).to_be_visible()
    expect(app.get_by_text("kept: saved at click 1")).to_be_visible()


def see_the_app_back(app: FrameLocator) -> None:
    expect(app.get_by_text("note: written after the mount")).to_be_visible()
    expect(app.get_by_text("clicks: 0")).to_be_visible()  # session state starts fresh
    expect(app.get_by_text("kept: saved at click 1")).to_be_visible()  # the persistent folder is back
    app.get_by_role("button", name="Count").click()
    expect(app.get_by_text("clicks: 1")).to_be_visible()


def test_a_crash_is_explained_and_restart_brings_the_app_back(page: Page, static_site, tmp_path: Path) -> None:
    page.goto(static_site(site(tmp_path, shared=False, two_apps=False)))
    app = frame(page, "first")
    count_and_rewrite_note(page, app)

    app.get_by_role("button", name="Crash").click()
    alert = page.get_by_role("alert").filter(has_text="crashed")
    expect(alert).to_contain_text("memory access out of bounds")
    expect(alert).to_contain_text("Restart it to run it again")
    # The last Python stack, in the notice's details: the line of the app that crashed.
    expect(alert.locator("pre")).to_contain_text("streamlit_app.py")
    assert page.evaluate("crashes.length") == 1

    alert.get_by_role("button", name="Restart the app").click()
    see_the_app_back(app)
    expect(page.get_by_role("alert")).to_have_count(0)
    assert page.evaluate("first.readFile('note.txt', {encoding: 'utf8'})") == "written after the mount"


def test_a_crash_of_the_shared_worker_restarts_every_app_of_the_page(page: Page, static_site, tmp_path: Path) -> None:
    page.goto(static_site(site(tmp_path, shared=True, two_apps=True)))
    first, second = frame(page, "first"), frame(page, "second")
    expect(second.get_by_text("note: second app")).to_be_visible()
    count_and_rewrite_note(page, first)

    first.get_by_role("button", name="Crash").click()
    # Both apps ran in the dead interpreter: both say so.
    alerts = page.get_by_role("alert").filter(has_text="crashed")
    expect(alerts).to_have_count(2)
    page.wait_for_function("crashes.length === 2")
    assert sorted(name for name, _ in page.evaluate("crashes")) == ["first", "second"]

    page.locator("#second").get_by_role("button", name="Restart the app").click()
    see_the_app_back(first)
    expect(second.get_by_text("note: second app")).to_be_visible()
    second.get_by_role("button", name="Count").click()
    expect(second.get_by_text("clicks: 1")).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)
    # One fresh interpreter for both again.
    page.evaluate("first.runPython('import builtins; builtins.wasmlit_marker = 7')")
    assert page.evaluate("second.runPython('import builtins; builtins.wasmlit_marker')") == 7
