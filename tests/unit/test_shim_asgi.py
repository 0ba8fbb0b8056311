"""The in-process ASGI driver (wasmlit_shim/asgi.py) against small raw ASGI apps: the paths a
well-behaved Streamlit app never takes (lifespan failures, errors before and after a response
started, close codes), each as the ASGI spec and a real server would have them."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from wasmlit_shim.asgi import AsgiDriver, LifespanError


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


# -- lifespan ------------------------------------------------------------------------------


async def startup_fails(scope: Any, receive: Any, send: Any) -> None:
    assert scope["type"] == "lifespan"
    await receive()
    await send({"type": "lifespan.startup.failed", "message": "no database"})


async def shutdown_fails(scope: Any, receive: Any, send: Any) -> None:
    await receive()
    await send({"type": "lifespan.startup.complete"})
    await receive()
    await send({"type": "lifespan.shutdown.failed", "message": "could not flush"})


async def raises_at_startup(scope: Any, receive: Any, send: Any) -> None:
    await receive()
    raise ValueError("bad config")


async def no_lifespan(scope: Any, receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        raise NotImplementedError("this app does not speak lifespan")


def test_a_reported_startup_failure_is_a_lifespan_error_with_its_message() -> None:
    with pytest.raises(LifespanError, match="startup failed: no database"):
        run(AsgiDriver(startup_fails).startup())


def test_a_reported_shutdown_failure_is_a_lifespan_error_with_its_message() -> None:
    async def scenario() -> None:
        driver = AsgiDriver(shutdown_fails)
        await driver.startup()
        await driver.shutdown()

    with pytest.raises(LifespanError, match="shutdown failed: could not flush"):
        run(scenario())


def test_an_exception_at_startup_is_chained_to_the_lifespan_error() -> None:
    with pytest.raises(LifespanError, match="failed during startup") as raised:
        run(AsgiDriver(raises_at_startup).startup())
    assert isinstance(raised.value.__cause__, ValueError)


def test_an_app_without_lifespan_support_is_reported_not_hung() -> None:
    # Servers log and carry on for such apps; the driver says so rather than wait forever.
    with pytest.raises(LifespanError) as raised:
        run(asyncio.wait_for(AsgiDriver(no_lifespan).startup(), timeout=5))
    assert isinstance(raised.value.__cause__, NotImplementedError)


# -- HTTP ----------------------------------------------------------------------------------


async def fails_before_responding(scope: Any, receive: Any, send: Any) -> None:
    raise RuntimeError("bug in a route")


async def fails_after_responding(scope: Any, receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"partial", "more_body": True})
    raise RuntimeError("bug mid-stream")


async def never_responds(scope: Any, receive: Any, send: Any) -> None:
    await receive()


async def streams_and_echoes(scope: Any, receive: Any, send: Any) -> None:
    request = await receive()
    headers = [(b"x-path", scope["path"].encode()), (b"x-query", scope["query_string"])]
    await send({"type": "http.response.start", "status": 201, "headers": headers})
    await send({"type": "http.response.body", "body": b"got:", "more_body": True})
    await send({"type": "http.response.body", "body": request["body"]})
    # After the response is complete, the "client" has gone away.
    assert (await receive())["type"] == "http.disconnect"


def test_an_error_before_the_response_is_a_500() -> None:
    response = run(AsgiDriver(fails_before_responding).http("GET", "/x", "", [], b""))
    assert (response.status, response.body) == (500, b"Internal Server Error")


def test_an_error_after_the_response_started_propagates() -> None:
    # A server would drop the connection: the caller must not get a half response as whole.
    with pytest.raises(RuntimeError, match="bug mid-stream"):
        run(AsgiDriver(fails_after_responding).http("GET", "/x", "", [], b""))


def test_an_app_that_returns_without_responding_is_a_500() -> None:
    response = run(AsgiDriver(never_responds).http("GET", "/x", "", [], b""))
    assert (response.status, response.body) == (500, b"No response")


def test_a_streamed_response_is_joined_and_the_path_decoded() -> None:
    response = run(AsgiDriver(streams_and_echoes).http("post", "/a%20b", "q=1", [], b"body"))
    assert response.status == 201
    assert response.body == b"got:body"
    assert ("x-path", "/a b") in response.headers and ("x-query", "q=1") in response.headers


# -- WebSocket -----------------------------------------------------------------------------


class Page:
    """The browser's end of one connection, as the glue sees it."""

    def __init__(self) -> None:
        self.frames: list[bytes | str] = []
        self.closed: list[tuple[int, str]] = []

    def send(self, data: bytes | str) -> None:
        self.frames.append(data)

    def close(self, code: int, reason: str) -> None:
        self.closed.append((code, reason))


async def echo_then_close(scope: Any, receive: Any, send: Any) -> None:
    assert (await receive())["type"] == "websocket.connect"
    await send({"type": "websocket.accept", "subprotocol": scope["subprotocols"][0]})
    message = await receive()
    await send({"type": "websocket.send", "bytes": message["bytes"][::-1]})
    await send({"type": "websocket.close", "code": 4000, "reason": "done"})


async def crashes_after_accept(scope: Any, receive: Any, send: Any) -> None:
    await receive()
    await send({"type": "websocket.accept"})
    raise RuntimeError("handler bug")


async def returns_without_accepting(scope: Any, receive: Any, send: Any) -> None:
    await receive()


async def waits_forever(scope: Any, receive: Any, send: Any) -> None:
    await receive()
    await send({"type": "websocket.accept"})
    await asyncio.Event().wait()


async def connect(app: Any, page: Page, frames: tuple[bytes, ...] = ()) -> Any:
    driver = AsgiDriver(app)
    headers = [("Sec-WebSocket-Protocol", "streamlit, token")]
    session = driver.websocket("/_stcore/stream", "", headers, page.send, page.close)
    for frame in frames:
        session.receive(frame)
    return driver, session


def test_frames_both_ways_and_the_apps_close_code_reach_the_page() -> None:
    async def scenario() -> Any:
        page = Page()
        _, session = await connect(echo_then_close, page, (b"abc",))
        await session.task
        return page, session

    page, session = run(scenario())
    assert session.subprotocol == "streamlit"  # from the raw header, as Streamlit reads it
    assert page.frames == [b"cba"]
    assert page.closed == [(4000, "done")]


def test_a_handler_error_closes_with_1011() -> None:
    async def scenario() -> Page:
        page = Page()
        _, session = await connect(crashes_after_accept, page)
        await session.task
        return page

    assert run(scenario()).closed == [(1011, "internal error")]


def test_a_connection_never_accepted_closes_with_1006() -> None:
    async def scenario() -> Page:
        page = Page()
        _, session = await connect(returns_without_accepting, page)
        await session.task
        return page

    assert run(scenario()).closed == [(1006, "")]


def test_shutdown_closes_open_connections_with_1001() -> None:
    async def scenario() -> Page:
        page = Page()
        driver, session = await connect(waits_forever, page)
        await asyncio.sleep(0)  # let the handler accept
        await driver.shutdown()
        with pytest.raises(asyncio.CancelledError):
            await session.task
        return page

    assert run(scenario()).closed == [(1001, "server stopping")]


def test_frames_after_the_page_closed_are_dropped() -> None:
    async def scenario() -> Any:
        page = Page()
        _, session = await connect(waits_forever, page)
        session.disconnect(1000)
        session.receive(b"late")
        assert session.closed
        session.task.cancel()
        return page

    assert run(scenario()).frames == []
