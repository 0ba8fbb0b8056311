"""Multipage apps as a person uses them: the sidebar, the address bar, reload, Back.

The app's current page shows in the page's URL (`/second`); reloading or sharing that URL
opens the app at that page, served by `wasmlit serve` on a first visit and by the service
worker on any static host once it is installed.
"""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Page, expect

from .support import RUNTIME_DIR, app_frame, write_app

MAIN = "import streamlit as st\nst.title('Main page')\n"
SECOND = "import streamlit as st\nst.title('Second page')\nst.write('on the second page')\n"


def site_with_bundle_at_root(site: Path, mount_options: str) -> Path:
    """A static site as an export makes one: the runtime bundle at its root, next to an
    index.html that mounts the app full-page with `mount_options` (JavaScript)."""
    site.mkdir()
    for entry in RUNTIME_DIR.iterdir():
        os.symlink(entry, site / entry.name)
    (site / "index.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'><script src='./wasmlit.js'></script></head>"
        f"<body><script>wasmlit.mount({mount_options}, document.body)</script></body></html>"
    )
    return site


def pages_app(folder: Path) -> Path:
    write_app(folder, MAIN)
    write_app(folder / "pages", SECOND, name="second.py")
    return folder


def test_pages_folder_navigate_reload_and_go_back(page: Page, serve_app, tmp_path: Path) -> None:
    url = serve_app(pages_app(tmp_path / "app"))
    page.goto(url)
    app = app_frame(page)
    expect(app.get_by_role("heading", name="Main page")).to_be_visible()
    app.get_by_role("link", name="second").click()
    expect(app.get_by_role("heading", name="Second page")).to_be_visible()
    expect(page).to_have_url(url + "second")

    page.reload()
    expect(app_frame(page).get_by_role("heading", name="Second page")).to_be_visible()

    page.go_back()
    expect(page).to_have_url(url)
    expect(app_frame(page).get_by_role("heading", name="Main page")).to_be_visible()
    page.go_forward()
    expect(page).to_have_url(url + "second")
    expect(app_frame(page).get_by_role("heading", name="Second page")).to_be_visible()


NAVIGATION_APP = """
import streamlit as st

def home():
    st.title("Home")

def reports():
    st.title("Reports")
    st.write("report for", st.query_params.get("year", "no year"))

st.navigation([st.Page(home, title="Home"), st.Page(reports, title="Reports", url_path="reports")]).run()
"""


def test_navigation_deep_link_on_a_first_visit(page: Page, serve_app, tmp_path: Path) -> None:
    # A fresh browser: no service worker yet, so `wasmlit serve` answers /reports itself.
    url = serve_app(write_app(tmp_path / "app", NAVIGATION_APP))
    page.goto(url + "reports?year=2024")
    app = app_frame(page)
    expect(app.get_by_role("heading", name="Reports")).to_be_visible()
    expect(app.get_by_text("report for 2024")).to_be_visible()
    app.get_by_role("link", name="Home").click()
    expect(app.get_by_role("heading", name="Home")).to_be_visible()
    expect(page).to_have_url(url)


def test_deep_link_reload_on_a_plain_static_host(page: Page, static_site, tmp_path: Path) -> None:
    # A static host that knows nothing of the app (no fallback, no 404 page): after the
    # first visit, the service worker answers /second with the app's page.
    site = site_with_bundle_at_root(
        tmp_path / "site",
        "{files: {'streamlit_app.py': {url: './streamlit_app.py'}, 'pages/second.py': {url: './second.py'}}}",
    )
    (site / "streamlit_app.py").write_text(MAIN)
    (site / "second.py").write_text(SECOND)
    url = static_site(site)
    page.goto(url)
    app = app_frame(page)
    expect(app.get_by_role("heading", name="Main page")).to_be_visible()
    app.get_by_role("link", name="second").click()
    expect(page).to_have_url(url + "second")

    page.reload()
    expect(app_frame(page).get_by_role("heading", name="Second page")).to_be_visible()
    expect(app_frame(page).get_by_text("on the second page")).to_be_visible()
