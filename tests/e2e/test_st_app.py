"""An `st.App` in the entry point runs as Streamlit runs it (its routes, middleware and
lifespan), and its routes answer the browser's `fetch` through the service worker."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from .support import app_frame, write_app

APP = """
import contextlib

import streamlit as st
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import JSONResponse
from starlette.routing import Route

EVENTS = []


@contextlib.asynccontextmanager
async def lifespan(app):
    EVENTS.append("started")
    yield {"greeting": "hello"}


async def hello(request):
    name = request.query_params.get("name", "world")
    # st.App keeps what the lifespan yields in `app.state`.
    return JSONResponse({"greeting": app.state["greeting"], "name": name, "events": EVENTS})


async def echo(request):
    return JSONResponse({"received": (await request.json())["message"]})


class Stamp(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        response = await call_next(request)
        response.headers["x-stamped-by"] = "my middleware"
        return response


app = st.App(
    __file__,
    routes=[Route("/api/hello", hello), Route("/api/echo", echo, methods=["POST"])],
    middleware=[Middleware(Stamp)],
    lifespan=lifespan,
)
st.title("Page next to an API")
"""

FETCH_HELLO = """async (url) => {
  const response = await fetch(url);
  return { status: response.status, stamp: response.headers.get("x-stamped-by"), body: await response.json() };
}"""

POST_ECHO = """async (url) => {
  const response = await fetch(url, { method: "POST", body: JSON.stringify({ message: "ping" }),
                                      headers: { "content-type": "application/json" } });
  return await response.json();
}"""


def test_st_app_routes_answer_fetch(page: Page, serve_app, tmp_path: Path) -> None:
    url = serve_app(write_app(tmp_path / "app", APP))
    page.goto(url)
    app = app_frame(page)
    expect(app.get_by_role("heading", name="Page next to an API")).to_be_visible()

    # From the page a person has open (e.g. its devtools console, or the page's own script).
    answer = page.evaluate(FETCH_HELLO, "api/hello?name=Ada")
    assert answer == {
        "status": 200,
        "stamp": "my middleware",
        "body": {"greeting": "hello", "name": "Ada", "events": ["started"]},
    }
    assert page.evaluate(POST_ECHO, "/api/echo") == {"received": "ping"}

    # From inside the app (a component or st.html script would do the same).
    frame = page.main_frame.child_frames[0]
    answer = frame.evaluate(FETCH_HELLO, "/api/hello")
    assert answer["body"]["name"] == "world" and answer["stamp"] == "my middleware"

    # A path the app has no route for is left to the static host.
    assert page.evaluate("fetch('api/nothing-here').then((r) => r.status)") == 404


def test_routes_still_answer_after_the_browser_stops_the_service_worker(page: Page, serve_app, tmp_path: Path) -> None:
    # Browsers stop an idle service worker and start it again for the next request, with
    # its memory gone: which pages run an app must survive that.
    url = serve_app(write_app(tmp_path / "app", APP))
    page.goto(url)
    expect(app_frame(page).get_by_role("heading", name="Page next to an API")).to_be_visible()
    assert page.evaluate(FETCH_HELLO, "api/hello?name=before")["body"]["name"] == "before"

    devtools = page.context.new_cdp_session(page)
    devtools.send("ServiceWorker.enable")
    devtools.send("ServiceWorker.stopAllWorkers")

    assert page.evaluate(FETCH_HELLO, "api/hello?name=after")["body"]["name"] == "after"
    frame = page.main_frame.child_frames[0]
    assert frame.evaluate(FETCH_HELLO, "/api/hello?name=inside")["body"]["name"] == "inside"
