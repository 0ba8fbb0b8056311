"""What a visitor gets: wasmlit against native `streamlit run`, on emulated network links.

    .venv/bin/python bench/run.py [--rounds 3] [--profiles localhost,50mbps,10mbps] [--leak-reruns 200]

Per network profile (emulated by a proxy in front of every server, link.py, so the service
worker's fetches pay for the link as the page's do), in one run with one browser, variants
alternating within each round, medians over rounds:

- the demo app exported (`wasmlit export`) on two emulated static hosts: a "gzip host" that
  gzips compressible types and sends `Cache-Control: max-age=600` with ETags (as GitHub Pages
  does), and an "immutable host" that also caches content-hashed files for a year;
- the same app through `wasmlit serve`;
- native `streamlit run` of the same app on the same emulated link.

Cold = a fresh browser profile. A revisit after expiry is emulated by the host saying its first
answers are already 600 s old (`Age`), so the revisit revalidates as it would ten minutes later.
Needs `make build` and Debian's chromium. WASMLIT_RUNTIME_DIR=DIR measures another runtime build.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from link import Link, LinkSpeed, emulated_link
from measure import (
    APP_FRAME,
    PROFILES,
    Profile,
    Profiles,
    Visit,
    rerun_latency,
    visit,
    worker_heap_bytes,
)
from playwright.sync_api import sync_playwright
from servers import StaticHost, native_streamlit, static_host, wasmlit_serve
from wasmlit.runtime_bundle import hashed_file_predicate
from wasmlit.static_files import IMMUTABLE, ServingPolicy

# Playwright reports a service worker's own fetches only with this set (before it starts): an
# exported site's service worker fetches the whole runtime.
os.environ["PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS"] = "1"

REPO = Path(__file__).resolve().parents[1]
DEMO_APP = REPO / "examples" / "hello"
LIFETIME = 600
GZIP_HOST = ServingPolicy(cache_control=f"public, max-age={LIFETIME}", precompressed=False, gzip_on_the_fly=True)

Figures = dict[str, list[float]]


@dataclasses.dataclass
class ProfileResults:
    figures: Figures = dataclasses.field(default_factory=lambda: defaultdict(list))
    phases: dict[str, dict[str, list[int]]] = dataclasses.field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    bytes_by_file: dict[str, list[Counter[str]]] = dataclasses.field(default_factory=lambda: defaultdict(list))

    def add(self, name: str, result: Visit) -> None:
        self.figures[f"{name} s"].append(result.first_render_s)
        self.figures[f"{name} bytes"].append(result.wire_bytes)
        self.figures[f"{name} requests"].append(result.requests)
        self.figures[f"{name} from network"].append(result.from_network)
        self.figures["third-party requests"].append(result.third_party_requests)
        self.bytes_by_file[name].append(result.bytes_by_file)
        for phase, ms in result.phases_ms.items():
            self.phases[name][phase].append(ms)


def export_site(out: Path) -> Path:
    command = [sys.executable, "-m", "wasmlit.cli", "export", str(DEMO_APP), "-o", str(out)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profiles", default=",".join(PROFILES), help="comma-separated: " + ", ".join(PROFILES))
    parser.add_argument("--leak-reruns", type=int, default=200, help="reruns before the second heap reading (0: skip)")
    parser.add_argument("--rerun-samples", type=int, default=10)
    args = parser.parse_args()
    profiles = [PROFILES[name.strip()] for name in args.profiles.split(",")]

    started = time.monotonic()
    load_before = os.getloadavg()
    results: dict[str, ProfileResults] = {}
    memory: tuple[int, int] | None = None
    with tempfile.TemporaryDirectory() as temp, sync_playwright() as playwright:
        site = export_site(Path(temp) / "site")
        immutable = dataclasses.replace(GZIP_HOST, immutable_control=IMMUTABLE, is_hashed=hashed_file_predicate(site))
        browser = Profiles(playwright, Path(temp))
        with (
            static_host(site, GZIP_HOST) as (gzip_host, gzip_url),
            static_host(site, immutable) as (immutable_host, immutable_url),
            wasmlit_serve(DEMO_APP) as serve_url,
            native_streamlit(DEMO_APP / "streamlit_app.py") as native_url,
        ):
            for profile in profiles:
                with emulated_link(profile.speed) as link:
                    results[profile.name] = measure_profile(
                        profile, args,
                        export_variant(browser, link, gzip_host, gzip_url, "gzip host", revisit_fresh=True),
                        export_variant(browser, link, immutable_host, immutable_url, "immutable host", revisit_fresh=False),
                        two_visits(browser, link, serve_url, "wasmlit serve", in_frame=True),
                        two_visits(browser, link, native_url, "native", in_frame=False),
                    )  # fmt: skip
            if args.leak_reruns:
                memory = measure_memory(browser, gzip_url, args.leak_reruns)

    minutes = (time.monotonic() - started) / 60
    print(f"\n{len(profiles)} profile(s) x {args.rounds} round(s) in {minutes:.1f} min; "
          f"load average before {load_before[0]:.1f}, after {os.getloadavg()[0]:.1f} (2 cores)")  # fmt: skip
    for name, result in results.items():
        report_profile(name, result, args.rounds)
    if memory:
        after_first, after_reruns = memory
        print(f"\nworker heap after first render {after_first / 1e6:.1f} MB, after {args.leak_reruns} reruns "
              f"{after_reruns / 1e6:.1f} MB: {after_reruns / after_first:.2f}x (target <= 1.05x)")  # fmt: skip


Variant = Callable[[ProfileResults, int], None]


def export_variant(
    browser: Profiles, link: Link, host: StaticHost, url: str, name: str, *, revisit_fresh: bool
) -> Variant:
    """Cold visit, a revisit after the cache lifetime expired, and (optionally) one within it."""
    url = link.url_through(url)

    def run(results: ProfileResults, rerun_samples: int) -> None:
        context = browser.new_context()
        host.policy = dataclasses.replace(host.policy, age=LIFETIME)  # the first visit was 10 minutes ago
        cold, page = visit(context, url, link, in_frame=True)
        page.close()
        host.policy = dataclasses.replace(host.policy, age=0)
        results.add(f"{name} cold", cold)
        expired, page = visit(context, url, link, in_frame=True)
        results.add(f"{name} revisit expired", expired)
        if revisit_fresh:
            page.close()
            fresh, page = visit(context, url, link, in_frame=True)
            results.add(f"{name} revisit fresh", fresh)
            results.figures["wasmlit rerun s"].append(rerun_latency(page.frame_locator(APP_FRAME), rerun_samples))
        context.close()

    return run


def two_visits(browser: Profiles, link: Link, url: str, name: str, *, in_frame: bool) -> Variant:
    url = link.url_through(url)

    def run(results: ProfileResults, rerun_samples: int) -> None:
        context = browser.new_context()
        cold, page = visit(context, url, link, in_frame=in_frame)
        page.close()
        results.add(f"{name} cold", cold)
        again, page = visit(context, url, link, in_frame=in_frame)
        results.add(f"{name} reload", again)
        if not in_frame:
            results.figures["native rerun s"].append(rerun_latency(page, rerun_samples))
        context.close()

    return run


def measure_profile(profile: Profile, args: argparse.Namespace, *variants: Variant) -> ProfileResults:
    results = ProfileResults()
    for round_number in range(args.rounds):
        # Alternate the order, so no variant always runs first (or right after another's load).
        shift = round_number % len(variants)
        for variant in variants[shift:] + variants[:shift]:
            variant(results, args.rerun_samples)
        print(f"{profile.name}: round {round_number + 1}/{args.rounds} done", flush=True)
    return results


def measure_memory(browser: Profiles, url: str, reruns: int) -> tuple[int, int]:
    context = browser.new_context()
    with emulated_link(LinkSpeed(None)) as link:
        _, page = visit(context, link.url_through(url), link, in_frame=True)
        after_first = worker_heap_bytes(page)
        rerun_latency(page.frame_locator(APP_FRAME), reruns)
        after_reruns = worker_heap_bytes(page)
    context.close()
    return after_first, after_reruns


def report_profile(name: str, results: ProfileResults, rounds: int) -> None:
    median = {key: statistics.median(values) for key, values in results.figures.items()}
    native_cold, native_reload = median["native cold s"], median["native reload s"]
    cold_target = "<= 1.5x" if name == "localhost" else "<= 2.5x" if name.startswith("50") else ""

    def row(label: str, wasmlit: float, native: float, target: str) -> None:
        ratio = wasmlit / native
        met = "" if not target else ("  met" if ratio <= float(target.split()[1][:-1]) else "  NOT met")
        print(f"  {label:46} {wasmlit:7.2f} s  {native:6.2f} s  {ratio:5.2f}x  {target}{met}")

    print(f"\n== {name} ({rounds} rounds, medians)")
    print(f"  {'':46} {'wasmlit':>9}  {'native':>8}  {'ratio':>6}  target")
    for host in ("gzip host", "immutable host"):
        row(f"cold first render, export on {host}", median[f"{host} cold s"], native_cold, cold_target)
    row("cold first render, wasmlit serve", median["wasmlit serve cold s"], native_cold, cold_target)
    for host in ("gzip host", "immutable host"):
        row(
            f"revisit after expiry, {host} / native reload",
            median[f"{host} revisit expired s"],
            native_reload,
            "<= 1.0x",
        )
    row(
        "revisit within lifetime, gzip host / native reload",
        median["gzip host revisit fresh s"],
        native_reload,
        "<= 1.0x",
    )
    row("reload, wasmlit serve / native reload", median["wasmlit serve reload s"], native_reload, "<= 1.0x")
    row("rerun (text input -> echo)", median["wasmlit rerun s"], median["native rerun s"], "<= 1.0x")

    print(f"\n  {'before first render':46} {'MB':>7} {'requests':>9} {'network':>8}")
    for visit_name in ("gzip host cold", "gzip host revisit expired", "gzip host revisit fresh",
                       "immutable host cold", "immutable host revisit expired", "wasmlit serve cold",
                       "wasmlit serve reload", "native cold", "native reload"):  # fmt: skip
        print(f"  {visit_name:46} {median[visit_name + ' bytes'] / 1e6:7.2f} {median[visit_name + ' requests']:9.0f} "
              f"{median[visit_name + ' from network']:8.0f}")  # fmt: skip
    target = median["gzip host cold bytes"] / 1e6
    print(
        f"  bytes before first render, gzip host cold: {target:.2f} MB (target <= 12 MB: {'met' if target <= 12 else 'NOT met'})"
    )
    print(f"  third-party requests: {max(results.figures['third-party requests']):.0f}")

    for visit_name in ("gzip host cold", "wasmlit serve cold"):
        print(f"\n  bytes on the wire before first render by file, {visit_name} (median KB)")
        files = {file for counter in results.bytes_by_file[visit_name] for file in counter}
        sizes = {file: statistics.median(c[file] for c in results.bytes_by_file[visit_name]) for file in files}
        ranked = sorted(sizes.items(), key=lambda item: -item[1])
        for file, size in ranked[:10]:
            print(f"    {size / 1e3:9.0f}  {file}")
        rest = ranked[10:]
        if rest:
            print(f"    {sum(size for _, size in rest) / 1e3:9.0f}  {len(rest)} other files")

    for visit_name in ("gzip host cold", "gzip host revisit expired"):
        print(f"\n  worker boot phases, {visit_name} (median ms)")
        for phase, values in results.phases[visit_name].items():
            print(f"    {statistics.median(values):7.0f}  {phase}")


if __name__ == "__main__":
    main()
