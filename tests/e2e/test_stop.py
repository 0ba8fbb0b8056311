"""Stop ends a script that never yields, and the app stays usable.

`wasmlit serve` makes its pages cross-origin isolated, so the page can interrupt a busy
worker through shared memory (packages/kernel/src/control-buffer.ts). On a page that is not
isolated, the same Stop cannot reach the script, and the page says so.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from .support import app_frame, stop_then_rerun, write_app

RUNAWAY_APP = """
import streamlit as st

name = st.text_input("Name")
st.write(f"Hello {name}!")
if st.button("Run forever"):
    st.write("looping")
    n = 0
    while True:
        n += 1
"""


def start_runaway_loop(page: Page) -> None:
    app = app_frame(page)
    expect(app.get_by_text("Hello !")).to_be_visible()
    app.get_by_role("button", name="Run forever").click()
    # Output written before the loop reaches the page although the script never yields.
    expect(app.get_by_text("looping")).to_be_visible()


def test_stop_ends_a_runaway_loop_and_the_app_answers_again(page: Page, serve_app, tmp_path: Path) -> None:
    page.goto(serve_app(write_app(tmp_path, RUNAWAY_APP)))
    assert page.evaluate("crossOriginIsolated")
    start_runaway_loop(page)
    app = app_frame(page)
    print(f"Stop took {stop_then_rerun(app, stop_timeout_ms=5_000):.2f} s")  # a figure, not a target


def test_widget_change_during_a_runaway_loop_reruns_the_app(page: Page, serve_app, tmp_path: Path) -> None:
    page.goto(serve_app(write_app(tmp_path, RUNAWAY_APP)))
    start_runaway_loop(page)
    app = app_frame(page)
    name = app.get_by_label("Name")
    name.fill("Grace")
    name.press("Enter")
    # As on a server with fast reruns: the busy run stops, the new one answers the change.
    expect(app.get_by_text("Hello Grace!")).to_be_visible(timeout=10_000)
    expect(app.get_by_text("looping")).to_have_count(0)


def test_a_runaway_loop_on_a_page_that_is_not_isolated_is_explained(page: Page, static_site, tmp_path: Path) -> None:
    from .test_mount_api import page_html, site_with_page

    source = RUNAWAY_APP.replace("\\", "\\\\").replace("`", "\\`")
    html = page_html(f"wasmlit.mount(`{source}`, document.getElementById('root'))")
    page.goto(static_site(site_with_page(tmp_path, html)))
    assert not page.evaluate("crossOriginIsolated")
    app = app_frame(page)
    expect(app.get_by_text("Hello !")).to_be_visible()
    # The busy worker cannot even send "Running…" (and its Stop button) to the frontend;
    # the page notices that the worker no longer answers and says why.
    app.get_by_role("button", name="Run forever").click()
    notice = page.get_by_role("alert")
    expect(notice).to_contain_text("cannot be stopped")
    expect(notice).to_contain_text("not cross-origin isolated")
