"""`wasmlit desktop`: build time, size, launch to first render, memory; against headless Chromium.

    .venv/bin/python bench/desktop.py [--app examples/hello] [--rounds 3] [--onefile]

Builds the app once as a folder (and once as one file with --onefile), then alternates, per
round: the program cold (a fresh home: new profile), the program again (second launch, same
home), and the baseline, Debian's Chromium (headless, fresh profile) opening the same exported
site from the same loopback server. First render = from starting the process to the app's
first text being visible. Memory = the proportional set size (PSS) of every process of the
program (or of Chromium) once the app has rendered. Needs `make build`, xvfb-run, chromium.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from measure import CHROMIUM_ARGS
from playwright.sync_api import Browser, Playwright, sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from wasmlit_desktop.bundle import SITE_DIR  # noqa: E402
from wasmlit_desktop.shell.loopback_server import origin, start_server  # noqa: E402

from tests.e2e.desktop.cdp_proxy import start_relay  # noqa: E402

FIRST_TEXT = "Hello, world!"  # examples/hello's first output


def build(app: Path, out: Path, onefile: bool) -> tuple[float, Path, int]:
    started = time.monotonic()
    command = [sys.executable, "-m", "wasmlit.cli", "desktop", str(app), "-o", str(out), "--name", "bench"]
    subprocess.run([*command, *(["--onefile"] if onefile else [])], check=True, stdout=subprocess.DEVNULL)
    seconds = time.monotonic() - started
    program = out / "bench" if onefile else out / "bench" / "bench"
    size = (
        program.stat().st_size
        if onefile
        else sum(p.lstat().st_size for p in program.parent.rglob("*") if p.is_file() and not p.is_symlink())
    )
    return seconds, program, size


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            children.setdefault(int(stat.read_text().rsplit(")", 1)[1].split()[1]), []).append(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def pss_bytes(pids: set[int], skip: tuple[str, ...] = ()) -> int:
    total = 0
    for pid in pids:
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip().startswith(skip):
                continue
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def wait_for_text(browser: Browser, started: float) -> float:
    page = browser.contexts[0].pages[0]
    page.frame_locator("iframe[title='Streamlit app']").get_by_text(FIRST_TEXT).wait_for(timeout=180_000)
    return time.monotonic() - started


def run_program(playwright: Playwright, program: Path, home: Path) -> tuple[float, int]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "QT_", "DISPLAY"))}
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    env.update(HOME=str(home), TMPDIR=str(home / "tmp"), QTWEBENGINE_REMOTE_DEBUGGING=f"127.0.0.1:{port}")
    started = time.monotonic()
    xvfb = subprocess.Popen(["xvfb-run", "-a", str(program)], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/json/version", timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        relay, url = start_relay(port)
        browser = playwright.chromium.connect_over_cdp(url)
        first_render = wait_for_text(browser, started)
        memory = pss_bytes(descendants(xvfb.pid), skip=("Xvfb", "xvfb-run", "xauth"))
        browser.close()
        relay.shutdown()
        return first_render, memory
    finally:
        os.killpg(xvfb.pid, signal.SIGTERM)
        xvfb.wait(timeout=30)


def run_chromium(playwright: Playwright, site_url: str) -> tuple[float, int]:
    started = time.monotonic()
    browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
    page = browser.new_page()
    page.goto(site_url)
    page.frame_locator("iframe[title='Streamlit app']").get_by_text(FIRST_TEXT).wait_for(timeout=180_000)
    first_render = time.monotonic() - started
    memory = pss_bytes({pid for pid in descendants(os.getpid()) if "chrom" in Path(f"/proc/{pid}/comm").read_text()})
    browser.close()
    return first_render, memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--app", type=Path, default=REPO / "examples" / "hello")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--onefile", action="store_true", help="also build and measure the one-file program")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp_name, sync_playwright() as playwright:
        temp = Path(temp_name)
        build_s, program, size = build(args.app, temp / "dist", onefile=False)
        print(f"build (folder): {build_s:.0f} s, {size / 1e6:.0f} MB")
        if args.onefile:
            onefile_s, onefile_program, onefile_size = build(args.app, temp / "dist-onefile", onefile=True)
            print(f"build (--onefile): {onefile_s:.0f} s, {onefile_size / 1e6:.0f} MB")
        site = program.parent / "_internal" / SITE_DIR
        server = start_server(site, [0])
        figures: dict[str, list[float]] = {}
        for round_number in range(args.rounds):
            home = temp / f"home-{round_number}"
            measured = {
                "program cold": run_program(playwright, program, home),
                "program second launch": run_program(playwright, program, home),
                "chromium cold (baseline)": run_chromium(playwright, origin(server) + "/"),
            }
            if args.onefile:
                measured["program --onefile cold"] = run_program(
                    playwright, onefile_program, temp / f"one-{round_number}"
                )
            for name, (seconds, memory) in measured.items():
                figures.setdefault(f"{name} first render s", []).append(seconds)
                figures.setdefault(f"{name} memory MB", []).append(memory / 1e6)
            print(
                f"round {round_number + 1}: "
                + ", ".join(f"{k} {v[0]:.2f}s {v[1] / 1e6:.0f}MB" for k, v in measured.items())
            )
        server.shutdown()
    medians = {name: statistics.median(values) for name, values in figures.items()}
    base_s = medians["chromium cold (baseline) first render s"]
    base_mb = medians["chromium cold (baseline) memory MB"]
    print(f"\nmedians over {args.rounds} rounds (ratio against headless Chromium on the same site):")
    for name, value in medians.items():
        ratio = value / (base_s if name.endswith(" s") else base_mb)
        print(f"  {name:45s} {value:8.2f}  {ratio:.2f}x")


if __name__ == "__main__":
    main()
