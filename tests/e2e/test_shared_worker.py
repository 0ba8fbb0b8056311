"""`sharedWorker`: several apps of a page in one SharedWorker, one interpreter, one
Streamlit runtime; each app keeps its own files, modules, sessions and reruns."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import FrameLocator, Page, expect

from .mount_site import make_site

APP = """
import streamlit as st
from helper import NAME
st.session_state.setdefault("runs", 0)
st.session_state.setdefault("clicks", 0)
st.session_state.runs += 1
if st.button("Add one"):
    st.session_state.clicks += 1
st.header(f"{NAME}: {st.session_state.clicks} clicks")
st.text("data: " + open("data.txt").read())
st.text(f"runs: {st.session_state.runs}")
"""

PAGE = """
<div id="first"></div>
<div id="second"></div>
<streamlit-app id="third" shared-worker>
  import streamlit as st
  st.header("Element in the shared worker")
</streamlit-app>
<script>
  const app = (name, extra) => ({
    files: { "streamlit_app.py": APP_CODE, "helper.py": `NAME = "${name}"`, "data.txt": `file of ${name}` },
    sharedWorker: true,
    ...extra,
  });
  window.first = wasmlit.mount(app("First"), document.getElementById("first"));
  window.second = wasmlit.mount(app("Second", { streamlitConfig: { "theme.base": "dark" } }), document.getElementById("second"));
</script>
"""


def frame(page: Page, element_id: str) -> FrameLocator:
    return page.frame_locator(f"#{element_id} iframe")


def test_apps_share_one_interpreter_but_not_their_state(page: Page, static_site, tmp_path: Path) -> None:
    page.goto(static_site(make_site(tmp_path, PAGE.replace("APP_CODE", json.dumps(APP)))))
    first, second, third = frame(page, "first"), frame(page, "second"), frame(page, "third")

    # Each app imports its own helper.py and reads its own data.txt (same names in both).
    expect(first.get_by_role("heading", name="First: 0 clicks")).to_be_visible()
    expect(second.get_by_role("heading", name="Second: 0 clicks")).to_be_visible()
    expect(third.get_by_role("heading", name="Element in the shared worker")).to_be_visible()
    expect(first.get_by_text("data: file of First")).to_be_visible()
    expect(second.get_by_text("data: file of Second")).to_be_visible()

    # One interpreter: what one app's Python sets, the other's sees.
    page.evaluate("first.runPython('import builtins; builtins.wasmlit_marker = 42')")
    assert page.evaluate("second.runPython('import builtins; builtins.wasmlit_marker')") == 42
    homes = {page.evaluate(f"{name}.runPython('import os; os.getcwd()')") for name in ("first", "second")}
    assert len(homes) == 2 and all(home.startswith("/home/pyodide/apps/") for home in homes)

    # Sessions stay apart.
    first.get_by_role("button", name="Add one").click()
    first.get_by_role("button", name="Add one").click()
    expect(first.get_by_role("heading", name="First: 2 clicks")).to_be_visible()
    expect(second.get_by_role("heading", name="Second: 0 clicks")).to_be_visible()

    # A file written to one app reruns that app only.
    expect(second.get_by_text("runs: 1")).to_be_visible()
    page.evaluate("""first.writeFile("helper.py", 'NAME = "First, rewritten"')""")
    expect(first.get_by_role("heading", name="First, rewritten: 2 clicks")).to_be_visible()
    expect(second.get_by_text("runs: 1")).to_be_visible()
    expect(second.get_by_role("heading", name="Second: 0 clicks")).to_be_visible()

    # Streamlit's config is the first app's for all: the app that asked for another is told.
    expect(page.get_by_role("alert").filter(has_text="shares its Streamlit config")).to_have_count(1)

    # One app leaves; the others keep running.
    page.evaluate("first.unmount()")
    second.get_by_role("button", name="Add one").click()
    expect(second.get_by_role("heading", name="Second: 1 clicks")).to_be_visible()
