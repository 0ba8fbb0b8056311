"""A local HTTP API that allows cross-origin requests, as public APIs apps call do.

`cors_server` (fixture) -> base URL like http://127.0.0.1:PORT. It answers:
    GET  /planet   {"planet": "Mars", "moons": 2}
    POST /echo     the JSON body it was sent, under "echo"
    anything else  404
and CORS preflights (OPTIONS) for any method and header. `requests` is a list of
(method, path) it served, for tests that check what reached it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class CorsApiHandler(BaseHTTPRequestHandler):
    served: list[tuple[str, str]]

    def do_OPTIONS(self) -> None:
        self.send_response(204)
        self.send_header("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", self.headers.get("Access-Control-Request-Headers", "*"))
        self.end_headers()

    def do_GET(self) -> None:
        if self.path == "/planet":
            self._json(200, {"planet": "Mars", "moons": 2})
        else:
            self._json(404, {"error": f"no {self.path}"})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"null")
        if self.path == "/echo":
            self._json(200, {"echo": body})
        else:
            self._json(404, {"error": f"no {self.path}"})

    def end_headers(self) -> None:
        self.served.append((self.command, self.path))
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def _json(self, status: int, payload: object) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def cors_server() -> Iterator[str]:
    served: list[tuple[str, str]] = []
    handler = type("Handler", (CorsApiHandler,), {"served": served})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
