"""Synchronous HTTP clients reach the network through the browser's `fetch`.

Pyodide has no sockets: `urllib.request.urlopen`, `httpx.Client` (and anything on
`http.client`) fail. Where the script can suspend (JSPI, Chromium), a blocking request is a
`fetch` awaited with `run_sync`; elsewhere, in a worker, a synchronous XMLHttpRequest.
Either way the request is a CORS request from the page's origin.

- `requests` (and anything on urllib3 2.x) needs nothing from here: urllib3 ships its own
  Emscripten backend, which does the same (fetch with JSPI, else sync XHR).
- `urllib.request`: the default HTTP and HTTPS handlers open URLs with `fetch_sync`.
- `httpx`: the default transports (sync and async) send requests with fetch.

Both are applied when the app first imports the library (`import_hooks`), never at boot.
"""

from __future__ import annotations

from wasmlit_shim.import_hooks import when_imported


def install() -> None:
    from wasmlit_shim.sync_http import httpx_transport, urllib_handler

    when_imported("urllib.request", urllib_handler.patch)
    when_imported("httpx", httpx_transport.patch)
