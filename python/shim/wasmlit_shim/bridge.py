"""The glue between the Pyodide worker (packages/kernel/src/worker.ts) and AppServer.

Only this module knows about JavaScript objects: it turns JsProxy arguments into plain
Python values for the server and turns the server's answers into JavaScript values
(bytes become Uint8Array), so the rest of the shim runs unchanged on CPython.
"""

from __future__ import annotations

import os
from typing import Any

import js  # type: ignore[import-not-found]  # only exists inside Pyodide
import pyodide_js  # type: ignore[import-not-found]
from pyodide.ffi import JsProxy, to_js  # type: ignore[import-not-found]

from . import apps, metrics, package_problems, run_events, sync_http
from .media import MediaUrls
from .server import AppServer, WebSocketSession

# What the worker may call: packages/kernel/src/shim-api.ts types each one (ShimBridge), and
# tests/unit/test_shim_api.py fails when the two disagree.
__all__ = [
    "answers",
    "attach_app",
    "enable_interrupts",
    "file_changed",
    "http",
    "is_started",
    "metrics_json",
    "on_script_finished",
    "open_websocket",
    "report_problems_to",
    "set_environment",
    "start",
]

_server: AppServer | None = None


class BlobMediaUrls(MediaUrls):
    """Media and downloads as `blob:` URLs: the iframe (same origin as this worker) loads
    them straight from `src`/`href`, with no server and no service worker."""

    def create(self, data: bytes, mimetype: str, filename: str | None) -> str:
        options = to_js({"type": mimetype}, dict_converter=js.Object.fromEntries)
        blob = js.Blob.new(to_js([to_js(data)]), options)
        return str(js.URL.createObjectURL(blob))

    def revoke(self, url: str) -> None:
        js.URL.revokeObjectURL(url)


def set_environment(env: Any) -> None:
    """The app's `env` option. Set here, not only through loadPyodide: an interpreter
    restored from the memory snapshot keeps the os.environ it was snapshotted with."""
    os.environ.update({str(key): str(value) for key, value in (_to_py(env) or {}).items()})


async def start(entrypoint: str, streamlit_config: Any, shared: bool = False) -> None:
    """Start Streamlit for the app at `entrypoint`. `shared`: other apps will join it
    (`attach_app`), each connection running its own app (see apps.py)."""
    global _server
    config = _to_py(streamlit_config) or {}
    sync_http.install()  # urllib.request and httpx over fetch, once an app imports them
    _load_packages_on_import()
    metrics.start_counting()
    metrics.set_heap_reader(lambda: int(pyodide_js._module.HEAP8.length))
    _server = await AppServer.start(entrypoint, config, media_urls=BlobMediaUrls())
    if shared:
        apps.bind_runtime(_server.runtime)


def _load_packages_on_import() -> None:
    """Packages an element (or the app, by name) imports while it runs: loaded from the lock
    then, as the scan before the run loads them (on_demand.py)."""
    from . import on_demand, packages, page_notices

    def notify(problem: package_problems.Problem) -> None:
        page_notices.show_once(f"package:{problem['package']}", problem["message"], problem["detail"])

    on_demand.install(on_demand.OnDemandFinder(packages.load_now, packages.lock_packages_by_import, notify))


def metrics_json() -> str:
    """The app's runtime metrics (metrics.py), for the mount controller."""
    return metrics.as_json().decode()


def is_started() -> bool:
    return _server is not None


class AppGlue:
    """One app of a shared runtime, with this module's interface (`http`,
    `open_websocket`, `file_changed`), so the worker talks to it as to a lone app."""

    def __init__(self, entrypoint: str) -> None:
        self.entrypoint = entrypoint
        self.folder = apps.add_app(entrypoint)

    async def http(self, method: str, path: str, query: str, headers: Any, body: Any) -> Any:
        return await http(method, path, query, headers, body)

    def answers(self, method: str, path: str) -> bool:
        return answers(method, path)

    def metrics_json(self) -> str:
        return metrics_json()

    def open_websocket(self, path: str, query: str, headers: Any, on_message: Any, on_close: Any) -> _JsWebSocket:
        with apps.connecting(self.entrypoint):
            return open_websocket(path, query, headers, on_message, on_close)

    def file_changed(self, path: str) -> None:
        if _server is not None:
            _server.file_changed(path, app_folder=self.folder)


def attach_app(entrypoint: str) -> AppGlue:
    """An app joining the shared runtime (the first one too, after `start(..., shared=True)`)."""
    _require_server()
    return AppGlue(entrypoint)


def on_script_finished(callback: Any) -> None:
    """Call `callback()` (JavaScript) whenever a script run ends, e.g. to save IndexedDB folders."""

    def listener(_session: Any, kind: run_events.RunEvent) -> None:
        if kind == "finished":
            callback()

    run_events.add_listener(listener)


def _require_server() -> AppServer:
    if _server is None:
        raise RuntimeError("The app has not started yet.")
    return _server


async def http(method: str, path: str, query: str, headers: Any, body: Any) -> Any:
    response = await _require_server().http(method, path, query, _headers(headers), _bytes(body))
    return to_js(
        {
            "status": response.status,
            "headers": [list(pair) for pair in response.headers],
            "body": to_js(response.body),
        },
        dict_converter=js.Object.fromEntries,
    )


def answers(method: str, path: str) -> bool:
    """Whether the app has a route for `path` (see routing.py)."""
    return _require_server().answers(method, path)


def file_changed(path: str) -> None:
    """The page wrote, renamed or deleted an app file: rerun as run-on-save would."""
    if _server is not None:
        _server.file_changed(path)


class _JsWebSocket:
    """Wraps a WebSocketSession so frames from JavaScript arrive as bytes/str."""

    def __init__(self, session: WebSocketSession) -> None:
        self._session = session

    def receive(self, data: Any) -> None:
        self._session.receive(data if isinstance(data, str) else _bytes(data))

    def disconnect(self, code: int) -> None:
        self._session.disconnect(code)


def open_websocket(path: str, query: str, headers: Any, on_message: Any, on_close: Any) -> _JsWebSocket:
    def send(data: bytes | str) -> None:
        on_message(data if isinstance(data, str) else to_js(data))

    def close(code: int, reason: str) -> None:
        on_close(code, reason)

    session = _require_server().websocket(path, query, _headers(headers), send, close)
    return _JsWebSocket(session)


class _JsControlMailbox:
    """interrupts.ControlMailbox on the worker's ControlCounters (control-buffer.ts)."""

    def __init__(self, counters: Any) -> None:
        self._counters = counters

    def signalled(self) -> int:
        return int(self._counters.signalled())

    def received(self) -> int:
        return int(self._counters.received())

    def mark_received(self) -> None:
        self._counters.markReceived()

    def give_up_on(self, count: int) -> None:
        self._counters.giveUpOn(count)

    def signal_again(self, signum: int) -> None:
        self._counters.signalAgain(signum)


def report_problems_to(callback: Any) -> None:
    """Problems found while the app runs (page_notices.py) go to `callback(message, detail)`,
    the page's problem reporter."""
    from . import page_notices

    page_notices.set_sink(lambda message, detail: callback(message, detail))


def enable_interrupts(counters: Any) -> None:
    """The page can interrupt a busy script: Pyodide's interrupt buffer is set, and
    `counters` (control-buffer.ts) counts the Stop/rerun messages on both sides."""
    from . import interrupts

    signals = {str(kind): int(number) for kind, number in _to_py(counters.signals).items()}
    interrupts.install(_JsControlMailbox(counters), signals)


def _headers(value: Any) -> list[tuple[str, str]]:
    return [(str(name), str(header)) for name, header in _to_py(value)]


def _bytes(value: Any) -> bytes:
    if isinstance(value, JsProxy):
        return bytes(value.to_bytes())
    return bytes(value)


def _to_py(value: Any) -> Any:
    return value.to_py() if isinstance(value, JsProxy) else value
