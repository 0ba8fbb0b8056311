"""Query parameters as a person sees them: the page's URL goes into `st.query_params`, and
what the app sets there shows in the page's URL (and survives a reload)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from .support import RUNTIME_DIR, app_frame, write_app

APP = """
import streamlit as st

if st.button("Paint it blue"):
    st.query_params["color"] = "blue"
if st.button("Forget the animal"):
    del st.query_params["animal"]
st.write("animal:", st.query_params.get("animal", "none"), "color:", st.query_params.get("color", "none"))
"""


def test_query_params_both_ways(page: Page, serve_app, tmp_path: Path) -> None:
    url = serve_app(write_app(tmp_path / "app", APP))
    page.goto(url + "?animal=cat")
    app = app_frame(page)
    expect(app.get_by_text("animal: cat color: none")).to_be_visible()

    app.get_by_role("button", name="Paint it blue").click()
    expect(app.get_by_text("animal: cat color: blue")).to_be_visible()
    expect(page).to_have_url(url + "?animal=cat&color=blue")

    app.get_by_role("button", name="Forget the animal").click()
    expect(app.get_by_text("animal: none color: blue")).to_be_visible()
    expect(page).to_have_url(url + "?color=blue")

    page.reload()
    expect(app_frame(page).get_by_text("animal: none color: blue")).to_be_visible()


def test_query_params_on_a_page_of_my_own(page: Page, static_site, tmp_path: Path) -> None:
    # The app in a <div> of a hand-written page, the bundle in a subfolder: the page keeps
    # its own path, and its query string is the app's.
    os.symlink(RUNTIME_DIR, tmp_path / "wasmlit")
    (tmp_path / "streamlit_app.py").write_text(APP)
    (tmp_path / "demo.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'><script src='./wasmlit/wasmlit.js'></script></head>"
        "<body><h1>My demo</h1><div id='root'></div><script>wasmlit.mount({files: {'streamlit_app.py':"
        " {url: './streamlit_app.py'}}}, document.getElementById('root'))</script></body></html>"
    )
    page.goto(static_site(tmp_path) + "demo.html?animal=dog")
    app = app_frame(page)
    expect(app.get_by_text("animal: dog color: none")).to_be_visible()
    app.get_by_role("button", name="Paint it blue").click()
    expect(app.get_by_text("animal: dog color: blue")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/demo\.html\?animal=dog&color=blue$"))
    expect(page.get_by_role("heading", name="My demo")).to_be_visible()
