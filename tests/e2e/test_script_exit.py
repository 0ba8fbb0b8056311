"""`sys.exit(3)` or KeyboardInterrupt raised by a script end that run cleanly: the app says what
the script did, its Stop button goes away, and the next click runs the script again."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from .support import app_frame
from .test_mount_api import page_html, site_with_page

APP = """
import sys
import streamlit as st

st.session_state.setdefault("runs", 0)
st.session_state.runs += 1
st.text(f"runs: {st.session_state.runs}")
interrupt = st.button("Interrupt")
if st.button("Exit"):
    st.text("about to exit")
    sys.exit(3)
if interrupt:
    raise KeyboardInterrupt
st.text("reached the end")
"""


def test_sys_exit_ends_the_run_with_a_notice_and_the_next_click_works(page: Page, static_site, tmp_path: Path) -> None:
    html = page_html(f"wasmlit.mount(`{APP}`, document.getElementById('root'))")
    page.goto(static_site(site_with_page(tmp_path, html)))
    app = app_frame(page)
    expect(app.get_by_text("reached the end")).to_be_visible()

    app.get_by_role("button", name="Exit").click()
    expect(app.get_by_text("about to exit")).to_be_visible()
    expect(app.get_by_text("The script called sys.exit(3), so this run ended there.")).to_be_visible()
    expect(app.get_by_text("reached the end")).to_have_count(0)
    # The run is over: no Stop button, and the output is not left greyed out as stale.
    expect(app.get_by_role("button", name="Stop")).to_have_count(0)
    expect(app.get_by_text("runs: 2")).to_be_visible()

    app.get_by_role("button", name="Interrupt").click()
    expect(app.get_by_text("The script raised KeyboardInterrupt, so this run ended there.")).to_be_visible()
    expect(app.get_by_text("runs: 3")).to_be_visible()

    app.get_by_role("button", name="Exit").click()
    expect(app.get_by_text("runs: 4")).to_be_visible()
    expect(app.get_by_text("The script called sys.exit(3), so this run ended there.")).to_be_visible()
    # Nothing crashed on the way.
    expect(page.get_by_role("alert")).to_have_count(0)
