"""The browser tab shows the app's page title and icon where the app is the page, as a tab
of native Streamlit does; a page that embeds an app keeps its own."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from .mount_site import make_site
from .support import app_frame, write_app

NAVIGATION_APP = """
import streamlit as st

def home():
    st.title("Home")

def second():
    st.title("Second")

def other():
    st.set_page_config(page_title="Other, <b>by config</b>", page_icon="🦊")
    st.title("Other")

pages = [st.Page(home, title="Home page"), st.Page(second, title="Second page"), st.Page(other, title="Other page")]
st.navigation(pages).run()
"""


def test_tab_title_and_icon_follow_the_app_and_its_pages(page: Page, serve_app, tmp_path: Path) -> None:
    page.goto(serve_app(write_app(tmp_path / "app", NAVIGATION_APP)))
    app = app_frame(page)
    expect(app.get_by_role("heading", name="Home")).to_be_visible()
    expect(page).to_have_title("Home page")

    app.get_by_role("link", name="Second page").click()
    expect(app.get_by_role("heading", name="Second")).to_be_visible()
    expect(page).to_have_title("Second page")

    app.get_by_role("link", name="Other page").click()
    expect(app.get_by_role("heading", name="Other")).to_be_visible()
    # Plain text: the app's markup is shown as written, never parsed into the page.
    expect(page).to_have_title("Other, <b>by config</b>")
    icon = page.locator("link[rel~='icon']").first
    # The data: URL Streamlit's frontend makes for an emoji icon (the emoji may be %-encoded).
    expect(icon).to_have_attribute("href", re.compile(r"^data:image/svg\+xml,.*(🦊|%F0%9F%A6%8A)"))


def test_a_page_that_keeps_its_own_title(page: Page, static_site, tmp_path: Path) -> None:
    code = 'import streamlit as st\nst.set_page_config(page_title="App title")\nst.title("Embedded")'
    mount = f"wasmlit.mount({{ files: {{ 'streamlit_app.py': {json.dumps(code)} }}, followAppTitle: false }}, document.body)"
    site = make_site(tmp_path / "site", f"<script>{mount}</script>")
    page.goto(static_site(site))
    app = app_frame(page)
    expect(app.get_by_role("heading", name="Embedded")).to_be_visible()
    frame = page.frame(url=re.compile(r"/frontend/"))
    assert frame is not None
    frame.wait_for_function("document.title === 'App title'")  # the app did set it...
    expect(page).to_have_title("A page of my own")  # ...and the page kept its own
