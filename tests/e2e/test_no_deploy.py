"""No "Deploy" in the header of an app that runs in the browser, even on localhost (where the
stock frontend offers it to developers); a page that chooses a toolbar mode keeps it."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page, expect

from .support import app_frame
from .test_mount_api import page_html, site_with_page

APP = json.dumps("import streamlit as st\nst.header('Toolbar check')")


def open_app(page: Page, static_site, tmp_path: Path, options: str) -> None:
    html = page_html(
        f"wasmlit.mount({{files: {{'streamlit_app.py': {APP}}}{options}}}, document.getElementById('root'))"
    )
    page.goto(static_site(site_with_page(tmp_path, html)))
    expect(app_frame(page).get_by_role("heading", name="Toolbar check")).to_be_visible()


def test_the_header_offers_no_deploy(page: Page, static_site, tmp_path: Path) -> None:
    open_app(page, static_site, tmp_path, "")
    app = app_frame(page)
    # The header is drawn: its main menu is there, Deploy is not.
    expect(app.get_by_test_id("stMainMenu")).to_be_visible()
    expect(app.get_by_test_id("stAppDeployButton")).to_have_count(0)
    expect(app.get_by_role("button", name="Deploy")).to_have_count(0)


def test_a_page_that_asks_for_the_developer_toolbar_keeps_it(page: Page, static_site, tmp_path: Path) -> None:
    open_app(page, static_site, tmp_path, ", streamlitConfig: {'client.toolbarMode': 'developer'}")
    # Stock behaviour for that choice on localhost: the developer's header, Deploy included.
    expect(app_frame(page).get_by_test_id("stAppDeployButton")).to_be_visible()
