"""An in-process ASGI driver: calls an ASGI app the way a server would, without a socket.

The worker receives requests as messages from the page and answers them by message, so
it needs no network server, only something that turns a request into ASGI events and
collects the app's answer. Starlette's TestClient cannot do it (it runs the app on a
thread through anyio's blocking portal); this driver uses asyncio queues on the running
loop and never starts a thread.

Three flows, each per the ASGI 3.0 spec:
- lifespan: `startup()` / `shutdown()` around the app's life;
- HTTP: `http()` sends one request (whole body) and collects status, headers and body;
- WebSocket: `websocket()` starts a connection task; frames from the page are queued in
  order and the app's frames/close are handed to plain synchronous callbacks, in order.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

_LOGGER = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]

_ASGI = {"version": "3.0", "spec_version": "2.4"}
_CLIENT = ("127.0.0.1", 0)
_SERVER = ("localhost", 80)


@dataclass
class HttpResponse:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""


def _encode_headers(headers: list[tuple[str, str]]) -> list[tuple[bytes, bytes]]:
    encoded = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers]
    if not any(name == b"host" for name, _ in encoded):
        encoded.append((b"host", b"localhost"))  # every HTTP/1.1 request has one
    return encoded


def _base_scope(
    kind: str, path: str, query_string: str, headers: list[tuple[str, str]], state: dict[str, Any]
) -> dict[str, Any]:
    raw_path, _, inline_query = path.partition("?")
    return {
        "type": kind,
        "asgi": dict(_ASGI),
        "http_version": "1.1",
        "scheme": "ws" if kind == "websocket" else "http",
        "path": unquote(raw_path),
        "raw_path": raw_path.encode("latin-1", "replace"),
        "query_string": (query_string or inline_query).encode("latin-1", "replace"),
        "root_path": "",
        "headers": _encode_headers(headers),
        "client": _CLIENT,
        "server": _SERVER,
        # Per the lifespan spec, each request sees a shallow copy of the lifespan state.
        "state": dict(state),
    }


class LifespanError(RuntimeError):
    """The app reported `lifespan.startup.failed` or `lifespan.shutdown.failed`."""


class AsgiDriver:
    """Drives one ASGI app in-process on the running event loop."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.state: dict[str, Any] = {}
        self._lifespan_task: asyncio.Task[None] | None = None
        self._lifespan_in: asyncio.Queue[Message] = asyncio.Queue()
        self._lifespan_out: asyncio.Queue[Message] = asyncio.Queue()
        self._websockets: set[asyncio.Task[None]] = set()
        # The loop the app lives on; `websocket()` is synchronous (called from JavaScript
        # in the worker), so it schedules the connection task on this loop explicitly.
        self._loop: asyncio.AbstractEventLoop | None = None

    # --- lifespan ---------------------------------------------------------------------

    async def startup(self) -> None:
        scope = {"type": "lifespan", "asgi": dict(_ASGI), "state": self.state}

        async def run() -> None:
            try:
                await self.app(scope, self._lifespan_in.get, self._lifespan_out.put)
            except BaseException as exc:
                # An app that does not speak lifespan may raise; servers then carry on.
                await self._lifespan_out.put({"type": "wasmlit.lifespan.error", "exception": exc})
                if not isinstance(exc, Exception):
                    raise

        self._loop = asyncio.get_running_loop()
        self._lifespan_task = self._loop.create_task(run(), name="asgi-lifespan")
        await self._lifespan_in.put({"type": "lifespan.startup"})
        reply = await self._lifespan_out.get()
        if reply["type"] == "lifespan.startup.failed":
            raise LifespanError(f"ASGI app startup failed: {reply.get('message', '')}")
        if reply["type"] == "wasmlit.lifespan.error":
            raise LifespanError("ASGI app failed during startup") from reply["exception"]

    async def shutdown(self) -> None:
        for task in list(self._websockets):
            task.cancel()
        if self._lifespan_task is None or self._lifespan_task.done():
            return
        await self._lifespan_in.put({"type": "lifespan.shutdown"})
        reply = await self._lifespan_out.get()
        await self._lifespan_task
        if reply["type"] == "lifespan.shutdown.failed":
            raise LifespanError(f"ASGI app shutdown failed: {reply.get('message', '')}")
        if reply["type"] == "wasmlit.lifespan.error":
            raise LifespanError("ASGI app failed during shutdown") from reply["exception"]

    # --- HTTP -------------------------------------------------------------------------

    async def http(
        self, method: str, path: str, query_string: str, headers: list[tuple[str, str]], body: bytes
    ) -> HttpResponse:
        scope = _base_scope("http", path, query_string, headers, self.state)
        scope["method"] = method.upper()
        request_sent = False
        response_done = asyncio.Event()
        status: int | None = None
        response_headers: list[tuple[str, str]] = []
        chunks: list[bytes] = []

        async def receive() -> Message:
            nonlocal request_sent
            if not request_sent:
                request_sent = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            # Nothing more to read: the "client" goes away once the response is complete.
            await response_done.wait()
            return {"type": "http.disconnect"}

        async def send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                response_headers.extend(
                    (bytes(name).decode("latin-1"), bytes(value).decode("latin-1"))
                    for name, value in message.get("headers", [])
                )
            elif message["type"] == "http.response.body":
                chunks.append(bytes(message.get("body", b"")))
                if not message.get("more_body", False):
                    response_done.set()

        try:
            await self.app(scope, receive, send)
        except Exception:
            if status is not None:
                raise  # the response was under way; a server would drop the connection
            _LOGGER.exception("ASGI app raised while handling %s %s", method, path)
            return HttpResponse(500, [("content-type", "text/plain; charset=utf-8")], b"Internal Server Error")
        finally:
            response_done.set()
        if status is None:
            return HttpResponse(500, [("content-type", "text/plain; charset=utf-8")], b"No response")
        return HttpResponse(status, response_headers, b"".join(chunks))

    # --- WebSocket ----------------------------------------------------------------------

    def websocket(
        self,
        path: str,
        query_string: str,
        headers: list[tuple[str, str]],
        send: Callable[[bytes | str], None],
        close: Callable[[int, str], None],
    ) -> WebSocketSession:
        session = WebSocketSession(send, close)
        scope = _base_scope("websocket", path, query_string, headers, self.state)
        protocols = next((value for name, value in headers if name.lower() == "sec-websocket-protocol"), "")
        scope["subprotocols"] = [p.strip() for p in protocols.split(",") if p.strip()]
        loop = self._loop or asyncio.get_event_loop()
        task = loop.create_task(session.run(self.app, scope), name="asgi-websocket")
        self._websockets.add(task)
        task.add_done_callback(self._websockets.discard)
        session.task = task
        return session


class WebSocketSession:
    """One WebSocket connection between the page and the ASGI app."""

    def __init__(self, send: Callable[[bytes | str], None], close: Callable[[int, str], None]) -> None:
        self._send = send
        self._close = close
        self._incoming: asyncio.Queue[Message] = asyncio.Queue()
        self._incoming.put_nowait({"type": "websocket.connect"})
        self.accepted = False
        self.closed = False  # the connection is over (either side closed it)
        self.subprotocol: str | None = None
        self.task: asyncio.Task[None] | None = None

    # Called by the page's side (the glue): synchronous, queued in order.

    def receive(self, data: bytes | str) -> None:
        """A frame from the browser."""
        if self.closed:
            return
        if isinstance(data, str):
            self._incoming.put_nowait({"type": "websocket.receive", "text": data})
        else:
            self._incoming.put_nowait({"type": "websocket.receive", "bytes": bytes(data)})

    def disconnect(self, code: int = 1000) -> None:
        """The browser closed the socket."""
        if self.closed:
            return
        self.closed = True
        self._incoming.put_nowait({"type": "websocket.disconnect", "code": code})

    # The app's side.

    async def _app_receive(self) -> Message:
        return await self._incoming.get()

    async def _app_send(self, message: Message) -> None:
        kind = message["type"]
        if kind == "websocket.accept":
            self.accepted = True
            self.subprotocol = message.get("subprotocol")
        elif kind == "websocket.send":
            if self.closed:
                # Starlette turns this into WebSocketDisconnect for the handler.
                raise OSError("WebSocket is closed")
            data = message.get("bytes")
            self._send(bytes(data) if data is not None else message.get("text", ""))
        elif kind == "websocket.close":
            self._finish(int(message.get("code", 1000)), str(message.get("reason") or ""))

    def _finish(self, code: int, reason: str) -> None:
        was_closed = self.closed
        self.closed = True
        if not was_closed:
            self._close(code, reason)
        # Whatever the app awaits next learns the connection is gone.
        self._incoming.put_nowait({"type": "websocket.disconnect", "code": code})

    async def run(self, app: ASGIApp, scope: Scope) -> None:
        try:
            await app(scope, self._app_receive, self._app_send)
        except asyncio.CancelledError:
            self._finish(1001, "server stopping")
            raise
        except Exception:
            _LOGGER.exception("ASGI app raised on a WebSocket connection")
            self._finish(1011, "internal error")
            return
        # The app returned without closing: a server closes the connection for it.
        self._finish(1000 if self.accepted else 1006, "")
