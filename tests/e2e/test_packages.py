"""Packages an app needs, as a person sees them: one resolution (pip's, for Pyodide) under
`wasmlit serve` and in exports, nothing fetched from third parties when PyPI has the wheel,
and one clear notice per package that cannot be had."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, expect

from .conftest import BOOT_TIMEOUT_MS, CHROMIUM_ARGS
from .support import REPO, app_frame, write_app
from .test_export import export, http_server, record_requests  # noqa: F401  (http_server: a fixture)

FLUXLIT = REPO / "examples" / "fluxlit"

FETCH_JSON = "(url) => fetch(url).then(async (r) => ({ status: r.status, body: await r.json() }))"
NOTICES = ".wasmlit-problem, .wasmlit-error"


def third_party(requests: list[str]) -> list[str]:
    return [
        url for url in requests if urlsplit(url).scheme in ("http", "https") and urlsplit(url).hostname != "127.0.0.1"
    ]


def expect_fluxlit(page: Page, url: str, requests: list[str]) -> None:
    page.goto(url)
    expect(app_frame(page).get_by_role("heading", name="Items")).to_be_visible()
    expect(app_frame(page).get_by_text("Item 21: Widget at 2.50")).to_be_visible()

    # The page, the app's frame and a new tab all reach FastAPI; pydantic validates.
    assert page.evaluate(FETCH_JSON, "api/items/21") == {
        "status": 200,
        "body": {"id": 21, "name": "Widget", "price": 2.5},
    }
    frame = page.main_frame.child_frames[0]
    assert frame.evaluate(FETCH_JSON, "/api/items/404")["status"] == 404
    invalid = page.evaluate(
        """() => fetch("api/items", { method: "POST", headers: { "content-type": "application/json" },
                                      body: JSON.stringify({ id: 7, name: "", price: -1 }) }).then((r) => r.status)"""
    )
    assert invalid == 422  # pydantic refused an empty name and a negative price
    openapi = page.evaluate(FETCH_JSON, "api/openapi.json")
    assert openapi["status"] == 200 and "/items/{item_id}" in openapi["body"]["paths"]

    # The script calls its own API with requests, at the app's own URL, and is answered.
    app_frame(page).get_by_role("button", name="Ask the API").click()
    expect(app_frame(page).get_by_text("The API answered 200: Widget")).to_be_visible()

    tab = page.context.new_page()
    tab.goto(url + "api/items/21")
    expect(tab.locator("pre")).to_have_text('{"id":21,"name":"Widget","price":2.5}')
    assert third_party(requests) == []
    assert page.locator(NOTICES).all_inner_texts() == []


def test_fastapi_and_pydantic_under_serve_come_from_pypi_through_the_dev_server(
    page: Page, serve_app, tmp_path: Path
) -> None:
    app = shutil.copytree(FLUXLIT, tmp_path / "fluxlit")
    requests = record_requests(page)
    expect_fluxlit(page, serve_app(app), requests)
    # pydantic-core is PyPI's wasm wheel (Pyodide's lock pins a version PyPI has no wasm wheel of).
    assert any(
        re.search(r"/pyodide/pydantic_core-[\d.]+-cp314-cp314-pyemscripten_2026_0_wasm32\.whl$", u) for u in requests
    )


def test_fastapi_and_pydantic_from_an_export_on_a_plain_static_server(page: Page, http_server, tmp_path: Path) -> None:
    output = export(shutil.copytree(FLUXLIT, tmp_path / "fluxlit"), tmp_path / "site")
    for package in ("fastapi", "pydantic", "pydantic-core", "annotated-types"):
        assert re.search(rf"vendored\s+{package} \S+\s+from PyPI", output), output
    requests = record_requests(page)
    expect_fluxlit(page, http_server(tmp_path / "site"), requests)


def test_rich_loads_with_no_third_party_request(page: Page, serve_app, tmp_path: Path) -> None:
    app = write_app(
        tmp_path / "app",
        "import rich\nimport streamlit as st\nfrom rich.text import Text\n"
        "st.write('rich says ' + Text.from_markup('[bold]hello[/bold]').plain)\n",
    )
    requests = record_requests(page)
    page.goto(serve_app(app))
    expect(app_frame(page).get_by_text("rich says hello")).to_be_visible()
    assert third_party(requests) == []
    assert any(re.search(r"/pyodide/rich-[\d.]+-py3-none-any\.whl$", url) for url in requests), requests


JINJA_APP = (
    "import jinja2\nimport streamlit as st\n"
    "template = jinja2.Environment(autoescape=True).from_string('Hello {{ name }}!')\n"
    "st.text(template.render(name='<b>Ada</b>'))\n"
)
# MarkupSafe, which Jinja2 needs, has no wasm wheel on PyPI: it is built from its source on PyPI as
# plain Python (Pyodide's build is on its CDN, a third party).
PLAIN_MARKUPSAFE = re.compile(r"/markupsafe-[\d.]+-py3-none-any\.whl$")


def test_jinja2_under_serve_loads_with_no_third_party_request(page: Page, serve_app, tmp_path: Path) -> None:
    requests = record_requests(page)
    page.goto(serve_app(write_app(tmp_path / "app", JINJA_APP)))
    expect(app_frame(page).get_by_text("Hello &lt;b&gt;Ada&lt;/b&gt;!")).to_be_visible()  # MarkupSafe escaped it
    assert third_party(requests) == []
    assert any(PLAIN_MARKUPSAFE.search(url) for url in requests), requests


def test_jinja2_from_an_export_loads_with_no_third_party_request(page: Page, http_server, tmp_path: Path) -> None:
    output = export(write_app(tmp_path / "app", JINJA_APP), tmp_path / "site")
    assert re.search(r"vendored\s+markupsafe \S+\s+built from its source on PyPI as plain Python", output), output
    requests = record_requests(page)
    page.goto(http_server(tmp_path / "site"))
    expect(app_frame(page).get_by_text("Hello &lt;b&gt;Ada&lt;/b&gt;!")).to_be_visible()
    assert third_party(requests) == []
    assert any(PLAIN_MARKUPSAFE.search(url) for url in requests), requests


def test_a_package_that_exists_nowhere_is_one_notice_and_the_app_still_runs(
    page: Page, serve_app, tmp_path: Path
) -> None:
    app = write_app(
        tmp_path / "app",
        "import streamlit as st\n"
        "try:\n    import wasmlit_nowhere_pkg\nexcept ImportError:\n    wasmlit_nowhere_pkg = None\n"
        "st.write('running without it' if wasmlit_nowhere_pkg is None else 'found it')\n",
    )
    page.goto(serve_app(app))
    expect(app_frame(page).get_by_text("running without it")).to_be_visible()
    notice = page.locator(NOTICES)
    expect(notice).to_have_count(1)
    expect(notice).to_contain_text("The package wasmlit-nowhere-pkg could not be loaded from http://127.0.0.1:")
    expect(notice).to_contain_text("/_pypi/simple/wasmlit-nowhere-pkg/")
    expect(notice).to_contain_text("What to do")


def test_an_st_app_whose_package_is_missing_shows_only_that_error(page: Page, serve_app, tmp_path: Path) -> None:
    app = write_app(
        tmp_path / "app",
        "import streamlit as st\nimport wasmlit_nowhere_pkg\napp = st.App(__file__)\nst.title('never')\n",
    )
    page.goto(serve_app(app))
    error = page.locator(".wasmlit-error")
    expect(error).to_contain_text("The app could not start: The package wasmlit-nowhere-pkg could not be loaded from")
    expect(page.locator(NOTICES)).to_have_count(1)
    # The frontend's own "Connection error" modal would repeat the same failure: it is not shown.
    expect(page.locator("iframe[title='Streamlit app']")).to_be_hidden()


def test_a_chart_without_an_altair_import_asks_for_altair_and_says_why_it_failed(
    page: Page, serve_app, tmp_path: Path
) -> None:
    # The app never imports altair: st.line_chart does, deep inside Streamlit.
    app = write_app(
        tmp_path / "app",
        "import streamlit as st\nst.write('before the chart')\nst.line_chart({'a': [1, 2, 3]})\n",
    )
    requests = record_requests(page)
    page.goto(serve_app(app))
    expect(app_frame(page).get_by_text("before the chart")).to_be_visible()
    notice = page.locator(".wasmlit-problem")
    # Here the Pyodide CDN is unreachable: the one notice names altair and the URL tried.
    expect(notice).to_contain_text(
        re.compile(r"The package altair could not be loaded from https://\S+/altair-[\d.]+-py3-none-any\.whl")
    )
    assert len(notice.all_inner_texts()) == 1, notice.all_inner_texts()
    assert any(re.search(r"/altair-[\d.]+-py3-none-any\.whl$", url) for url in requests), requests


FASTLIT = REPO / "examples" / "fastlit"
METRICS = "() => fetch('_wasmlit/metrics').then((r) => r.json())"


def add_note(page: Page, text: str) -> None:
    app = app_frame(page)
    app.get_by_role("textbox", name="Note").fill(text)
    app.get_by_role("button", name="Save").click()
    expect(app.get_by_text(text)).to_be_visible()


def test_fastlit_sql_connection_on_a_persisted_folder_survives_reload_and_restart(
    browser: Browser, serve_app, tmp_path: Path
) -> None:
    url = serve_app(shutil.copytree(FASTLIT, tmp_path / "fastlit"), "--persist", "data")
    profile = tmp_path / "profile"
    for visit, notes in ((1, []), (2, ["first note", "after reload"])):
        context = browser.browser_type.launch_persistent_context(
            str(profile), executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.set_default_timeout(BOOT_TIMEOUT_MS)
            page.goto(url)
            app = app_frame(page)
            expect(app.get_by_text(f"{len(notes)} notes")).to_be_visible()
            for note in notes:
                expect(app.get_by_text(note)).to_be_visible()
            if visit == 1:
                add_note(page, "first note")
                page.reload()
                expect(app_frame(page).get_by_text("1 notes")).to_be_visible()
                add_note(page, "after reload")
            else:
                # Runtime metrics, from the app's own route and from the mount controller.
                served = page.evaluate(METRICS)
                assert served["reruns"]["count"] >= 1 and served["reruns"]["latency_ms"]["p50"] > 0
                assert "start Streamlit" in served["boot_phases_ms"] and served["worker_heap_bytes"] > 0
                controller = page.evaluate("() => app.metrics()")
                assert controller["boot_phases_ms"] == served["boot_phases_ms"]
        finally:
            context.close()
