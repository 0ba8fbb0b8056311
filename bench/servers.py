"""The servers a benchmark round talks to, all on 127.0.0.1.

- a plain static server for the wasmlit pages (the runtime bundle next to the page, as
  an export would be hosted), optionally sending long-lived cache headers;
- native `streamlit run` of the same app, for the baseline.
"""

from __future__ import annotations

import functools
import http.server
import mimetypes
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

mimetypes.add_type("text/javascript", ".mjs")
mimetypes.add_type("application/wasm", ".wasm")


class _StaticHandler(http.server.SimpleHTTPRequestHandler):
    cache_control = "no-cache"

    def end_headers(self) -> None:
        self.send_header("Cache-Control", self.cache_control)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # a browser context closed mid-download (lazy frontend chunks) is not news


@contextmanager
def static_server(root: Path, cache_control: str) -> Iterator[str]:
    handler = functools.partial(
        type("Handler", (_StaticHandler,), {"cache_control": cache_control}), directory=str(root)
    )
    server = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def native_streamlit(app_file: Path) -> Iterator[str]:
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(app_file), "--server.headless", "true",
        "--server.port", str(port), "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ})
    try:
        _wait_for_port(port)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(10)


def _wait_for_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")
