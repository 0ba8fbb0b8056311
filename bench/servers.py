"""The servers a benchmark round talks to, all on 127.0.0.1.

- an emulated static host for an exported site: wasmlit's own static-file serving
  (python/wasmlit/static_files.py) with a policy chosen per host (gzip on the fly as GitHub
  Pages does, cache lifetimes, immutable names), switchable between visits;
- `wasmlit serve` of the demo app, as a developer runs it;
- native `streamlit run` of the same app, for the baseline.
"""

from __future__ import annotations

import http.server
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from wasmlit.static_files import ServingPolicy, resolve, send_file


class StaticHost:
    """A static host whose serving policy the benchmark sets before each visit."""

    def __init__(self, root: Path, policy: ServingPolicy) -> None:
        self.root = root
        self.policy = policy


class _HostHandler(http.server.BaseHTTPRequestHandler):
    host: StaticHost
    protocol_version = "HTTP/1.1"  # keep-alive, as real hosts do

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        file = resolve(self.host.root, path)
        if file is None:
            self.send_error(404)
            return
        send_file(self, file, file.relative_to(self.host.root).as_posix(), self.host.policy)

    do_HEAD = do_GET

    def log_message(self, format: str, *args: object) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # a browser context closed mid-download (lazy frontend chunks) is not news


@contextmanager
def static_host(root: Path, policy: ServingPolicy) -> Iterator[tuple[StaticHost, str]]:
    host = StaticHost(root, policy)
    server = _QuietServer(("127.0.0.1", 0), type("Handler", (_HostHandler,), {"host": host}))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield host, f"http://127.0.0.1:{server.server_address[1]}/"
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


@contextmanager
def wasmlit_serve(app_dir: Path) -> Iterator[str]:
    """`wasmlit serve APP`, as a developer runs it; its URL once it listens."""
    command = [sys.executable, "-m", "wasmlit.cli", "serve", str(app_dir), "--port", "0", "--no-reload"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert process.stdout is not None
        for line in process.stdout:
            found = re.search(r"http://[\w.:\[\]]+/", line)
            if found:
                threading.Thread(target=process.stdout.read, daemon=True).start()  # keep the pipe drained
                yield found.group(0)
                break
        else:
            raise RuntimeError(f"wasmlit serve exited with {process.wait()} before printing its URL")
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
