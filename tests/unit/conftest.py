"""Unit tests on CPython.

The shim runs inside Pyodide, which has no threads at all. For the shim's tests an autouse
fixture makes `threading.Thread.start` raise, as Pyodide does, so any code path that would
start a thread fails here too.
"""

from __future__ import annotations

import asyncio
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

SHIM_SOURCE = Path(__file__).resolve().parents[2] / "python" / "shim"
if str(SHIM_SOURCE) not in sys.path:
    sys.path.insert(0, str(SHIM_SOURCE))


class ThreadStartForbidden(RuntimeError):
    """Raised instead of starting a thread: Pyodide cannot start one."""


@pytest.fixture(autouse=True)
def forbid_threads(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Make `threading.Thread.start` raise in the shim's tests (stands in for Pyodide)."""
    attempts: list[str] = []
    if not request.node.path.name.startswith("test_shim_"):
        yield attempts
        return

    def start(self: threading.Thread) -> None:
        attempts.append(self.name)
        raise ThreadStartForbidden(f"can't start new thread {self.name!r}: Pyodide has no threads")

    monkeypatch.setattr(threading.Thread, "start", start)
    yield attempts
    assert not attempts, f"code tried to start threads: {attempts}"


def run(coro: Any) -> Any:
    """Run a coroutine on a fresh event loop (no pytest-asyncio needed)."""
    return asyncio.run(coro)


async def render(entrypoint: str, *args: Any, **kwargs: Any) -> tuple[Any, StreamSession, list[Any]]:
    """Start an AppServer and run the app once in a new session: (server, session, messages).
    The caller stops the server."""
    from wasmlit_shim.server import AppServer

    server = await AppServer.start(entrypoint, *args, **kwargs)
    session = StreamSession(server)
    session.rerun()
    return server, session, await session.wait_for_runs(1)


@asynccontextmanager
async def serving(entrypoint: str, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
    """An AppServer for the app at `entrypoint` (AppServer.start's arguments), stopped after."""
    from wasmlit_shim.server import AppServer

    server = await AppServer.start(entrypoint, *args, **kwargs)
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
def write_app(tmp_path: Path) -> Callable[..., str]:
    """Write an app's files into a temporary folder; returns the entry point's path."""

    def write(source: str, name: str = "streamlit_app.py", files: dict[str, str] | None = None) -> str:
        for relative, text in (files or {}).items():
            target = tmp_path / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
        entry = tmp_path / name
        entry.write_text(source)
        return str(entry)

    return write


class StreamSession:
    """A WebSocket session on an AppServer, driven the way the frontend drives it."""

    def __init__(self, server: Any, headers: list[tuple[str, str]] | None = None) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._forward_msg = ForwardMsg
        self.frames: list[bytes | str] = []
        self.closes: list[tuple[int, str]] = []
        self.ws = server.websocket(
            "/_stcore/stream",
            "",
            headers or [("sec-websocket-protocol", "streamlit, PLACEHOLDER_AUTH_TOKEN")],
            self.frames.append,
            lambda code, reason: self.closes.append((code, reason)),
        )

    @property
    def messages(self) -> list[Any]:
        return [self._forward_msg.FromString(frame) for frame in self.frames if isinstance(frame, bytes)]

    def rerun(
        self,
        widgets: list[tuple[str, str, Any]] | None = None,
        page_script_hash: str = "",
        configure: Callable[[Any], None] | None = None,
    ) -> None:
        """Send a `rerun_script` BackMsg, with widget states as (id, field, value).

        `configure(widget_state)` may fill a widget state the simple form cannot (a
        message field such as `file_uploader_state_value`); it gets a fresh state per call.
        """
        from streamlit.proto.BackMsg_pb2 import BackMsg

        back = BackMsg()
        back.rerun_script.query_string = ""
        back.rerun_script.page_script_hash = page_script_hash
        for widget_id, value_field, value in widgets or []:
            state = back.rerun_script.widget_states.widgets.add()
            state.id = widget_id
            setattr(state, value_field, value)
        if configure is not None:
            configure(back.rerun_script.widget_states.widgets.add())
        self.send(back)

    def send(self, back_msg: Any) -> None:
        """Send any BackMsg, serialized as the frontend sends it."""
        self.ws.receive(back_msg.SerializeToString())

    def finished_runs(self) -> int:
        return sum(1 for m in self.messages if m.WhichOneof("type") == "script_finished")

    async def wait_for_runs(self, count: int, timeout: float = 15.0) -> list[Any]:
        deadline = time.monotonic() + timeout
        while self.finished_runs() < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"only {self.finished_runs()} of {count} runs finished: {self.describe()}")
            await asyncio.sleep(0.002)
        return self.messages

    def describe(self) -> str:
        return "; ".join(m.WhichOneof("type") or "?" for m in self.messages)


def elements(messages: list[Any]) -> list[Any]:
    """The new elements in these ForwardMsgs, in order."""
    return [
        m.delta.new_element for m in messages if m.WhichOneof("type") == "delta" and m.delta.HasField("new_element")
    ]


def texts(messages: list[Any]) -> list[str]:
    """Every element's visible text-ish payload (heading, markdown, json, exception...)."""
    found: list[str] = []
    for element in elements(messages):
        kind = element.WhichOneof("type")
        payload = getattr(element, kind)
        for attr in ("body", "message", "text"):
            value = getattr(payload, attr, None)
            if isinstance(value, str) and value:
                found.append(value)
                break
    return found


def last_run(messages: list[Any]) -> list[Any]:
    """The messages of the last complete run (after the last-but-one script_finished)."""
    finished = [i for i, m in enumerate(messages) if m.WhichOneof("type") == "script_finished"]
    start = finished[-2] + 1 if len(finished) > 1 else 0
    return messages[start : finished[-1] + 1] if finished else messages[start:]
