"""Headless Chromium (Debian's, never a downloaded one) against pages on 127.0.0.1.

Fixtures:
    page            a fresh browser context and page
    serve_app(path, *options) runs `wasmlit serve PATH [OPTIONS]` on a free port and returns its URL
    static_site(dir) serves a folder with a plain static server and returns its URL
                    (a second argument swaps in another request handler class)
"""

from __future__ import annotations

import functools
import http.server
import mimetypes
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from .support import RUNTIME_DIR

# Booting Pyodide and Streamlit cold takes ~10 s here; leave room for a loaded machine.
BOOT_TIMEOUT_MS = 90_000

expect.set_options(timeout=BOOT_TIMEOUT_MS)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium is not installed: apt-get install chromium")
    if not (RUNTIME_DIR / "wasmlit.js").is_file():
        pytest.fail("the runtime is not built: run `make build`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    # Remember each phase's report on the test, so fixtures can tell a failed test at teardown.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def print_frames(page: Page) -> None:
    """What each frame of the page showed, so a failure in CI (no screenshots there) says more
    than "element not found": the app may have shown an error, an old run, or nothing."""
    for frame in page.frames:
        try:
            text = frame.evaluate("() => document.body ? document.body.innerText : '(no body)'", None)
        except Exception as error:  # a detached or busy frame: say so and go on
            text = f"(unreadable: {error})"
        print(f"[frame {frame.url[:120]}]\n{str(text)[:2000]}")


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(BOOT_TIMEOUT_MS)
    # Worker and frontend logs help when a test fails; pytest shows them then.
    page.on("console", lambda message: print(f"[console.{message.type}] {message.text}"))
    page.on("requestfailed", lambda request: print(f"[requestfailed] {request.url} {request.failure}"))
    page.on("response", lambda response: response.status >= 400 and print(f"[{response.status}] {response.url}"))
    page.on("pageerror", lambda error: print(f"[pageerror] {error}"))
    yield page
    call = getattr(request.node, "report_call", None)
    if call is not None and call.failed:
        print_frames(page)
    context.close()


@pytest.fixture
def serve_app() -> Iterator[Callable[[Path], str]]:
    servers: list[subprocess.Popen[str]] = []

    def start(path: Path, *options: str) -> str:
        server = subprocess.Popen(
            [sys.executable, "-m", "wasmlit.cli", "serve", str(path), "--port", "0", *options],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        servers.append(server)
        assert server.stdout is not None
        for line in server.stdout:
            if "URL: " in line:
                threading.Thread(target=server.stdout.read, daemon=True).start()  # keep the pipe drained
                return line.split("URL: ", 1)[1].strip()
        pytest.fail(f"wasmlit serve exited with {server.wait()} before printing its URL")

    yield start
    for server in servers:
        server.terminate()
        server.wait(timeout=10)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def static_site() -> Iterator[Callable[[Path], str]]:
    """A plain static server, as any host would be: no special headers, no rewrites."""
    mimetypes.add_type("text/javascript", ".mjs")
    mimetypes.add_type("application/wasm", ".wasm")
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(root: Path, handler_class: type[http.server.SimpleHTTPRequestHandler] = _QuietHandler) -> str:
        handler = functools.partial(handler_class, directory=str(root))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
