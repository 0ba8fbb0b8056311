"""Which paths the app answers (the service worker asks before routing a request to it)."""

from __future__ import annotations

from collections.abc import Callable

from tests.unit.conftest import run, serving

ST_APP = """
import streamlit as st
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route


async def hello(request):
    return JSONResponse({"hello": "world"})


app = st.App(__file__, routes=[Route("/api/hello", hello), Mount("/files", routes=[Route("/one", hello)])])
st.title("Page next to an API")
"""


def answers(entry: str, config: dict[str, object], probes: list[tuple[str, str]]) -> list[bool]:
    async def main() -> list[bool]:
        async with serving(entry, config) as server:
            return [server.answers(method, path) for method, path in probes]

    return run(main())


def test_streamlit_routes_are_answered_and_other_paths_are_not(write_app: Callable[..., str]) -> None:
    entry = write_app("import streamlit as st\nst.write('x')\n")
    probes = [
        ("GET", "/_stcore/health"),
        ("GET", "/media/abc.png"),
        ("GET", "/component/my.component/index.html"),
        ("GET", "/"),
        ("GET", "/logo.png"),
        ("GET", "/app/static/cat.png"),
    ]
    assert answers(entry, {}, probes) == [True, True, True, False, False, False]
    # Static serving adds its route.
    assert answers(entry, {"server.enableStaticServing": True}, probes[-1:]) == [True]


def test_st_app_routes_are_answered(write_app: Callable[..., str]) -> None:
    entry = write_app(ST_APP, name="api_app.py")
    probes = [
        ("GET", "/api/hello"),
        ("POST", "/api/hello"),  # the app answers 405, as a server would
        ("GET", "/files/one"),
        ("GET", "/api/other"),
        ("GET", "/_stcore/health"),
    ]
    assert answers(entry, {}, probes) == [True, True, True, False, True]
