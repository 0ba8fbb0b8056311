"""One measurement each: what a person waits for, timed in the browser."""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, FrameLocator, Page

TITLE = "Hello from wasmlit"
APP_FRAME = "iframe[title='Streamlit app']"
PHASES_PREFIX = "[wasmlit] boot phases (ms) "
TIMEOUT_MS = 180_000


@dataclass
class Visit:
    """One navigation to the app, up to its first rendered element."""

    first_render_s: float
    bytes_received: int = 0
    requests: int = 0
    third_party_requests: int = 0
    phases_ms: dict[str, int] = field(default_factory=dict)


def _network_recorder(page: Page, own_host: str) -> dict[str, int]:
    totals = {"bytes": 0, "requests": 0, "third_party": 0}

    def finished(request) -> None:
        sizes = request.sizes()
        totals["bytes"] += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        totals["requests"] += 1

    def started(request) -> None:
        host = urlsplit(request.url).hostname
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host != own_host:
            totals["third_party"] += 1

    page.on("requestfinished", finished)
    page.on("request", started)
    return totals


def visit_wasmlit(context: BrowserContext, url: str) -> tuple[Visit, Page]:
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    phases: dict[str, int] = {}
    page.on(
        "console",
        lambda message: (
            message.text.startswith(PHASES_PREFIX) and phases.update(json.loads(message.text[len(PHASES_PREFIX) :]))
        ),
    )
    network = _network_recorder(page, urlsplit(url).hostname or "")
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.frame_locator(APP_FRAME).get_by_role("heading", name=TITLE).wait_for()
    elapsed = time.perf_counter() - start
    # Requests counted until first render; bytes of requests still running are not.
    return Visit(elapsed, network["bytes"], network["requests"], network["third_party"], dict(phases)), page


def visit_native(context: BrowserContext, url: str) -> tuple[Visit, Page]:
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    network = _network_recorder(page, urlsplit(url).hostname or "")
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.get_by_role("heading", name=TITLE).wait_for()
    elapsed = time.perf_counter() - start
    return Visit(elapsed, network["bytes"], network["requests"], network["third_party"]), page


def bare_pyodide(context: BrowserContext, url: str) -> float:
    """Seconds from navigation to `loadPyodide()` resolved in a module worker."""
    page = context.new_page()
    page.goto(url, wait_until="commit")
    page.wait_for_function("window.pyodideReadyAt !== undefined", timeout=TIMEOUT_MS)
    ready_ms = page.evaluate("window.pyodideReadyAt")
    page.close()
    return ready_ms / 1000


def rerun_latency(app: Page | FrameLocator, count: int) -> float:
    """Median seconds from Enter in the text input to the echoed greeting on screen."""
    box = app.get_by_label("Your name")
    samples = []
    for index in range(count):
        box.fill(f"visitor {index}")
        start = time.perf_counter()
        box.press("Enter")
        app.get_by_text(f"Hello, visitor {index}!").wait_for()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def worker_heap_bytes(page: Page) -> int:
    """Size of the worker's WebAssembly memory (Pyodide's heap), read from inside Python."""
    return int(page.evaluate("controller.runPython('import pyodide_js; pyodide_js._module.HEAPU8.length')"))
