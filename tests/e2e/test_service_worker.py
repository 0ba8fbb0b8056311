"""The service worker as a person meets it: files the browser loads by itself come from the
app (static serving), and each tab is served by its own app, never another tab's."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from .support import app_frame, write_app
from .test_components import INDEX_HTML, MAIN_JS
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


TABS_APP = '''
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
'''


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

    # A URL opened in a new tab names no tab and no app: it is not handed to either app.
    stranger = page.context.new_page()
    response = stranger.goto(f"{url}api/count?who=stranger")
    assert response is not None and response.status == 404
    assert tabs["Bob"].evaluate(fetch, "Bob") == ["Bob", "Bob"]
