"""The sharing editor's figures: time from opening a sample link to the app's first render
(cold profile, then warm), each sample's link length, and the editor's own bytes before it is
usable. Run after `make build`: `.venv/bin/python bench/editor.py [--rounds 3] [--profiles localhost,50mbps]`.
Not part of `make test`: performance is measured, never asserted.

The editor is `wasmlit export-editor`, published twice on emulated static hosts (gzip on the fly,
as GitHub Pages does): the editor on one origin, its preview on another (`--preview-url`). Both
origins are reached through one emulated link (link.py: a proxy in front of each, sharing the
visitor's last mile), so the preview's page, its runtime and its service workers' fetches pay for
the link as the editor's do; Chromium's CDP throttling would slow only the editor's page.

The baseline: the same sample exported alone (`wasmlit export`) on the same kind of host and
link, so the ratio is what opening an app through the editor costs over its own site.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from link import Link, emulated_link
from measure import APP_FRAME, PROFILES, Profile, Profiles
from playwright.sync_api import Page, Request, sync_playwright
from servers import static_host
from wasmlit.static_files import ServingPolicy

REPO = Path(__file__).resolve().parents[1]
EDITOR_DIR = REPO / "python" / "wasmlit" / "editor"
SAMPLES_DIR = REPO / "sharing-editor" / "samples"
TIMEOUT_MS = 300_000
SAMPLE = "hello"
HEADING = "Hello, widgets"
GZIP_HOST = ServingPolicy(cache_control="public, max-age=600", precompressed=False, gzip_on_the_fly=True)

Figures = dict[str, list[float]]


def run_cli(*args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "wasmlit.cli", *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"wasmlit {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


@contextmanager
def editor_on_link(temp: Path, link: Link) -> Iterator[str]:
    """The editor's URL through `link`; its preview is a second host, also through `link`."""
    site = temp / f"editor-site-{time.monotonic_ns()}"
    with ExitStack() as stack:
        _, editor_upstream = stack.enter_context(static_host(site, GZIP_HOST))
        _, preview_upstream = stack.enter_context(static_host(site, GZIP_HOST))
        editor_url, preview_root = link.url_through(editor_upstream), link.url_through(preview_upstream)
        # The preview's URL is written into the site, so the site is exported once the proxy's port is known.
        run_cli("export-editor", "-o", str(site), "--preview-url", preview_root + "preview/")
        yield editor_url


@contextmanager
def exported_sample_on_link(temp: Path, link: Link) -> Iterator[str]:
    site = temp / f"sample-site-{time.monotonic_ns()}"
    run_cli("export", str(SAMPLES_DIR / SAMPLE), "-o", str(site))
    with static_host(site, GZIP_HOST) as (_, upstream):
        yield link.url_through(upstream)


def preview_heading(page: Page):  # noqa: ANN201 (a Locator)
    app = page.frame_locator("iframe.preview-frame").frame_locator(APP_FRAME)
    return app.get_by_role("heading", name=HEADING, exact=True)


def open_sample_link(page: Page, url: str, link: Link) -> dict[str, float]:
    """Seconds to a usable editor and to the app's first render; the editor origin's bytes before
    it was usable, and every byte the link carried before the first render."""
    editor_host = urlsplit(url).netloc
    own = {"bytes": 0, "usable": False}

    def finished(request: Request) -> None:
        if urlsplit(request.url).netloc == editor_host and not own["usable"]:
            sizes = request.sizes()
            own["bytes"] += sizes["responseBodySize"] + sizes["responseHeadersSize"]

    page.on("requestfinished", finished)
    link_before = link.bytes_down
    start = time.perf_counter()
    page.goto(url)
    page.locator(".cm-content").wait_for()
    own["usable"] = True
    usable = time.perf_counter() - start
    preview_heading(page).wait_for(timeout=TIMEOUT_MS)
    return {
        "editor usable (s)": usable,
        "sample link to first render (s)": time.perf_counter() - start,
        "editor bytes before usable": own["bytes"],
        "link bytes before first render": link.bytes_down - link_before,
    }


def open_exported(page: Page, url: str, link: Link) -> dict[str, float]:
    link_before = link.bytes_down
    start = time.perf_counter()
    page.goto(url)
    page.frame_locator(APP_FRAME).get_by_role("heading", name=HEADING, exact=True).wait_for(timeout=TIMEOUT_MS)
    return {
        "export: first render (s)": time.perf_counter() - start,
        "export: link bytes before first render": link.bytes_down - link_before,
    }


def two_visits(browser: Profiles, figures: Figures, measure, url: str, link: Link) -> None:  # noqa: ANN001
    """A cold visit in a fresh profile, then a warm one in the same profile (a new tab)."""
    context = browser.new_context()
    try:
        for visit in ("cold", "warm"):
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            for name, value in measure(page, url, link).items():
                figures[f"{visit} {name}"].append(value)
            page.close()
    finally:
        context.close()


def measure_profile(browser: Profiles, temp: Path, profile: Profile, rounds: int, fragment: str) -> Figures:
    figures: Figures = defaultdict(list)
    with emulated_link(profile.speed) as link:
        with editor_on_link(temp, link) as editor_url, exported_sample_on_link(temp, link) as sample_url:
            for round_number in range(rounds):
                # Alternating, so a slow spell of the machine does not land on one side only.
                two_visits(browser, figures, open_sample_link, f"{editor_url}#{fragment}", link)
                two_visits(browser, figures, open_exported, sample_url, link)
                print(f"{profile.name}: round {round_number + 1}/{rounds} done", flush=True)
    return figures


def report(name: str, figures: Figures, rounds: int) -> None:
    median = {key: statistics.median(values) for key, values in figures.items()}
    print(f"\n== {name} ({rounds} rounds, medians)")
    print(f"  {'':40} {'editor':>9}  {'export':>8}  {'ratio':>6}")
    for visit in ("cold", "warm"):
        editor = median[f"{visit} sample link to first render (s)"]
        alone = median[f"{visit} export: first render (s)"]
        print(f"  {visit + ' sample link to first render':40} {editor:7.2f} s  {alone:6.2f} s  {editor / alone:5.2f}x")
    for visit in ("cold", "warm"):
        print(f"  {visit + ' editor usable':40} {median[f'{visit} editor usable (s)']:7.2f} s")
    for visit in ("cold", "warm"):
        editor_mb = median[f"{visit} link bytes before first render"] / 1e6
        alone_mb = median[f"{visit} export: link bytes before first render"] / 1e6
        print(f"  {visit + ' MB on the link before first render':40} {editor_mb:7.2f}    {alone_mb:6.2f}")
    for visit in ("cold", "warm"):
        print(f"  {visit + ' editor bytes before usable':40} {median[f'{visit} editor bytes before usable']:9,.0f}")
    for key, values in sorted(figures.items()):
        print(f"    {key:52} ({', '.join(f'{v:.2f}' if v < 1000 else f'{v:,.0f}' for v in values)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profiles", default="localhost,50mbps", help="comma-separated: " + ", ".join(PROFILES))
    args = parser.parse_args()
    profiles = [PROFILES[name.strip()] for name in args.profiles.split(",")]
    samples = json.loads((EDITOR_DIR / "samples.json").read_text())
    fragment = next(sample["fragment"] for sample in samples if sample["name"] == SAMPLE)
    results: dict[str, Figures] = {}
    with tempfile.TemporaryDirectory() as temp, sync_playwright() as playwright:
        browser = Profiles(playwright, Path(temp))
        for profile in profiles:
            results[profile.name] = measure_profile(browser, Path(temp), profile, args.rounds, fragment)
    for name, figures in results.items():
        report(name, figures, args.rounds)
    base = len("https://edit.example.org/")
    print("\nlink lengths (editor link with a 25-character base URL):")
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
