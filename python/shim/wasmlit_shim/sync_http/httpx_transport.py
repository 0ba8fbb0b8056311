"""httpx's default transports send requests through the browser's fetch (see the package
docstring).

Replaces `httpx.HTTPTransport.handle_request` (sync `httpx.Client`, `httpx.get`) and
`httpx.AsyncHTTPTransport.handle_async_request` (`httpx.AsyncClient`; plain `fetch`, no JSPI
needed). Transports an app passes in itself (mock, custom) are left alone.
"""

from __future__ import annotations

import types
from typing import Any

from wasmlit_shim.patches._upstream import is_patched, replace_attr
from wasmlit_shim.sync_http.browser_fetch import FetchedResponse, fetch, fetch_sync


def _timeout(request: Any) -> float | None:
    timeouts = request.extensions.get("timeout") or {}
    values = [value for value in (timeouts.get("connect"), timeouts.get("read")) if value]
    return sum(values) if values else None


def _response(httpx: types.ModuleType, request: Any, fetched: FetchedResponse) -> Any:
    return httpx.Response(
        fetched.status,
        headers=fetched.headers,
        content=fetched.body,
        request=request,
        extensions={"reason_phrase": fetched.reason.encode("latin-1", "replace"), "http_version": b"HTTP/1.1"},
    )


def patch(httpx: types.ModuleType) -> None:
    if is_patched(httpx.HTTPTransport.handle_request):
        return

    def handle_request(self: Any, request: Any) -> Any:
        body = request.read()
        fetched = fetch_sync(
            request.method, str(request.url), request.headers.multi_items(), body or None, _timeout(request)
        )
        return _response(httpx, request, fetched)

    async def handle_async_request(self: Any, request: Any) -> Any:
        body = await request.aread()
        fetched = await fetch(
            request.method, str(request.url), request.headers.multi_items(), body or None, _timeout(request)
        )
        return _response(httpx, request, fetched)

    replace_attr(httpx.HTTPTransport, "handle_request", handle_request)
    replace_attr(httpx.AsyncHTTPTransport, "handle_async_request", handle_async_request)
