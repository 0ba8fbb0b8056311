"""One measurement each: what a person waits for, timed in the browser, on an emulated link."""

from __future__ import annotations

import json
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, FrameLocator, Page, Request

TITLE = "Hello from wasmlit"
APP_FRAME = "iframe[title='Streamlit app']"
PHASES_PREFIX = "[wasmlit] boot phases (ms) "
TIMEOUT_MS = 300_000


@dataclass(frozen=True)
class Profile:
    """A network link as Chromium emulates it (CDP `Network.emulateNetworkConditions`)."""

    name: str
    down_mbps: float | None  # None: no emulation (localhost as it is)
    latency_ms: float = 0

    def conditions(self) -> dict[str, object]:
        assert self.down_mbps is not None
        down = self.down_mbps * 1e6 / 8
        return {
            "offline": False,
            "latency": self.latency_ms,
            "downloadThroughput": down,
            "uploadThroughput": down / 5,
        }


PROFILES = {
    "localhost": Profile("localhost", None),
    "50mbps": Profile("50 Mbps / 20 ms", 50, 20),
    "10mbps": Profile("10 Mbps / 40 ms", 10, 40),
}


@dataclass
class Visit:
    """One navigation to the app, up to its first rendered element."""

    first_render_s: float
    bytes_by_file: Counter[str] = field(default_factory=Counter)  # on the wire, before first render
    requests: int = 0  # started before first render
    from_network: int = 0  # of those, answered by the server (a 200 or a 304), not the browser's cache
    third_party_requests: int = 0
    phases_ms: dict[str, int] = field(default_factory=dict)

    @property
    def bytes_received(self) -> int:
        return sum(self.bytes_by_file.values())


class _NetworkLog:
    def __init__(self, page: Page, own_host: str) -> None:
        self.own_host = own_host
        self.started: list[Request] = []
        self.finished: list[tuple[Request, int]] = []  # request, bytes on the wire
        self.frozen = False
        page.on("request", self._started)
        page.on("requestfinished", self._finished)

    def _started(self, request: Request) -> None:
        if not self.frozen:
            self.started.append(request)

    def _finished(self, request: Request) -> None:
        if self.frozen:
            return
        try:
            sizes = request.sizes()
        except Exception:  # the page closed meanwhile
            return
        self.finished.append((request, sizes["responseBodySize"] + sizes["responseHeadersSize"]))

    def freeze(self, visit: Visit) -> None:
        """Counts requests up to now: a request still running at first render is not counted."""
        self.frozen = True
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


def throttle(page: Page, profile: Profile) -> None:
    """Emulate `profile` for the page, its frames and its workers, before it navigates."""
    if profile.down_mbps is None:
        return
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", profile.conditions())


def visit(context: BrowserContext, url: str, profile: Profile, *, in_frame: bool) -> tuple[Visit, Page]:
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    phases: dict[str, int] = {}
    page.on(
        "console",
        lambda message: (
            message.text.startswith(PHASES_PREFIX) and phases.update(json.loads(message.text[len(PHASES_PREFIX) :]))
        ),
    )
    throttle(page, profile)
    network = _NetworkLog(page, urlsplit(url).hostname or "")
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    app = page.frame_locator(APP_FRAME) if in_frame else page
    app.get_by_role("heading", name=TITLE).wait_for()
    result = Visit(time.perf_counter() - start)
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
