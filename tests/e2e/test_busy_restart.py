"""Where the page cannot interrupt Python (not cross-origin isolated), the busy notice offers
"Restart the app": a fresh worker boots the app with its current files, and it answers again."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from .support import app_frame
from .test_mount_api import page_html, site_with_page
from .test_stop import RUNAWAY_APP


def test_restart_from_the_busy_notice_on_a_page_that_is_not_isolated(page: Page, static_site, tmp_path: Path) -> None:
    source = RUNAWAY_APP.replace("\\", "\\\\").replace("`", "\\`")
    page.goto(
        static_site(site_with_page(tmp_path, page_html(f"wasmlit.mount(`{source}`, document.getElementById('root'))")))
    )
    assert not page.evaluate("crossOriginIsolated")
    app = app_frame(page)
    expect(app.get_by_text("Hello !")).to_be_visible()
    page.evaluate("controller.writeFile('extra.txt', 'kept across the restart')")

    app.get_by_role("button", name="Run forever").click()
    notice = page.get_by_role("alert").filter(has_text="cannot be stopped")
    notice.get_by_role("button", name="Restart the app").click()

    expect(notice).to_have_count(0)
    name = app.get_by_label("Name")
    name.fill("Ada")
    name.press("Enter")
    expect(app.get_by_text("Hello Ada!")).to_be_visible()
    assert page.evaluate("controller.readFile('extra.txt', {encoding: 'utf8'})") == "kept across the restart"
