"""The exported site on 127.0.0.1, inside the program: the only address the window may load.

Every response carries the isolation headers, so the page is cross-origin isolated and Stop
reaches a busy script (as `wasmlit serve` does). Only requests addressed to this server by
its own name are answered (a page elsewhere cannot reach it through DNS rebinding), and a
missing path gets the site's 404.html (deep links, as on GitHub Pages).

The port is part of the page's origin, and the origin owns the app's IndexedDB (where
`--persist` keeps files): the same app asks for the same port at every launch.
"""

from __future__ import annotations

import hashlib
import mimetypes
import threading
from collections.abc import Callable
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ISOLATION_HEADERS = {
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Embedder-Policy": "credentialless",
}
LOOPBACK = "127.0.0.1"
_PORT_RANGE = (20_000, 60_000)
_PORT_TRIES = 20

mimetypes.add_type("text/javascript", ".mjs")
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("application/wasm", ".wasm")

# More routes (host folders) plug in here: a prefix and a handler that answers the request.
Route = Callable[["SiteHandler"], None]


class SiteHandler(SimpleHTTPRequestHandler):
    def __init__(self, *args: object, routes: dict[str, Route], **kwargs: object) -> None:
        self.routes = routes
        self.routed = False
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def do_GET(self) -> None:
        if self._refused() or self._routed():
            return
        super().do_GET()

    def do_HEAD(self) -> None:
        if self._refused():
            return
        super().do_HEAD()

    def do_PUT(self) -> None:
        if not self._refused() and not self._routed():
            self.send_error(HTTPStatus.METHOD_NOT_ALLOWED)

    def do_DELETE(self) -> None:
        self.do_PUT()

    def do_MOVE(self) -> None:
        self.do_PUT()

    def end_headers(self) -> None:
        for name, value in ISOLATION_HEADERS.items():
            self.send_header(name, value)
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def list_directory(self, path: str | Path) -> None:  # type: ignore[override]
        self.send_error(HTTPStatus.NOT_FOUND)  # never list folders

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        fallback = Path(self.directory) / "404.html"
        if code == HTTPStatus.NOT_FOUND and self.command == "GET" and not self.routed and fallback.is_file():
            body = fallback.read_bytes()
            self.send_response(code)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _refused(self) -> bool:
        expected = f"{LOOPBACK}:{self.server.server_port}"  # type: ignore[attr-defined]
        if self.headers.get("Host") != expected:
            super().send_error(HTTPStatus.MISDIRECTED_REQUEST, f"this server answers only {expected}")
            return True
        return False

    def _routed(self) -> bool:
        for prefix, route in self.routes.items():
            if self.path.startswith(prefix):
                self.routed = True
                route(self)
                return True
        return False


def preferred_ports(app_id: str) -> list[int]:
    """The ports this app tries, in order: the same list at every launch."""
    low, high = _PORT_RANGE
    digest = hashlib.sha256(app_id.encode()).digest()
    first = low + int.from_bytes(digest[:4], "big") % (high - low)
    return [low + (first - low + 7919 * n) % (high - low) for n in range(_PORT_TRIES)]


def start_server(site: Path, ports: list[int], routes: dict[str, Route] | None = None) -> ThreadingHTTPServer:
    """Serve `site` on the first free port of `ports`, in a daemon thread."""
    handler = partial(SiteHandler, directory=str(site), routes=routes or {})
    last_error: OSError | None = None
    for port in ports:
        try:
            server = ThreadingHTTPServer((LOOPBACK, port), handler)
        except OSError as error:
            last_error = error
            continue
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, name="loopback-server", daemon=True).start()
        return server
    raise OSError(f"no free port on {LOOPBACK} among {ports}: {last_error}")


def origin(server: ThreadingHTTPServer) -> str:
    return f"http://{LOOPBACK}:{server.server_address[1]}"
