"""App HTML (`st.html`, `st.markdown(unsafe_allow_html=True)`) is drawn inside the app's
iframe, never in the page that mounts it."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from .support import app_frame, write_app

APP = """
import streamlit as st

st.html("<div id='from-st-html'><b>Bold from st.html</b><style>#from-st-html b { color: rgb(255, 0, 0); }</style></div>")
st.markdown("<span id='from-markdown'>Raw <i>HTML</i> in markdown</span>", unsafe_allow_html=True)
st.markdown("<script>window.parent.document.title = 'hijacked'</script>Script text stays inert", unsafe_allow_html=True)
"""


def test_html_stays_inside_the_app_frame(page: Page, serve_app, tmp_path: Path) -> None:
    page.goto(serve_app(write_app(tmp_path / "app", APP)))
    app = app_frame(page)
    bold = app.locator("#from-st-html b")
    expect(bold).to_have_text("Bold from st.html")
    expect(bold).to_have_css("color", "rgb(255, 0, 0)")  # its <style> applies, inside the frame
    expect(app.locator("#from-markdown i")).to_have_text("HTML")
    # Nothing of it in the host page's own document.
    assert page.locator("#from-st-html, #from-markdown").count() == 0
    assert "Bold from st.html" not in page.evaluate("document.documentElement.outerHTML")
    assert page.title() != "hijacked"
