"""Links to a section, as in native Streamlit: following a heading's anchor puts
`#the-heading` in the page's URL, and opening that URL scrolls the app to the heading."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from .support import app_frame, write_app

LONG_APP = """
import streamlit as st
st.title("Top of the app")
st.container(height=3000, border=False).write("a tall part")
st.header("Far below")
st.write("the end")
"""


def test_a_heading_anchor_is_a_shareable_link(page: Page, serve_app, tmp_path: Path) -> None:
    url = serve_app(write_app(tmp_path / "app", LONG_APP))
    page.goto(url)
    app = app_frame(page)
    heading = app.get_by_role("heading", name="Far below")
    expect(heading).to_be_visible()
    heading.hover()
    heading.get_by_role("link", name="Link to heading").click()
    expect(page).to_have_url(url + "#far-below")

    # A person opens the shared link: the app scrolls to the section by itself.
    other = page.context.new_page()
    other.goto(url + "#far-below")
    shown = app_frame(other).get_by_role("heading", name="Far below")
    expect(shown).to_be_in_viewport()
    expect(app_frame(other).get_by_role("heading", name="Top of the app")).not_to_be_in_viewport()
    expect(other).to_have_url(url + "#far-below")
