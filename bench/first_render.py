"""First render and rerun latency of the demo app: wasmlit vs native `streamlit run`.

    .venv/bin/python bench/first_render.py [--rounds 3]

Each round, alternating, starts a fresh browser profile (cold), navigates, and measures:
  first render  navigation -> the app's title visible
  rerun         typing a name + Enter -> the echoed greeting visible (median of 10)
Prints medians, absolute and as wasmlit/native ratios. Same browser, same machine, same run.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, FrameLocator, Page, sync_playwright

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "examples" / "hello"
TITLE = "Hello from wasmlit"
RERUNS = 10
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def server(command: list[str], url: str):
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1].strip("/"))), 0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(10)


def wasmlit_server():
    port = free_port()
    return server([sys.executable, "-m", "wasmlit.cli", "serve", str(APP), "--port", str(port)], f"http://127.0.0.1:{port}/")


def native_server():
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(APP / "streamlit_app.py"), "--server.headless", "true",
               "--server.port", str(port), "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]  # fmt: skip
    return server(command, f"http://127.0.0.1:{port}/")


def measure(browser: Browser, url: str, app_of: Callable[[Page], Page | FrameLocator]) -> tuple[float, float]:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(120_000)
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    app = app_of(page)
    app.get_by_role("heading", name=TITLE).wait_for()
    first_render = time.perf_counter() - start

    box = app.get_by_label("Your name")
    box.wait_for()
    reruns = []
    for index in range(RERUNS):
        box.fill(f"visitor {index}")
        start = time.perf_counter()
        box.press("Enter")
        app.get_by_text(f"Hello, visitor {index}!").wait_for()
        reruns.append(time.perf_counter() - start)
    context.close()
    return first_render, statistics.median(reruns)


def in_frame(page: Page) -> FrameLocator:
    return page.frame_locator("iframe[title='Streamlit app']")


def on_page(page: Page) -> Page:
    return page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    results: dict[str, list[tuple[float, float]]] = {"wasmlit": [], "native": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        with wasmlit_server() as wasmlit_url, native_server() as native_url:
            for round_number in range(rounds):
                results["wasmlit"].append(measure(browser, wasmlit_url, in_frame))
                results["native"].append(measure(browser, native_url, on_page))
                print(f"round {round_number + 1}: wasmlit {results['wasmlit'][-1]}, native {results['native'][-1]}", flush=True)
        browser.close()

    medians = {name: [statistics.median(values) for values in zip(*runs)] for name, runs in results.items()}
    print(f"\n{'':14}{'wasmlit':>10}{'native':>10}{'ratio':>8}")
    for index, label in enumerate(["first render", "rerun"]):
        wasmlit, native = medians["wasmlit"][index], medians["native"][index]
        print(f"{label:14}{wasmlit:>9.3f}s{native:>9.3f}s{wasmlit / native:>7.2f}x")


if __name__ == "__main__":
    main()
