"""A v1 custom component is told the app's URL (`streamlitUrl`), as on a server: the page
the person has open, not the runtime's internal frontend folder. Page links and
`st.context.url` name it too."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from .support import app_frame, write_app

INDEX_HTML = """<!doctype html>
<html><head><meta charset="utf-8"></head><body><p id="url">no URL yet</p>
<script>
document.getElementById("url").textContent = new URLSearchParams(location.search).get("streamlitUrl");
window.parent.postMessage({ isStreamlitMessage: true, type: "streamlit:componentReady", apiVersion: 1 }, "*");
</script></body></html>
"""

# Declared in a module of the app: a page script is no module to declare a component in.
COMPONENT = """
from pathlib import Path
import streamlit.components.v1 as components

where = components.declare_component("where", path=str(Path(__file__).parent / "where"))
"""

SHOW_URL = """
import streamlit as st
from where_component import where

st.title("{title}")
st.write(f"context url: {{st.context.url}}")
where(key="where")
"""


def test_a_v1_component_sees_the_apps_url(page: Page, serve_app, tmp_path: Path) -> None:
    folder = write_app(tmp_path / "app", SHOW_URL.format(title="Main page"))
    write_app(folder / "pages", SHOW_URL.format(title="Second page"), name="second.py")
    write_app(folder, COMPONENT, name="where_component.py")
    write_app(folder / "where", INDEX_HTML, name="index.html")
    url = serve_app(folder)
    page.goto(url + "?q=1")
    app = app_frame(page)
    expect(app.get_by_role("heading", name="Main page")).to_be_visible()
    # As native Streamlit gives it: no trailing "/", the page path after the app's URL.
    expect(app.get_by_text(f"context url: {url.removesuffix('/')}", exact=True)).to_be_visible()
    component = app.frame_locator("iframe[title='where_component.where']")
    expect(component.locator("#url")).to_have_text(url)

    # Page links name the app's pages too (they open in a new tab), not the frontend's folder.
    expect(app.get_by_role("link", name="second")).to_have_attribute("href", url + "second")
    app.get_by_role("link", name="second").click()
    expect(app.get_by_role("heading", name="Second page")).to_be_visible()
    expect(app.get_by_text(f"context url: {url}second", exact=True)).to_be_visible()
    component = app.frame_locator("iframe[title='where_component.where']")
    expect(component.locator("#url")).to_have_text(url + "second")
