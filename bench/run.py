"""Boot, rerun, bytes and memory of wasmlit against native Streamlit and bare Pyodide.

    .venv/bin/python bench/run.py [--rounds 3] [--leak-reruns 200]

Same browser, same machine, same run; variants alternate within each round and the
figures are medians over rounds. Cold = a fresh browser profile; warm = the same profile
visiting again. Needs `make build` and Debian's chromium. WASMLIT_RUNTIME_DIR=DIR measures
another runtime build (`python -m wasmlit.runtime_build --out DIR`).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
from collections import defaultdict
from pathlib import Path

from measure import bare_pyodide, rerun_latency, visit_native, visit_wasmlit, worker_heap_bytes
from pages import DEMO_APP, write_site
from playwright.sync_api import sync_playwright
from servers import native_streamlit, static_server

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
RERUN_SAMPLES = 10
# Exports are served with content-addressed runtime files; a host may cache them for long.
CACHE_CONTROL = "public, max-age=31536000"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--leak-reruns", type=int, default=200)
    args = parser.parse_args()

    figures: dict[str, list[float]] = defaultdict(list)
    phases: dict[str, list[int]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as temp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        site = write_site(Path(temp))
        with static_server(site, CACHE_CONTROL) as base, native_streamlit(DEMO_APP) as native_url:
            for round_number in range(1, args.rounds + 1):
                # wasmlit, cold then warm (same profile), with rerun latency on the warm page
                context = browser.new_context()
                cold, page = visit_wasmlit(context, base + "app.html")
                page.close()
                warm, page = visit_wasmlit(context, base + "app.html")
                figures["wasmlit cold first render"].append(cold.first_render_s)
                figures["wasmlit warm first render"].append(warm.first_render_s)
                figures["wasmlit rerun"].append(
                    rerun_latency(page.frame_locator("iframe[title='Streamlit app']"), RERUN_SAMPLES)
                )
                figures["wasmlit bytes before first render (cold)"].append(cold.bytes_received)
                figures["wasmlit requests before first render (cold)"].append(cold.requests)
                figures["wasmlit third-party requests"].append(cold.third_party_requests + warm.third_party_requests)
                for name, value in cold.phases_ms.items():
                    phases[name].append(value)
                context.close()

                # native streamlit run, cold
                context = browser.new_context()
                native, page = visit_native(context, native_url)
                figures["native cold first render"].append(native.first_render_s)
                figures["native rerun"].append(rerun_latency(page, RERUN_SAMPLES))
                figures["native bytes before first render"].append(native.bytes_received)
                context.close()

                # bare Pyodide in a worker, cold then warm
                context = browser.new_context()
                figures["bare Pyodide cold"].append(bare_pyodide(context, base + "bare.html"))
                figures["bare Pyodide warm"].append(bare_pyodide(context, base + "bare.html"))
                context.close()
                print(f"round {round_number}/{args.rounds} done", flush=True)

            memory = measure_memory(browser, base + "app.html", args.leak_reruns)
        browser.close()

    report(figures, phases, memory, args.leak_reruns)


def measure_memory(browser, url: str, reruns: int) -> tuple[int, int]:
    context = browser.new_context()
    _, page = visit_wasmlit(context, url)
    after_first = worker_heap_bytes(page)
    app = page.frame_locator("iframe[title='Streamlit app']")
    rerun_latency(app, reruns)
    after_reruns = worker_heap_bytes(page)
    context.close()
    return after_first, after_reruns


def report(figures: dict[str, list[float]], phases: dict[str, list[int]], memory: tuple[int, int], reruns: int) -> None:
    median = {name: statistics.median(values) for name, values in figures.items()}
    print("\nmedians")
    for name, value in median.items():
        if "bytes" in name:
            shown = f"{value / 1e6:.2f} MB"
        elif "requests" in name:
            shown = f"{value:.0f}"
        else:
            shown = f"{value:.3f} s"
        print(f"  {name:45} {shown}")

    print("\nwasmlit boot phases (cold, median ms)")
    for name, values in phases.items():
        print(f"  {name:45} {statistics.median(values):.0f}")

    after_first, after_reruns = memory
    print(
        f"\nworker heap after first render {after_first / 1e6:.1f} MB, after {reruns} reruns {after_reruns / 1e6:.1f} MB"
    )

    print("\nratios (target)")
    ratios = [
        (
            "cold first render / native",
            median["wasmlit cold first render"] / median["native cold first render"],
            "<= 2.0",
        ),
        (
            "warm first render / bare Pyodide cold",
            median["wasmlit warm first render"] / median["bare Pyodide cold"],
            "<= 1.0",
        ),
        ("rerun / native", median["wasmlit rerun"] / median["native rerun"], "<= 1.0"),
        ("heap after reruns / after first render", after_reruns / after_first, "<= 1.05"),
    ]
    for name, value, target in ratios:
        print(f"  {name:45} {value:.2f}x  ({target})")
    print(
        f"  {'bytes before first render':45} {median['wasmlit bytes before first render (cold)'] / 1e6:.2f} MB  (<= 8 MB)"
    )
    print(f"  {'third-party requests':45} {median['wasmlit third-party requests']:.0f}  (0)")


if __name__ == "__main__":
    main()
