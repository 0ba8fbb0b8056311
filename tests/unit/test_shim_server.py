"""AppServer end to end on CPython: real Streamlit, the shim's patches, the in-process driver."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from wasmlit_shim.server import AppServer

from tests.unit.conftest import StreamSession, elements, last_run, run, serving, texts

HELLO = """
import streamlit as st
st.title("Hello")
name = st.text_input("Name", key="name")
st.write(f"Echo: {name}")
"""


def test_health(write_app: Callable[..., str]) -> None:
    async def main() -> None:
        async with serving(write_app(HELLO)) as server:
            response = await server.http("GET", "/_stcore/health", "", [], b"")
            assert response.status == 200
            assert response.body == b"ok"
            host_config = await server.http("GET", "/_stcore/host-config", "", [], b"")
            assert host_config.status == 200
            assert b"allowedOrigins" in host_config.body

    run(main())


def test_session_renders_and_widget_rerun_echoes(write_app: Callable[..., str]) -> None:
    async def main() -> tuple[list[str], list[str], float]:
        async with serving(write_app(HELLO)) as server:
            session = StreamSession(server)
            session.rerun()
            first = await session.wait_for_runs(1)
            widget = next(e.text_input for e in elements(first) if e.WhichOneof("type") == "text_input")
            started = time.perf_counter()
            session.rerun([(widget.id, "string_value", "Ada")])
            second = await session.wait_for_runs(2)
            rerun_seconds = time.perf_counter() - started
            session.ws.disconnect()
            return texts(first), texts(last_run(second)), rerun_seconds

    first, second, rerun_seconds = run(main())
    assert "Hello" in first
    assert "Echo:" in first
    assert "Echo: Ada" in second
    assert rerun_seconds < 5


def test_top_level_await_between_writes(write_app: Callable[..., str]) -> None:
    app = """
import asyncio
import streamlit as st
st.write("before")
await asyncio.sleep(0.01)
st.write("after")
"""

    async def main() -> list[str]:
        async with serving(write_app(app)) as server:
            session = StreamSession(server)
            session.rerun()
            return texts(await session.wait_for_runs(1))

    found = run(main())
    assert found.index("before") < found.index("after")


def test_deltas_stream_while_the_script_awaits(write_app: Callable[..., str]) -> None:
    app = """
import asyncio
import streamlit as st
st.write("first")
await asyncio.sleep(0.5)
st.write("second")
"""

    async def main() -> tuple[list[str], list[str]]:
        async with serving(write_app(app)) as server:
            session = StreamSession(server)
            session.rerun()
            await asyncio.sleep(0.3)
            during = texts(session.messages)
            return during, texts(await session.wait_for_runs(1))

    during, after = run(main())
    assert "first" in during and "second" not in during
    assert "second" in after


def test_rerun_request_interrupts_the_running_script(write_app: Callable[..., str]) -> None:
    # Upstream semantics: a rerun request raises RerunException at the script's next
    # Streamlit call; the interrupted run never reaches its end.
    app = """
import asyncio
import streamlit as st
if "runs" not in st.session_state:
    st.session_state.runs = 0
st.session_state.runs += 1
run_number = st.session_state.runs
for step in range(20):
    st.write(f"run {run_number} step {step}")
    if run_number == 1:
        await asyncio.sleep(0.05)
st.write(f"run {run_number} done")
"""

    async def main() -> list[str]:
        async with serving(write_app(app)) as server:
            session = StreamSession(server)
            session.rerun()
            await asyncio.sleep(0.2)
            session.rerun()
            await session.wait_for_runs(1)
            deadline = time.monotonic() + 10
            while not any("run 2 done" in t for t in texts(session.messages)):
                assert time.monotonic() < deadline, session.describe()
                await asyncio.sleep(0.01)
            return texts(session.messages)

    found = run(main())
    assert "run 1 done" not in found
    assert "run 2 done" in found


def test_exception_is_shown_and_next_rerun_works(write_app: Callable[..., str]) -> None:
    app = """
import streamlit as st
if "runs" not in st.session_state:
    st.session_state.runs = 0
st.session_state.runs += 1
st.write(f"run {st.session_state.runs}")
if st.session_state.runs == 1:
    raise ValueError("boom in the app")
st.write("recovered")
"""

    async def main() -> tuple[list[object], list[str]]:
        async with serving(write_app(app)) as server:
            session = StreamSession(server)
            session.rerun()
            first = await session.wait_for_runs(1)
            session.rerun()
            second = await session.wait_for_runs(2)
            return elements(first), texts(last_run(second))

    first_elements, second = run(main())
    exceptions = [e.exception for e in first_elements if e.WhichOneof("type") == "exception"]
    assert exceptions and exceptions[0].type == "ValueError"
    assert "boom in the app" in exceptions[0].message
    assert "recovered" in second


def test_syntax_error_is_shown(write_app: Callable[..., str]) -> None:
    # As upstream: a compile error is reported as the session event's exception (the
    # frontend shows it in place of the app), not as a crash of the runner.
    async def main() -> list[object]:
        async with serving(write_app("import streamlit as st\nst.write('x'\n")) as server:
            session = StreamSession(server)
            session.rerun()
            await session.wait_for_runs(1)
            return [
                m.session_event.script_compilation_exception
                for m in session.messages
                if m.WhichOneof("type") == "session_event" and m.session_event.HasField("script_compilation_exception")
            ]

    exceptions = run(main())
    assert exceptions, "no compilation exception was sent"
    assert exceptions[0].type == "SyntaxError"
    assert "was never closed" in exceptions[0].message


def test_st_app_route_answers_over_http(write_app: Callable[..., str]) -> None:
    app = """
import streamlit as st
from starlette.responses import JSONResponse
from starlette.routing import Route


async def hello(request):
    return JSONResponse({"hello": request.query_params.get("name", "world")})


app = st.App(__file__, routes=[Route("/api/hello", hello)])
st.title("Page next to an API")
"""

    async def main() -> tuple[int, bytes, list[str]]:
        async with serving(write_app(app, name="api_app.py")) as server:
            response = await server.http("GET", "/api/hello", "name=wasm", [], b"")
            session = StreamSession(server)
            session.rerun()
            return response.status, response.body, texts(await session.wait_for_runs(1))

    status, body, found = run(main())
    assert status == 200
    assert body == b'{"hello":"wasm"}'
    assert "Page next to an API" in found


def test_server_can_start_again_after_stop(write_app: Callable[..., str]) -> None:
    async def main() -> None:
        for title in ("One", "Two"):
            async with serving(write_app(f"import streamlit as st\nst.title({title!r})\n")) as server:
                session = StreamSession(server)
                session.rerun()
                assert title in texts(await session.wait_for_runs(1))

    run(main())


def test_config_defaults_app_config_and_overrides(write_app: Callable[..., str]) -> None:
    entry = write_app(
        "import streamlit as st\nst.write('x')\n",
        files={".streamlit/config.toml": '[theme]\nprimaryColor = "#ff0000"\n[client]\ntoolbarMode = "viewer"\n'},
    )

    async def main() -> dict[str, object]:
        from streamlit import config

        async with serving(entry, {"client.toolbarMode": "minimal", "theme.base": "dark"}):
            keys = [
                "server.fileWatcherType",
                "server.enableXsrfProtection",
                "runner.postScriptGC",
                "theme.primaryColor",
                "client.toolbarMode",
                "theme.base",
            ]
            return {key: config.get_option(key) for key in keys}

    assert run(main()) == {
        "server.fileWatcherType": "none",
        "server.enableXsrfProtection": False,
        "runner.postScriptGC": False,
        "theme.primaryColor": "#ff0000",  # the app's own .streamlit/config.toml
        "client.toolbarMode": "minimal",  # the caller's option beats the app's file
        "theme.base": "dark",
    }


def test_websocket_close_and_disconnect(write_app: Callable[..., str]) -> None:
    async def main() -> tuple[list[tuple[int, str]], bool]:
        server = await AppServer.start(write_app(HELLO))
        session = StreamSession(server)
        session.rerun()
        await session.wait_for_runs(1)
        # A browser-side disconnect: no close callback (the browser already knows).
        session.ws.disconnect(1001)
        await asyncio.sleep(0.05)
        after_disconnect = list(session.closes)
        # A second session is closed by the server when it stops.
        other = StreamSession(server)
        other.rerun()
        await other.wait_for_runs(1)
        await server.stop()
        return after_disconnect, bool(other.closes)

    after_disconnect, other_closed = run(main())
    assert after_disconnect == []
    assert other_closed


def test_user_traceback_has_no_wasmlit_frames(write_app: Callable[..., str]) -> None:
    # Streamlit hides its own frames from the user's traceback; the shim must add none.
    app = """
import asyncio
import streamlit as st

def fail():
    raise KeyError("missing")

await asyncio.sleep(0)
fail()
"""

    async def main() -> list[str]:
        async with serving(write_app(app)) as server:
            session = StreamSession(server)
            session.rerun()
            found = elements(await session.wait_for_runs(1))
            return [row for e in found if e.WhichOneof("type") == "exception" for row in e.exception.stack_trace]

    rows = run(main())
    assert len(rows) == 2, rows
    assert "streamlit_app.py" in rows[0] and "fail()" in rows[0]
    assert 'raise KeyError("missing")' in rows[1]
    assert not [row for row in rows if "wasmlit_shim" in row]
