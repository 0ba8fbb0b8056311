"""An exported site is cross-origin isolated on a plain static host, through wasmlit's service
worker: a fresh visit reloads once, then Stop reaches a script that never yields and what the
script wrote before its loop shows. `--no-isolation` and a host without the service worker
leave the page as it is, and the busy notice offers Restart instead."""

from __future__ import annotations

import time
from pathlib import Path

from playwright.sync_api import Page, expect

from .conftest import _QuietHandler
from .support import app_frame, stop_then_rerun, write_app
from .test_export import export

SPINNING_APP = """
import streamlit as st

name = st.text_input("Name")
st.write(f"Hello {name}!")
if st.button("Spin"):
    st.write("spinning")
    while True:
        pass
"""

NAVIGATION_TYPE = "performance.getEntriesByType('navigation')[0].type"


def exported(tmp_path: Path, *options: str) -> Path:
    site = tmp_path / "site"
    export(write_app(tmp_path / "app", SPINNING_APP), site, *options)
    return site


def spin(page: Page) -> float:
    """Start the loop; seconds until its output showed."""
    app = app_frame(page)
    expect(app.get_by_text("Hello !")).to_be_visible()
    clicked = time.monotonic()
    app.get_by_role("button", name="Spin").click()
    expect(app.get_by_text("spinning")).to_be_visible(timeout=10_000)
    return time.monotonic() - clicked


def test_an_export_on_a_static_host_is_isolated_and_stop_ends_a_busy_loop(
    page: Page, static_site, tmp_path: Path
) -> None:
    url = static_site(exported(tmp_path))
    page.goto(url)
    app = app_frame(page)
    expect(app.get_by_text("Hello !")).to_be_visible()
    assert page.evaluate("crossOriginIsolated")
    assert page.evaluate(NAVIGATION_TYPE) == "reload"  # the one automatic reload of a fresh visit

    print(f"output before the loop showed after {spin(page):.2f} s")
    stop_then_rerun(app)

    # A later visit is served by the service worker from the start: isolated, no reload.
    page.goto(url)
    expect(app_frame(page).get_by_text("Hello !")).to_be_visible()
    assert page.evaluate("crossOriginIsolated")
    assert page.evaluate(NAVIGATION_TYPE) == "navigate"


def busy_notice_offers_restart(page: Page) -> None:
    app = app_frame(page)
    app.get_by_role("button", name="Spin").click()
    notice = page.get_by_role("alert").filter(has_text="not cross-origin isolated")
    notice.get_by_role("button", name="Restart the app").click()
    expect(notice).to_have_count(0)
    expect(app.get_by_text("Hello !")).to_be_visible()


def test_no_isolation_export_stays_as_it_is(page: Page, static_site, tmp_path: Path) -> None:
    page.goto(static_site(exported(tmp_path, "--no-isolation")))
    expect(app_frame(page).get_by_text("Hello !")).to_be_visible()
    assert not page.evaluate("crossOriginIsolated")
    assert page.evaluate(NAVIGATION_TYPE) == "navigate"
    busy_notice_offers_restart(page)


class _NoServiceWorker(_QuietHandler):
    """A host where the service worker cannot run (its script is missing)."""

    def do_GET(self) -> None:
        if self.path.split("?")[0].endswith("wasmlit-sw.js"):
            self.send_error(404)
        else:
            super().do_GET()


def test_without_a_service_worker_the_app_runs_and_the_busy_notice_explains(
    page: Page, static_site, tmp_path: Path
) -> None:
    page.goto(static_site(exported(tmp_path), _NoServiceWorker))
    expect(app_frame(page).get_by_text("Hello !")).to_be_visible()
    assert not page.evaluate("crossOriginIsolated")
    assert page.evaluate(NAVIGATION_TYPE) == "navigate"  # nothing to reload for
    busy_notice_offers_restart(page)
