"""Soak: five apps on one page, driven through many widget reruns and uploads, in one run.

    .venv/bin/python bench/soak.py [--reruns 1000] [--upload-every 50] [--modes own,shared]

Not part of `make test`. Each mode mounts five apps on one page (`own`: a worker each;
`shared`: one SharedWorker for all), then drives each app round-robin through `--reruns`
text-input reruns, uploading a small file into the app's persistent folder every
`--upload-every` reruns. It reports, per mode: the worker heap (Pyodide's WebAssembly memory,
summed over distinct workers), the page's JS heap (the page and its frames, after a garbage
collection) and the browser's memory (resident memory of every Chromium process this run
started) at the start (after a warm-up) and at the end; rerun latency p50,
p95 and p99 over the first and the last tenth of the reruns; and every error (page errors,
console errors, notices over the apps). After the run the page is reloaded and every uploaded
file must be back from IndexedDB. Anything that grew by more than 5%, or a lost file, is
flagged, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import BrowserContext, FilePayload, Page, sync_playwright
from servers import static_host
from wasmlit.static_files import ServingPolicy

REPO = Path(__file__).resolve().parents[1]
RUNTIME_DIR = Path(os.environ.get("WASMLIT_RUNTIME_DIR", REPO / "python" / "wasmlit" / "runtime"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
APPS = 5
WARM_UP_RERUNS = 10
GROWTH_LIMIT = 0.05
TIMEOUT_MS = 180_000

APP = """
import os
import streamlit as st

name = open("name.txt").read()
kept = f"/mnt/kept-{name}"
value = st.text_input("Value")
st.write(f"Echo {name}: {value}")
upload = st.file_uploader("Upload")
if upload is not None and not os.path.exists(f"{kept}/{upload.name}"):
    with open(f"{kept}/{upload.name}", "wb") as file:
        file.write(upload.getvalue())
st.write(f"Kept {name}: {len(os.listdir(kept))} files")
"""

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Soak</title><script src="./wasmlit/wasmlit.js"></script></head>
<body>
<div id="apps"></div>
<script>
  const shared = new URLSearchParams(location.search).get("shared") === "1";
  window.apps = [];
  for (let n = 0; n < APP_COUNT; n++) {
    const element = document.createElement("div");
    element.id = `app${n}`;
    document.getElementById("apps").append(element);
    apps.push(wasmlit.mount({
      files: { "streamlit_app.py": APP_CODE, "name.txt": `app${n}` },
      idbfsMountpoints: [`/mnt/kept-app${n}`],
      sharedWorker: shared,
    }, element));
  }
</script>
</body></html>
"""


@dataclass
class ModeResult:
    mode: str
    heap_start: int = 0
    heap_end: int = 0
    browser_start: int = 0
    browser_end: int = 0
    page_heap_start: int = 0
    page_heap_end: int = 0
    latencies: list[float] = field(default_factory=list)
    uploads: dict[int, list[str]] = field(default_factory=dict)
    lost_files: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


def write_site(root: Path) -> Path:
    os.symlink(RUNTIME_DIR, root / "wasmlit")
    (root / "index.html").write_text(PAGE.replace("APP_CODE", json.dumps(APP)).replace("APP_COUNT", str(APPS)))
    return root


def descendants_rss_bytes(pid: int) -> int:
    """Resident memory of every process below `pid` (the browser Playwright started for us)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
    total, stack = 0, list(children.get(pid, []))
    while stack:
        child = stack.pop()
        stack.extend(children.get(child, []))
        try:
            for line in Path(f"/proc/{child}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def worker_heap_bytes(page: Page, shared: bool) -> int:
    """Pyodide's WebAssembly memory: each app's worker, or the one shared worker once."""
    code = "controller => controller.runPython('import pyodide_js; pyodide_js._module.HEAPU8.length')"
    sizes = [int(page.evaluate(f"({code})(apps[{n}])")) for n in range(1 if shared else APPS)]
    return sum(sizes)


def browser_bytes(page: Page) -> tuple[int, int]:
    """After a garbage collection: the JS heap of the page and its frames (one V8 isolate: the
    frames are same-origin), and the resident memory of every Chromium process. RSS rarely
    shrinks after a collection; the JS heap tells a leak in the page's or the frontend's
    code from memory the processes keep for themselves."""
    session = page.context.new_cdp_session(page)
    session.send("HeapProfiler.collectGarbage")
    js_heap = int(session.send("Runtime.getHeapUsage")["usedSize"])
    session.detach()
    return js_heap, descendants_rss_bytes(os.getpid())


def rerun(page: Page, n: int, index: int) -> float:
    app = page.frame_locator(f"#app{n} iframe")
    box = app.get_by_label("Value")
    box.fill(f"v{index}")
    start = time.perf_counter()
    box.press("Enter")
    app.get_by_text(f"Echo app{n}: v{index}", exact=True).wait_for()
    return time.perf_counter() - start


def upload(page: Page, n: int, result: ModeResult) -> None:
    files = result.uploads.setdefault(n, [])
    name = f"upload-{len(files):04d}.txt"
    app = page.frame_locator(f"#app{n} iframe")
    payload: FilePayload = {"name": name, "mimeType": "text/plain", "buffer": f"{name} of app{n}\n".encode()}
    app.locator("input[type=file]").set_input_files(files=[payload])
    files.append(name)
    app.get_by_text(f"Kept app{n}: {len(files)} files", exact=True).wait_for()


def kept_files(page: Page, n: int) -> list[str]:
    code = f"import os; sorted(os.listdir('/mnt/kept-app{n}'))"
    return list(page.evaluate(f"apps[{n}].runPython({json.dumps(code)})"))


def notices(page: Page) -> list[str]:
    return [text.strip() for text in page.locator("[role=alert]").all_inner_texts()]


def console_error(kind: str, text: str, result: ModeResult) -> None:
    # A failed request is reported with its URL by failed_response.
    if kind == "error" and not text.startswith("Failed to load resource"):
        result.errors.append(f"console: {text}")


def failed_response(status: int, url: str, result: ModeResult) -> None:
    if status >= 400 and not url.endswith("/favicon.ico"):  # the hand-written page names no icon
        result.errors.append(f"HTTP {status}: {url}")


def open_page(context: BrowserContext, url: str, result: ModeResult) -> Page:
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.on("pageerror", lambda error: result.errors.append(f"page error: {error}"))
    page.on("console", lambda message: console_error(message.type, message.text, result))
    page.on("response", lambda response: failed_response(response.status, response.url, result))
    page.goto(url)
    for n in range(APPS):
        page.frame_locator(f"#app{n} iframe").get_by_text(re.compile(rf"^Kept app{n}: \d+ files$")).wait_for()
    return page


def soak(context: BrowserContext, url: str, mode: str, reruns: int, upload_every: int) -> ModeResult:
    result = ModeResult(mode)
    shared = mode == "shared"
    page = open_page(context, url + ("?shared=1" if shared else ""), result)
    started = time.perf_counter()
    for index in range(WARM_UP_RERUNS):
        for n in range(APPS):
            rerun(page, n, -1 - index)
    result.heap_start = worker_heap_bytes(page, shared)
    result.page_heap_start, result.browser_start = browser_bytes(page)
    for index in range(reruns):
        for n in range(APPS):
            result.latencies.append(rerun(page, n, index))
            if upload_every and index % upload_every == upload_every - 1:
                upload(page, n, result)
        if index % 100 == 99:
            print(f"  {mode}: {index + 1}/{reruns} reruns per app", flush=True)
    result.heap_end = worker_heap_bytes(page, shared)
    result.page_heap_end, result.browser_end = browser_bytes(page)
    result.errors += [f"notice: {text}" for text in notices(page)]
    result.seconds = time.perf_counter() - started

    # Every uploaded file must come back from IndexedDB after a reload.
    page.close()
    page = open_page(context, url + ("?shared=1" if shared else ""), ModeResult(mode))
    for n, names in result.uploads.items():
        present = set(kept_files(page, n))
        result.lost_files += [f"app{n}/{name}" for name in names if name not in present]
    page.close()
    return result


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


def growth(start: float, end: float) -> float:
    return (end - start) / start if start else 0.0


def report(result: ModeResult, reruns: int) -> list[str]:
    tenth = max(len(result.latencies) // 10, 1)
    first, last = percentiles(result.latencies[:tenth]), percentiles(result.latencies[-tenth:])
    mb = 1e6
    print(
        f"\n== {result.mode} workers: {APPS} apps x {reruns} reruns, {sum(map(len, result.uploads.values()))} uploads, {result.seconds:.0f} s"
    )
    print(
        f"  worker heap     start {result.heap_start / mb:8.1f} MB   end {result.heap_end / mb:8.1f} MB   {growth(result.heap_start, result.heap_end):+.1%}"
    )
    print(
        f"  page JS heap    start {result.page_heap_start / mb:8.1f} MB   end {result.page_heap_end / mb:8.1f} MB   {growth(result.page_heap_start, result.page_heap_end):+.1%}"
    )
    print(
        f"  browser memory  start {result.browser_start / mb:8.1f} MB   end {result.browser_end / mb:8.1f} MB   {growth(result.browser_start, result.browser_end):+.1%}"
    )
    for label, index in (("p50", 0), ("p95", 1), ("p99", 2)):
        print(
            f"  rerun {label}       start {first[index] * 1000:8.0f} ms   end {last[index] * 1000:8.0f} ms   {growth(first[index], last[index]):+.1%}"
        )
    print(f"  persisted files lost after reload: {len(result.lost_files)}")
    print(f"  errors: {len(result.errors)}")
    for error in result.errors[:20]:
        print(f"    {error[:300]}")
    flags = []
    checks = {
        "worker heap": (result.heap_start, result.heap_end),
        "page JS heap": (result.page_heap_start, result.page_heap_end),
        "browser memory": (result.browser_start, result.browser_end),
        **{f"rerun {label}": (first[i], last[i]) for i, label in enumerate(("p50", "p95", "p99"))},
    }
    for name, (start, end) in checks.items():
        if growth(start, end) > GROWTH_LIMIT:
            flags.append(f"{result.mode}: {name} grew {growth(start, end):+.1%} (limit {GROWTH_LIMIT:.0%})")
    flags += [f"{result.mode}: lost {name}" for name in result.lost_files]
    flags += [f"{result.mode}: {error[:200]}" for error in result.errors]
    return flags


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reruns", type=int, default=1000, help="widget reruns per app and mode (default 1000)")
    parser.add_argument("--upload-every", type=int, default=50, help="an upload per app every N reruns (0: none)")
    parser.add_argument("--modes", default="own,shared", help="own (a worker per app), shared (one SharedWorker)")
    args = parser.parse_args()
    flags: list[str] = []
    with tempfile.TemporaryDirectory() as temp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        with static_host(write_site(Path(temp)), ServingPolicy(cache_control="no-cache")) as (_host, url):
            for mode in args.modes.split(","):
                context = browser.new_context()
                result = soak(context, url, mode, args.reruns, args.upload_every)
                context.close()
                flags += report(result, args.reruns)
        browser.close()
    print("\nFLAGGED:" if flags else "\nnothing grew by more than 5%, no file lost, no error")
    for flag in flags:
        print(f"  {flag}")
    return 1 if flags else 0


if __name__ == "__main__":
    raise SystemExit(main())
