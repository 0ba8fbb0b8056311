"""One measurement each: what a person waits for, timed in the browser, on an emulated link
(link.py: a proxy in front of the servers, so the service worker's fetches pay for the link too)."""

from __future__ import annotations

import json
import shutil
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from link import Link, LinkSpeed
from playwright.sync_api import BrowserContext, ConsoleMessage, FrameLocator, Page, Playwright, Request

TITLE = "Hello from wasmlit"
APP_FRAME = "iframe[title='Streamlit app']"
PHASES_PREFIX = "[wasmlit] boot phases (ms) "
TIMEOUT_MS = 300_000
# Debian's Chromium as the benchmarks start it: nothing of its own on the network while measured.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


class Profiles:
    """Fresh browser profiles on disk, as a visitor's browser has: an incognito context keeps its
    HTTP cache in memory and does not store large files (the snapshot), so revisits would be
    measured against a cache no real visitor has."""

    def __init__(self, playwright: Playwright, temp: Path) -> None:
        self.playwright = playwright
        self.temp = temp
        self.count = 0

    def new_context(self) -> BrowserContext:
        self.count += 1
        return self.playwright.chromium.launch_persistent_context(
            self.temp / f"profile-{self.count}", executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
        )


@dataclass(frozen=True)
class Profile:
    """A visitor's network link, by name."""

    name: str
    down_mbps: float | None  # None: no emulation (localhost as it is)
    latency_ms: float = 0

    @property
    def speed(self) -> LinkSpeed:
        return LinkSpeed(self.down_mbps, self.latency_ms)


PROFILES = {
    "localhost": Profile("localhost", None),
    "50mbps": Profile("50 Mbps / 20 ms", 50, 20),
    "10mbps": Profile("10 Mbps / 40 ms", 10, 40),
}


@dataclass
class Visit:
    """One navigation to the app, up to its first rendered element."""

    first_render_s: float
    wire_bytes: int = 0  # everything the link carried to the browser before first render
    bytes_by_file: Counter[str] = field(default_factory=Counter)  # on the wire, before first render
    requests: int = 0  # started before first render
    from_network: int = 0  # of those, answered by the server (a 200 or a 304), not the browser's cache
    third_party_requests: int = 0
    phases_ms: dict[str, int] = field(default_factory=dict)


class _NetworkLog:
    """Requests of the page, its frames and workers, and (PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS,
    set by run.py) its service worker's own fetches; an answer the service worker gave the page is
    not counted twice."""

    def __init__(self, context: BrowserContext, own_host: str) -> None:
        self.context = context
        self.own_host = own_host
        self.started: list[Request] = []
        self.finished: list[tuple[Request, int]] = []  # request, bytes on the wire
        self.frozen = False
        context.on("request", self._started)
        context.on("requestfinished", self._finished)

    def _started(self, request: Request) -> None:
        if not self.frozen:
            self.started.append(request)

    def _finished(self, request: Request) -> None:
        if self.frozen:
            return
        try:
            response = request.response()
            if response is not None and response.from_service_worker:
                return  # its bytes were counted on the service worker's own fetch
            sizes = request.sizes()
        except Exception:  # the page closed meanwhile
            return
        self.finished.append((request, sizes["responseBodySize"] + sizes["responseHeadersSize"]))

    def freeze(self, visit: Visit) -> None:
        """Counts requests up to now: a request still running at first render is not counted."""
        self.frozen = True
        self.context.remove_listener("request", self._started)
        self.context.remove_listener("requestfinished", self._finished)
        visit.requests = len(self.started)
        for request in self.started:
            host = urlsplit(request.url).hostname
            if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host != self.own_host:
                visit.third_party_requests += 1
        for request, size in self.finished:
            if size > 0:
                visit.bytes_by_file[_file_name(request.url)] += size
                visit.from_network += 1


def _file_name(url: str) -> str:
    path = urlsplit(url).path
    return path.rsplit("/", 1)[-1] or path or url


def visit(context: BrowserContext, url: str, link: Link, *, in_frame: bool) -> tuple[Visit, Page]:
    """Open `url` (a URL through `link`) in a new page; time it to the app's first heading."""
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    phases: dict[str, int] = {}

    def read_phases(message: ConsoleMessage) -> None:
        if message.text.startswith(PHASES_PREFIX):
            phases.update(json.loads(message.text[len(PHASES_PREFIX) :]))

    page.on("console", read_phases)
    network = _NetworkLog(context, urlsplit(url).hostname or "")
    wire_before = link.bytes_down
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    app = page.frame_locator(APP_FRAME) if in_frame else page
    app.get_by_role("heading", name=TITLE).wait_for()
    result = Visit(time.perf_counter() - start, wire_bytes=link.bytes_down - wire_before)
    network.freeze(result)
    if in_frame:
        # The boot phases are logged right after the first run starts; wait for them briefly.
        deadline = time.monotonic() + 10
        while not phases and time.monotonic() < deadline:
            page.wait_for_timeout(50)
    result.phases_ms = dict(phases)
    return result, page


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
    return int(page.evaluate("app.runPython('import pyodide_js; pyodide_js._module.HEAPU8.length')"))
