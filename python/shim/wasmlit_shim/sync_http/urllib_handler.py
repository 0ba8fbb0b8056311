"""`urllib.request.urlopen` over the browser's fetch (see the package docstring).

Replaces `urllib.request.HTTPHandler.http_open` and `HTTPSHandler.https_open`, so every
opener (`urlopen`'s default one, and any `build_opener()`) sends http(s) URLs through
`browser_fetch.fetch_sync`. Redirects are followed by the browser; error statuses still
raise `urllib.error.HTTPError` through urllib's own processors.
"""

from __future__ import annotations

import http.client
import io
import types
import urllib.request
import urllib.response
from collections.abc import Iterable
from typing import Any

from wasmlit_shim.patches._upstream import is_patched, replace_attr
from wasmlit_shim.sync_http.browser_fetch import fetch_sync


def _body_bytes(data: Any) -> bytes | None:
    if data is None:
        return None
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    if hasattr(data, "read"):
        return bytes(data.read())
    if isinstance(data, Iterable):
        return b"".join(bytes(chunk) for chunk in data)
    raise TypeError(f"cannot send a request body of type {type(data).__name__}")


def open_with_fetch(handler: urllib.request.BaseHandler, request: urllib.request.Request) -> urllib.response.addinfourl:
    headers = {**request.unredirected_hdrs, **request.headers}
    timeout = getattr(request, "timeout", None)
    response = fetch_sync(
        request.get_method(),
        request.full_url,
        list(headers.items()),
        _body_bytes(request.data),
        timeout if isinstance(timeout, (int, float)) else None,
    )
    message = http.client.HTTPMessage()
    for name, value in response.headers:
        message[name] = value
    result = urllib.response.addinfourl(io.BytesIO(response.body), message, response.url, response.status)
    result.msg = response.reason  # type: ignore[attr-defined]  # what HTTPError shows
    return result


def patch(module: types.ModuleType) -> None:
    if is_patched(module.HTTPHandler.http_open):
        return

    # One function object each: replace_attr records the original it replaced on it.
    def http_open(handler: urllib.request.BaseHandler, request: urllib.request.Request) -> urllib.response.addinfourl:
        return open_with_fetch(handler, request)

    def https_open(handler: urllib.request.BaseHandler, request: urllib.request.Request) -> urllib.response.addinfourl:
        return open_with_fetch(handler, request)

    replace_attr(module.HTTPHandler, "http_open", http_open)
    replace_attr(module.HTTPSHandler, "https_open", https_open)
