"""The sharing editor's figures: time from opening a sample link to the app's first render
(cold profile, then warm), each sample's link length, and the editor's own bytes before it is
usable. Run after `make build`: `.venv/bin/python bench/editor.py [--rounds 3]`. Not part of `make test`.

Each figure is measured on localhost and on an emulated link (CDP on the editor's page:
the preview frame and its worker are other targets, so only the editor's own bytes are slowed).
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page, sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from e2e.editor_support import preview_app, running_editor  # noqa: E402

EDITOR_DIR = REPO / "python" / "wasmlit" / "editor"
TIMEOUT_MS = 180_000
# 50 Mbit/s down, 10 up, 40 ms round trip: a good home link.
LINK = {"offline": False, "latency": 40, "downloadThroughput": 50e6 / 8, "uploadThroughput": 10e6 / 8}
SAMPLE = "hello"
HEADING = "Hello, widgets"


def open_sample(page: Page, url: str, emulate: bool) -> tuple[float, float, int]:
    """Seconds to a usable editor, seconds to the app's first render, editor-origin bytes before usable."""
    editor_host = urlsplit(url).netloc
    own_bytes = {"n": 0}
    usable = {"done": False}

    def finished(request) -> None:  # noqa: ANN001
        if urlsplit(request.url).netloc == editor_host and not usable["done"]:
            sizes = request.sizes()
            own_bytes["n"] += sizes["responseBodySize"] + sizes["responseHeadersSize"]

    page.on("requestfinished", finished)
    if emulate:
        page.context.new_cdp_session(page).send("Network.emulateNetworkConditions", LINK)
    start = time.perf_counter()
    page.goto(url)
    page.locator(".cm-content").wait_for()
    usable["done"] = True
    editor_ready = time.perf_counter() - start
    preview_app(page).get_by_role("heading", name=HEADING, exact=True).wait_for(timeout=TIMEOUT_MS)
    return editor_ready, time.perf_counter() - start, own_bytes["n"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    samples = json.loads((EDITOR_DIR / "samples.json").read_text())
    link = next(sample["fragment"] for sample in samples if sample["name"] == SAMPLE)
    figures: dict[str, list[float]] = {}
    with running_editor() as site, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), headless=True, args=["--no-sandbox"]
        )
        for _ in range(args.rounds):
            for emulate in (False, True):
                where = "link" if emulate else "localhost"
                context: BrowserContext = browser.new_context()
                try:
                    for visit in ("cold", "warm"):
                        page = context.new_page()
                        page.set_default_timeout(TIMEOUT_MS)
                        ready, render, own = open_sample(page, f"{site.url}#{link}", emulate)
                        figures.setdefault(f"{where} {visit}: editor usable (s)", []).append(ready)
                        figures.setdefault(f"{where} {visit}: sample link to first render (s)", []).append(render)
                        figures.setdefault(f"{where} {visit}: editor bytes before usable", []).append(own)
                        page.close()
                finally:
                    context.close()
        browser.close()
    for name, values in figures.items():
        print(f"{name:55} median {statistics.median(values):12.2f}   ({', '.join(f'{v:.2f}' for v in values)})")
    base = len("https://edit.example.org/")
    print("link lengths (editor link with a 25-character base URL):")
    for sample in samples:
        print(f"  {sample['name']:18} {base + 1 + len(sample['fragment']):6}")
    shipped = ("index.html", "editor.js", "editor.css", "config.json")
    raw = sum((EDITOR_DIR / name).stat().st_size for name in shipped if (EDITOR_DIR / name).exists())
    zipped = sum(
        len(gzip.compress((EDITOR_DIR / name).read_bytes())) for name in shipped if (EDITOR_DIR / name).exists()
    )
    print(f"editor files before usable: {raw:,} bytes, {zipped:,} gzipped (index.html, editor.js, editor.css)")


if __name__ == "__main__":
    main()
