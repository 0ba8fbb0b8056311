"""Restart after a crash, against the first boot of the same app in the same run.

    .venv/bin/python bench/restart.py [--rounds 3]

Not part of `make test`. Each round opens a fresh browser context on a page that mounts an
app, times its first render (first boot: the memory snapshot, cold Pyodide), crashes the
interpreter for real (ctypes reads unmapped memory), then times from the click on "Restart the
app" to the app's first render again, and prints medians and their ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from measure import CHROMIUM_ARGS
from playwright.sync_api import sync_playwright
from servers import static_host
from wasmlit.static_files import ServingPolicy

REPO = Path(__file__).resolve().parents[1]
RUNTIME_DIR = Path(os.environ.get("WASMLIT_RUNTIME_DIR", REPO / "python" / "wasmlit" / "runtime"))
APP = """
import ctypes
import streamlit as st

st.header("Ready to crash")
if st.button("Crash"):
    ctypes.string_at(0xFFFFFFF0, 64)
"""
PAGE = """<!doctype html><html><head><meta charset="utf-8"><script src="./wasmlit/wasmlit.js"></script></head>
<body><div id="root"></div><script>window.controller = wasmlit.mount(APP_CODE, document.getElementById("root"));</script>
</body></html>"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    boots, restarts = [], []
    with tempfile.TemporaryDirectory() as temp, sync_playwright() as playwright:
        root = Path(temp)
        os.symlink(RUNTIME_DIR, root / "wasmlit")
        (root / "index.html").write_text(PAGE.replace("APP_CODE", json.dumps(APP)))
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_ARGS
        )
        with static_host(root, ServingPolicy(cache_control="public, max-age=31536000")) as (_host, url):
            for round_number in range(args.rounds):
                context = browser.new_context()
                page = context.new_page()
                page.set_default_timeout(180_000)
                app = page.frame_locator("iframe[title='Streamlit app']")
                start = time.perf_counter()
                page.goto(url)
                app.get_by_role("heading", name="Ready to crash").wait_for()
                boots.append(time.perf_counter() - start)
                app.get_by_role("button", name="Crash").click()
                restart = page.get_by_role("button", name="Restart the app")
                restart.wait_for()
                start = time.perf_counter()
                restart.click()
                app.get_by_role("heading", name="Ready to crash").wait_for()
                restarts.append(time.perf_counter() - start)
                print(
                    f"round {round_number + 1}: first boot {boots[-1]:.2f} s, restart {restarts[-1]:.2f} s", flush=True
                )
                context.close()
        browser.close()
    boot, again = statistics.median(boots), statistics.median(restarts)
    print(
        f"\nmedian over {args.rounds} rounds: first boot {boot:.2f} s, restart after a crash {again:.2f} s ({again / boot:.2f}x)"
    )


if __name__ == "__main__":
    main()
