"""One HTTP request through the browser: `fetch` (awaited, or blocking with JSPI), or a
synchronous XMLHttpRequest where JSPI is missing. The only module of `sync_http` that
touches JavaScript.

The browser decodes compressed bodies itself, so `Content-Encoding` is dropped from the
headers handed back (a client would otherwise try to decompress again), and
`Content-Length` describes the body as returned.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import js  # type: ignore[import-not-found]  # only exists inside Pyodide
from pyodide.ffi import JsException, run_sync, to_js  # type: ignore[import-not-found]

from wasmlit_shim.blocking import can_suspend

Headers = list[tuple[str, str]]

# What the browser answers for, not the client: it sets these itself (and refuses some).
_DROPPED_RESPONSE_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})
# Request headers the browser sets itself. Sent from Python they are ignored or refused, and
# User-Agent would make every request a CORS "non-simple" one (a preflight the server may refuse).
_DROPPED_REQUEST_HEADERS = frozenset(
    {"host", "connection", "keep-alive", "content-length", "transfer-encoding", "accept-encoding", "user-agent"}
)


def _request_headers(headers: Headers) -> Headers:
    return [(name, value) for name, value in headers if name.lower() not in _DROPPED_REQUEST_HEADERS]


class FetchError(OSError):
    """The browser could not complete the request: network error, CORS refusal, timeout."""


@dataclass
class FetchedResponse:
    status: int
    reason: str
    url: str
    body: bytes
    headers: Headers = field(default_factory=list)


def _response_headers(pairs: Headers, body: bytes) -> Headers:
    kept = [(name, value) for name, value in pairs if name.lower() not in _DROPPED_RESPONSE_HEADERS]
    return [*kept, ("content-length", str(len(body)))]


def _explain(method: str, url: str, error: Exception) -> FetchError:
    return FetchError(
        f"{method} {url} failed in the browser ({error}). The server must allow cross-origin "
        "requests from this page (CORS), and be reachable from the browser."
    )


async def fetch(method: str, url: str, headers: Headers, body: bytes | None, timeout: float | None) -> FetchedResponse:
    """The request, with the browser's `fetch`."""
    init: dict[str, object] = {
        "method": method.upper(),
        "headers": to_js([list(pair) for pair in _request_headers(headers)]),
    }
    if body:
        init["body"] = to_js(body)
    if timeout:
        init["signal"] = js.AbortSignal.timeout(max(1, int(timeout * 1000)))
    try:
        response = await js.fetch(url, to_js(init, dict_converter=js.Object.fromEntries))
        data = bytes((await response.arrayBuffer()).to_bytes())
    except JsException as error:
        raise _explain(method, url, error) from None
    pairs = [(str(name), str(value)) for name, value in (entry.to_py() for entry in response.headers.entries())]
    return FetchedResponse(
        int(response.status), str(response.statusText), str(response.url or url), data, _response_headers(pairs, data)
    )


def _xhr(method: str, url: str, headers: Headers, body: bytes | None, timeout: float | None) -> FetchedResponse:
    """The request as a synchronous XMLHttpRequest (allowed in workers, with binary bodies)."""
    request = js.XMLHttpRequest.new()
    request.open(method.upper(), url, False)
    request.responseType = "arraybuffer"
    if timeout:
        request.timeout = max(1, int(timeout * 1000))
    for name, value in _request_headers(headers):
        try:
            request.setRequestHeader(name, value)
        except JsException:
            pass  # a header only the browser may set (Host, Connection...)
    try:
        request.send(to_js(body) if body else None)
    except JsException as error:
        raise _explain(method, url, error) from None
    if request.status == 0:
        raise _explain(method, url, RuntimeError("no response"))
    data = bytes(request.response.to_bytes()) if request.response else b""
    pairs: Headers = []
    for line in str(request.getAllResponseHeaders()).strip().splitlines():
        name, _, value = line.partition(":")
        if name:
            pairs.append((name.strip(), value.strip()))
    return FetchedResponse(
        int(request.status),
        str(request.statusText),
        str(request.responseURL or url),
        data,
        _response_headers(pairs, data),
    )


def fetch_sync(method: str, url: str, headers: Headers, body: bytes | None, timeout: float | None) -> FetchedResponse:
    """The request, blocking the caller (not the worker, where JSPI allows)."""
    if can_suspend():
        return run_sync(fetch(method, url, headers, body, timeout))  # type: ignore[no-any-return]
    return _xhr(method, url, headers, body, timeout)
