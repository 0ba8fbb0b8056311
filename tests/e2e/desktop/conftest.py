"""The real desktop program, built once per test session and run under Xvfb.

The build (`wasmlit desktop`, PyInstaller: a minute or more) starts in the background as
soon as collection finds a desktop test, so other tests run meanwhile; the first desktop
test waits for it. Each launch gets its own home folder (the app's profile and data live
there), its own TMPDIR (the single-instance socket) and a remote debugging port that
Playwright connects to over CDP: tests drive and read the program's own web view.

WASMLIT_DESKTOP_DIST=DIR reuses a program built before with the same command (see
`_start_build`) instead of building one: for working on the tests, not for CI.

Fixtures:
    desktop_build       the built program (fails the test with the build's output if the build failed)
    launch_program      launch_program(home) starts the program and returns a RunningProgram
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, FrameLocator, Page
from websockets.sync.server import Server

from ..conftest import BOOT_TIMEOUT_MS
from ..support import app_frame
from .cdp_proxy import start_relay

TEST_APP = Path(__file__).parent / "app"
HOST_FOLDER = "~/wasmlit-desktop-test-files"  # --mount, relative to each launch's home
BUILD_TIMEOUT_S = 900
START_TIMEOUT_S = 90
OPENED_URLS = "opened-urls.txt"
FAILED_LAUNCH_SCREENSHOT = Path(__file__).resolve().parents[3] / "test-results" / "desktop-launch-failed.png"


@dataclass
class Build:
    folder: Path
    process: subprocess.Popen[str]
    started: float
    output: list[str] = field(default_factory=list)
    program: Path | None = None
    seconds: float = 0.0
    reused: bool = False


_build: Build | None = None


def _start_build() -> Build:
    reused = os.environ.get("WASMLIT_DESKTOP_DIST")
    folder = Path(reused).parent if reused else Path(tempfile.mkdtemp(prefix="wasmlit-desktop-test-"))
    dist = Path(reused) if reused else folder / "dist"
    if reused and (dist / "wasmlit-desktop.json").is_file():
        return Build(folder, subprocess.Popen(["true"], text=True), time.monotonic(), reused=True)
    command = [
        sys.executable, "-m", "wasmlit.cli", "desktop", str(TEST_APP), "-o", str(dist),
        "--name", "Desktop Test", "--icon", str(TEST_APP / "icon.png"),
        "--persist", "notes", "--mount", f"{HOST_FOLDER}:/mnt/host",
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    build = Build(folder, process, time.monotonic())
    assert process.stdout is not None
    stdout = process.stdout
    threading.Thread(target=lambda: build.output.extend(stdout), daemon=True).start()
    return build


def pytest_collection_finish(session: pytest.Session) -> None:
    global _build
    if any(
        "/e2e/desktop/" in item.nodeid.replace("::", "/") or "e2e/desktop/" in item.nodeid for item in session.items
    ):
        _build = _start_build()


@pytest.fixture(scope="session")
def desktop_build() -> Iterator[Build]:
    build = _build or _start_build()
    code = build.process.wait(timeout=BUILD_TIMEOUT_S)
    build.seconds = time.monotonic() - build.started
    time.sleep(0.2)  # let the reader thread take the last lines
    text = "".join(build.output)
    print(f"desktop build: {build.seconds:.0f} s\n{text}")
    if code != 0:
        pytest.fail(f"wasmlit desktop failed ({code}):\n{text}")
    dist = Path(os.environ.get("WASMLIT_DESKTOP_DIST") or build.folder / "dist")
    build.program = dist / json.loads((dist / "wasmlit-desktop.json").read_text())["program"]
    yield build
    if not build.reused and not os.environ.get("WASMLIT_DESKTOP_DIST"):
        shutil.rmtree(build.folder, ignore_errors=True)


@dataclass
class RunningProgram:
    process: subprocess.Popen[str]  # xvfb-run, leader of the process group
    executable: Path
    display: str
    home: Path
    browser: Browser
    page: Page
    log: list[str]

    @property
    def app(self) -> FrameLocator:
        return app_frame(self.page)

    def output(self) -> str:
        return "".join(self.log)

    def x_tool(self, *command: str) -> str:
        env = {**os.environ, "DISPLAY": self.display, "XAUTHORITY": str(self.home / ".Xauthority")}
        return subprocess.run(command, capture_output=True, text=True, env=env).stdout

    def window_titles(self) -> list[str]:
        """The titles of the top-level windows on the program's X display, as X has them."""
        tree = self.x_tool("xwininfo", "-root", "-tree")
        return [
            line.split('"')[1] for line in tree.splitlines() if line.count('"') >= 2 and "(has no name)" not in line
        ]

    def window_property(self, title: str, name: str) -> str:
        return self.x_tool("xprop", "-name", title, name)

    def program_pid(self) -> int:
        """The program itself (xvfb-run's child), not Xvfb."""
        name = self.executable.name[:15]  # /proc's comm is cut at 15 characters
        found = [pid for pid in descendants(self.process.pid) if process_name(pid) == name]
        assert found, f"no process named {name} under xvfb-run"
        return min(found)  # the first one started: QtWebEngineProcess children carry another name

    def env(self) -> dict[str, str]:
        """The environment of a second launch by the same user on the same screen."""
        env = {**program_env(self.home, 0), "DISPLAY": self.display}
        del env["QTWEBENGINE_REMOTE_DEBUGGING"]
        return env

    def opened_externally(self) -> list[str]:
        """URLs the program handed to the system browser (a stand-in xdg-open records them)."""
        record = self.home / OPENED_URLS
        return record.read_text().splitlines() if record.exists() else []


def descendants(pid: int) -> set[int]:
    """Every living process started, directly or not, by `pid`."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def process_name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for_devtools(port: int, process: subprocess.Popen[str], log: list[str]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the program exited with {process.returncode}:\n{''.join(log)}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/version", timeout=2):
                return
        except OSError:
            time.sleep(0.25)
    pytest.fail(f"the program did not open its debugging port within {START_TIMEOUT_S} s:\n{''.join(log)}")


def program_env(home: Path, debug_port: int) -> dict[str, str]:
    """A fresh user: the app's profile and data go under `home`; the system browser is a
    stand-in `xdg-open` (what Qt calls on Linux) that records the URL it was given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "QT_", "DISPLAY"))}
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    (home / "bin").mkdir(exist_ok=True)
    xdg_open = home / "bin" / "xdg-open"
    xdg_open.write_text(f'#!/bin/sh\necho "$1" >> "{home / OPENED_URLS}"\n')
    xdg_open.chmod(0o755)
    env.update(
        PATH=f"{home / 'bin'}:{env.get('PATH', '')}",
        HOME=str(home),
        TMPDIR=str(home / "tmp"),
        XAUTHORITY=str(home / ".Xauthority"),  # xvfb-run writes it; the tests' X tools read it
        QTWEBENGINE_REMOTE_DEBUGGING=f"127.0.0.1:{debug_port}",
        # Xvfb has no GPU. Chromium's GPU process on Mesa's llvmpipe (GLX, no DRI3) sometimes
        # failed to create its command buffer ("Failed to send GpuControl.CreateCommandBuffer")
        # and the view never painted again: the app booted, nothing showed, even a screenshot
        # hung (about one launch in 60). Software compositing, as headless Chromium uses in the
        # browser tests. The program keeps any flags given (network_guard.add_chromium_flags).
        QTWEBENGINE_CHROMIUM_FLAGS="--disable-gpu",
    )
    return env


def _free_display() -> int:
    for number in range(120, 400):
        if not Path(f"/tmp/.X{number}-lock").exists() and not Path(f"/tmp/.X11-unix/X{number}").exists():
            return number
    pytest.fail("no free X display number between :120 and :399")


def start_under_xvfb(program: Path, display: int, env: dict[str, str], log: list[str]) -> subprocess.Popen[str]:
    for tool in ("xvfb-run", "xwininfo"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is not installed: apt-get install xvfb x11-utils (see .ci/run)")
    process = subprocess.Popen(
        ["xvfb-run", "-n", str(display), "-f", env["XAUTHORITY"], "-s", "-screen 0 1280x900x24", str(program)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: teardown ends Xvfb and the program together
    )
    assert process.stdout is not None
    stdout = process.stdout
    threading.Thread(target=lambda: log.extend(stdout), daemon=True).start()
    return process


def stop_process_group(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture
def launch_program(desktop_build: Build, browser: Browser) -> Iterator[Callable[[Path], RunningProgram]]:
    running: list[RunningProgram] = []
    relays: list[Server] = []

    def start(home: Path) -> RunningProgram:
        assert desktop_build.program is not None
        port, display = _free_port(), _free_display()
        log: list[str] = []
        process = start_under_xvfb(desktop_build.program, display, program_env(home, port), log)
        _wait_for_devtools(port, process, log)
        relay, relay_url = start_relay(port)
        relays.append(relay)
        cdp = browser.browser_type.connect_over_cdp(relay_url)
        context = cdp.contexts[0]
        deadline = time.monotonic() + START_TIMEOUT_S
        while not context.pages and time.monotonic() < deadline:
            time.sleep(0.1)
        page = context.pages[0]
        page.set_default_timeout(BOOT_TIMEOUT_MS)
        page.on("console", lambda message: print(f"[console.{message.type}] {message.text}"))
        program = RunningProgram(process, desktop_build.program, f":{display}", home, cdp, page, log)
        running.append(program)
        return program

    def rendered(program: RunningProgram) -> bool:
        """Every test starts from the rendered app; a loaded machine can take minutes."""
        try:
            app_frame(program.page).get_by_role("heading", name="Desktop test").wait_for(timeout=2 * BOOT_TIMEOUT_MS)
            return True
        except Exception:
            try:
                program.page.screenshot(path=str(FAILED_LAUNCH_SCREENSHOT), timeout=10_000)
            except Exception:
                pass  # a frozen view cannot even be captured
            return False

    def launch(home: Path) -> RunningProgram:
        program = start(home)
        if rendered(program):
            return program
        # A launch whose view never painted is started once more, loudly, with its output, so a
        # rare Xvfb graphics hang does not fail the suite; a program that cannot render at all
        # fails the second launch too.
        print(f"LAUNCH NEVER RENDERED, relaunching once; its output:\n{program.output()}")
        stop_process_group(program.process)
        program = start(home)
        if not rendered(program):
            pytest.fail(f"the program never rendered the app, twice; its output:\n{program.output()}")
        return program

    yield launch
    for program in running:
        try:
            program.browser.close()
        except Exception:
            pass  # the program may have quit already: that is what some tests check
        stop_process_group(program.process)
        print(f"program output:\n{program.output()}")
    for relay in relays:
        relay.shutdown()
