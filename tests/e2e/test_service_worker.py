"""The service worker as a person meets it: files the browser loads by itself come from the
app (static serving), and each tab is served by its own app, never another tab's."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .support import RUNTIME_DIR, app_frame, write_app
from .test_components import INDEX_HTML, MAIN_JS, V1_APP
from .test_export import export
from .test_media import png
from .test_multipage import site_with_bundle_at_root


def test_static_serving_of_the_app_folder(page: Page, static_site, tmp_path: Path) -> None:
    # `server.enableStaticServing`: the app's static/ folder at app/static/, loaded by <img>.
    site = site_with_bundle_at_root(
        tmp_path / "site",
        "{files: {'streamlit_app.py': {url: './app.py'}, 'static/red.png': {url: './red.png'}},"
        " streamlitConfig: {'server.enableStaticServing': true}}",
    )
    (site / "app.py").write_text(
        "import streamlit as st\n"
        "st.markdown('![a red square](app/static/red.png)')\n"
        "st.image('/app/static/red.png', caption='by st.image')\n"
        "st.write('static files ready')\n"
    )
    (site / "red.png").write_bytes(png(24, 12, (255, 0, 0)))
    page.goto(static_site(site))
    app = app_frame(page)
    expect(app.get_by_text("static files ready")).to_be_visible()
    for image in (app.get_by_role("img", name="a red square"), app.get_by_test_id("stImage").locator("img")):
        expect(image).to_be_visible()
        page.wait_for_function("img => img.complete && img.naturalWidth === 24", arg=image.element_handle())


TABS_APP = """
import streamlit as st
import streamlit.components.v1 as components
from starlette.responses import JSONResponse
from starlette.routing import Route

CALLS = []


async def count(request):
    CALLS.append(request.query_params.get("who"))
    return JSONResponse(CALLS)


app = st.App(__file__, routes=[Route("/api/count", count)])
who = st.query_params.get("who", "nobody")
st.title(f"Tab of {who}")
components.declare_component("greeter", path="greeter")(name=who)
"""


def test_each_tab_is_served_by_its_own_app(page: Page, serve_app, tmp_path: Path) -> None:
    folder = write_app(tmp_path / "app", TABS_APP)
    write_app(folder / "greeter", INDEX_HTML, name="index.html")
    write_app(folder / "greeter", MAIN_JS, name="main.js")
    write_app(folder / "greeter", "", name="style.css")
    url = serve_app(folder)
    tabs: dict[str, Page] = {"Ada": page, "Bob": page.context.new_page()}
    for who, tab in tabs.items():
        tab.goto(f"{url}?who={who}")
        expect(app_frame(tab).get_by_role("heading", name=f"Tab of {who}")).to_be_visible()

    for who, tab in tabs.items():
        # Each tab's component was loaded from (and talks to) that tab's own app.
        component = app_frame(tab).frame_locator("iframe[title='streamlit_app.greeter']")
        expect(component.locator("#greeting")).to_have_text(f"Hello, {who}!")

    # Each tab's fetches reach its own app: the calls each app saw are its tab's only.
    fetch = "(who) => fetch('api/count?who=' + who).then((r) => r.json())"
    assert tabs["Ada"].evaluate(fetch, "Ada") == ["Ada"]
    assert tabs["Bob"].evaluate(fetch, "Bob") == ["Bob"]
    assert tabs["Ada"].evaluate(fetch, "Ada") == ["Ada", "Ada"]

    # A route opened in a new tab names no tab: that tab runs its own app, which answers it;
    # neither of the other tabs' apps sees the call.
    stranger = page.context.new_page()
    stranger.goto(f"{url}api/count?who=stranger")
    expect(stranger.locator("pre")).to_have_text('["stranger"]')
    assert tabs["Bob"].evaluate(fetch, "Bob") == ["Bob", "Bob"]
    assert tabs["Ada"].evaluate(fetch, "Ada") == ["Ada", "Ada", "Ada"]


class _CorsFiles(http.server.SimpleHTTPRequestHandler):
    """A static host that lets other sites load its files (a CDN, as a bundle would be)."""

    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def cdn(tmp_path: Path) -> Iterator[str]:
    """The runtime bundle on another site (`localhost`, while pages are on 127.0.0.1)."""
    root = tmp_path / "cdn"
    root.mkdir()
    os.symlink(RUNTIME_DIR, root / "wasmlit")
    server = http.server.ThreadingHTTPServer(("localhost", 0), functools.partial(_CorsFiles, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{server.server_address[1]}/wasmlit/"
    server.shutdown()
    server.server_close()


def test_a_bundle_on_another_site_runs_the_app_and_components_say_why(
    page: Page, static_site, cdn: str, tmp_path: Path
) -> None:
    # No service worker can serve this page: the frontend is a third-party frame. Streamlit
    # itself runs through the boot script; a component's frame says what it would need.
    site = tmp_path / "site"
    write_app(site, V1_APP)
    for name, content in (("index.html", INDEX_HTML), ("main.js", MAIN_JS), ("style.css", "")):
        write_app(site / "greeter", content, name=name)
    files = ", ".join(
        f"'{name}': {{url: './{name}'}}"
        for name in ("streamlit_app.py", "greeter/index.html", "greeter/main.js", "greeter/style.css")
    )
    (site / "index.html").write_text(
        f"<!doctype html><html><head><meta charset='utf-8'><script src='{cdn}wasmlit.js'></script></head>"
        f"<body><script>wasmlit.mount({{files: {{{files}}}}}, document.body)</script></body></html>"
    )
    page.goto(static_site(site))
    app = app_frame(page)
    expect(app.get_by_text("component says: nothing yet")).to_be_visible()
    component = app.frame_locator("iframe[title='streamlit_app.greeter']")
    expect(component.locator("body")).to_contain_text("needs wasmlit's service worker")


def test_an_exported_site_serves_components_and_deep_links(page: Page, static_site, tmp_path: Path) -> None:
    # `wasmlit export` on a static host that knows nothing of the app (no 404.html support).
    app = write_app(tmp_path / "app", V1_APP)
    for name, content in (("index.html", INDEX_HTML), ("main.js", MAIN_JS), ("style.css", "")):
        write_app(app / "greeter", content, name=name)
    write_app(app / "pages", "import streamlit as st\nst.title('Second page')\n", name="second.py")
    export(app, tmp_path / "www" / "site")
    url = static_site(tmp_path / "www") + "site/"
    page.goto(url)
    frame = app_frame(page)
    component = frame.frame_locator("iframe[title='streamlit_app.greeter']")
    expect(component.locator("#greeting")).to_have_text("Hello, Ada!")

    frame.get_by_role("link", name="second").click()
    expect(page).to_have_url(url + "second")
    page.reload()
    expect(app_frame(page).get_by_role("heading", name="Second page")).to_be_visible()
