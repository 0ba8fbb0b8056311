"""Streamlit's keyboard shortcuts as a person uses them: a full-page app has the keyboard as
soon as it loads (`r` reruns, no click first); an embedded app only once clicked into, so
it never takes the keyboard from the page around it."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page, expect

from .mount_site import make_site
from .support import app_frame, write_app

COUNTER = """
import streamlit as st
st.session_state.runs = st.session_state.get("runs", 0) + 1
st.write(f"runs: {st.session_state.runs}")
"""


def test_r_reruns_a_full_page_app_right_after_load(page: Page, serve_app, tmp_path: Path) -> None:
    page.goto(serve_app(write_app(tmp_path / "app", COUNTER)))
    app = app_frame(page)
    expect(app.get_by_text("runs: 1")).to_be_visible()
    page.keyboard.press("r")
    expect(app.get_by_text("runs: 2")).to_be_visible()


def test_an_embedded_app_takes_the_keyboard_only_when_clicked(page: Page, static_site, tmp_path: Path) -> None:
    body = (
        '<input id="note" autofocus><div id="app"></div>'
        f"<script>wasmlit.mount({json.dumps(COUNTER)}, document.getElementById('app'))</script>"
    )
    page.goto(static_site(make_site(tmp_path / "site", body)))
    app = app_frame(page)
    expect(app.get_by_text("runs: 1")).to_be_visible()
    # The page's own field kept the keyboard while the app loaded and ran.
    note = page.locator("#note")
    expect(note).to_be_focused()
    page.keyboard.press("r")
    expect(note).to_have_value("r")

    app.get_by_text("runs: 1").click()
    page.keyboard.press("r")
    expect(app.get_by_text("runs: 2")).to_be_visible()


def test_a_full_page_app_framed_by_another_page_leaves_that_page_its_keyboard(
    page: Page, static_site, tmp_path: Path
) -> None:
    # As the sharing editor frames its preview: the app fills its own page, but that page is
    # an iframe of another origin where the person is typing. Its load must not take the keys.
    inner = static_site(
        make_site(tmp_path / "site", f"<script>wasmlit.mount({json.dumps(COUNTER)}, document.body)</script>")
    )
    outer = tmp_path / "outer"
    outer.mkdir()
    (outer / "index.html").write_text(
        f'<input id="note" autofocus><iframe id="embed" src="{inner}" style="width: 800px; height: 600px"></iframe>'
    )
    page.goto(static_site(outer))
    app = page.frame_locator("#embed").frame_locator("iframe[title='Streamlit app']")
    expect(app.get_by_text("runs: 1")).to_be_visible()
    note = page.locator("#note")
    expect(note).to_be_focused()
    page.keyboard.press("r")
    expect(note).to_have_value("r")
