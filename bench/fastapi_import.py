"""What importing FastAPI (with pydantic and pydantic-core) adds to an app's first render.

The FluxLit example also imports requests (its script calls its own API), so the figure
includes requests and urllib3 as well: what a FluxLit app pays.

    .venv/bin/python bench/fastapi_import.py [--rounds 3]

Exports two apps with `wasmlit export`: examples/fluxlit (FastAPI mounted in st.App) and the
same page with no API (the baseline), serves both from one static server, and times goto ->
the "Items" heading in a fresh profile (cold) and again in the same profile (warm). Prints
medians over rounds and the difference against the baseline measured in the same run, on
localhost and on an emulated 50 Mbps / 20 ms link.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from link import LinkSpeed, emulated_link
from measure import CHROMIUM_ARGS
from playwright.sync_api import BrowserContext, sync_playwright
from servers import static_host
from wasmlit.static_files import ServingPolicy

REPO = Path(__file__).resolve().parents[1]
BASELINE = 'import streamlit as st\n\nst.title("Items")\nst.write("Item 21: Widget at 2.50")\n'
# Emulated by a proxy (link.py), not CDP: an export's service worker fetches the runtime itself.
LINKS = {"localhost": LinkSpeed(None), "50 Mbps": LinkSpeed(50, 20)}


def export(app: Path, site: Path) -> None:
    subprocess.run([sys.executable, "-m", "wasmlit.cli", "export", str(app), "-o", str(site)], check=True,
                   capture_output=True)  # fmt: skip


def first_render(context: BrowserContext, url: str) -> float:
    page = context.new_page()
    page.set_default_timeout(180_000)
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.frame_locator("iframe[title='Streamlit app']").get_by_role("heading", name="Items").wait_for()
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    figures: dict[str, list[float]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as temp, sync_playwright() as playwright:
        root = Path(temp) / "www"
        baseline_app = Path(temp) / "baseline"
        baseline_app.mkdir()
        (baseline_app / "streamlit_app.py").write_text(BASELINE)
        export(baseline_app, root / "baseline")
        export(REPO / "examples" / "fluxlit", root / "fastapi")
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        with static_host(root, ServingPolicy()) as (_, base):
            for _ in range(args.rounds):
                for where, speed in LINKS.items():
                    with emulated_link(speed) as link:
                        url = link.url_through(base)
                        for app in ("baseline", "fastapi"):
                            context = browser.new_context()
                            figures[f"{app} cold {where}"].append(first_render(context, f"{url}{app}/"))
                            figures[f"{app} warm {where}"].append(first_render(context, f"{url}{app}/"))
                            context.close()
        browser.close()
    print(f"first render, median of {args.rounds} rounds (s)")
    for visit in ("cold localhost", "warm localhost", "cold 50 Mbps", "warm 50 Mbps"):
        base_s = statistics.median(figures[f"baseline {visit}"])
        fastapi_s = statistics.median(figures[f"fastapi {visit}"])
        print(f"  {visit:<15} baseline {base_s:6.2f}  with FastAPI {fastapi_s:6.2f}  "
              f"adds {fastapi_s - base_s:+6.2f} s  ({fastapi_s / base_s:.2f}x)")  # fmt: skip


if __name__ == "__main__":
    main()
