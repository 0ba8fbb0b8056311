"""Synchronous HTTP in an app reaches a CORS-enabled API through the browser's fetch (JSPI),
with no synchronous XMLHttpRequest: `requests`, `urllib.request`, `httpx` (sync and async)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, Request, expect

from .cors_server import cors_server  # noqa: F401  (fixture)
from .support import app_frame, write_app

HTTP_APP = """
import json
import urllib.request

import httpx
import requests
import streamlit as st

API = "{api}"

planet = requests.get(API + "/planet", timeout=10).json()
st.write(f"requests says {{planet['planet']}} has {{planet['moons']}} moons")
echo = requests.post(API + "/echo", json={{"sent": "by requests"}}).json()
st.write(f"echoed {{echo['echo']['sent']}}")

with urllib.request.urlopen(API + "/planet") as response:
    st.write(f"urllib says {{json.load(response)['planet']}}")
try:
    urllib.request.urlopen(API + "/nowhere")
except urllib.error.HTTPError as error:
    st.write(f"urllib got HTTP {{error.code}}")

st.write(f"httpx says {{httpx.get(API + '/planet').json()['planet']}}")

async def with_async_client():
    async with httpx.AsyncClient() as client:
        return (await client.get(API + "/planet")).json()["moons"]

st.write(f"httpx.AsyncClient counts {{await with_async_client()}} moons")
"""


def test_sync_http_clients_reach_a_cors_api(page: Page, serve_app, cors_server: str, tmp_path: Path) -> None:  # noqa: F811
    kinds: list[str] = []  # how each request to the API left the browser

    def watch(request: Request) -> None:
        if request.url.startswith(cors_server):
            kinds.append(request.resource_type)

    page.on("request", watch)
    page.goto(serve_app(write_app(tmp_path, HTTP_APP.format(api=cors_server))))
    app = app_frame(page)
    expect(app.get_by_text("requests says Mars has 2 moons")).to_be_visible()
    expect(app.get_by_text("echoed by requests")).to_be_visible()
    expect(app.get_by_text("urllib says Mars")).to_be_visible()
    expect(app.get_by_text("urllib got HTTP 404")).to_be_visible()
    expect(app.get_by_text("httpx says Mars")).to_be_visible()
    expect(app.get_by_text("httpx.AsyncClient counts 2 moons")).to_be_visible()
    assert len(kinds) == 6 and set(kinds) == {"fetch"}, f"not all through fetch: {kinds}"
