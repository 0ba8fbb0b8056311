"""`wasmlit desktop`'s program, run for real under Xvfb and driven over CDP.

One build per session (see conftest); each test launches it with a fresh home folder.
"""

from __future__ import annotations

import http.server
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Request, expect

from ..support import REPO, stop_then_rerun
from .conftest import RunningProgram, descendants, process_name

Launch = Callable[[Path], RunningProgram]
SCREENSHOT = REPO / "test-results" / "desktop-window.png"


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def test_the_program_opens_a_window_running_the_app_which_reruns_on_a_widget_change(
    launch_program: Launch, tmp_path: Path
) -> None:
    program = launch_program(tmp_path / "home")
    app = program.app
    expect(app.get_by_role("heading", name="Desktop test")).to_be_visible()
    expect(app.get_by_text("Hello !")).to_be_visible()
    name = app.get_by_label("Name")
    name.fill("Ada")
    name.press("Enter")
    expect(app.get_by_text("Hello Ada!")).to_be_visible()
    # The window (as X sees it) is titled after st.set_page_config(page_title=...) and has an icon.
    wait_for(lambda: "Desktop Test App" in program.window_titles(), "the window title to follow the app")
    assert "_NET_WM_ICON(CARDINAL)" in program.window_property("Desktop Test App", "_NET_WM_ICON")
    # Stop can interrupt a busy script: the loopback server makes the page cross-origin isolated.
    assert program.page.evaluate("crossOriginIsolated") is True
    SCREENSHOT.parent.mkdir(exist_ok=True)
    program.page.screenshot(path=SCREENSHOT)


def test_stop_ends_a_script_that_never_yields(launch_program: Launch, tmp_path: Path) -> None:
    program = launch_program(tmp_path / "home")
    app = program.app
    app.get_by_role("button", name="Spin").click()
    expect(app.get_by_text("spinning")).to_be_visible()  # what the script wrote before its loop
    stop_then_rerun(app, stop_timeout_ms=None, rerun_timeout_ms=None)


def test_no_request_leaves_the_program(launch_program: Launch, tmp_path: Path) -> None:
    program = launch_program(tmp_path / "home")
    origin = urlsplit(program.page.evaluate("location.href")).netloc
    requests: list[str] = []

    def record(request: Request) -> None:
        requests.append(request.url)

    program.page.context.on("request", record)
    program.page.reload()  # the whole boot, seen from the start
    app = program.app
    expect(app.get_by_text("Hello !")).to_be_visible()
    booted = [url for url in requests if urlsplit(url).scheme not in ("data", "blob")]
    assert len(booted) > 10, booted  # the page, the runtime, the frontend, Pyodide, the app's files
    assert [url for url in booted if urlsplit(url).netloc != origin] == []
    # The app's own Python (in the page's worker) tries: by name, and by this machine's
    # network address, where a server is listening. Nothing arrives there.
    with outside_server() as (outside_url, arrived):
        for address in ("http://example.com/", outside_url):
            app.get_by_label("Address to reach").fill(address)
            app.get_by_label("Address to reach").press("Enter")
            app.get_by_role("button", name="Reach the internet").click()
            expect(app.get_by_text("internet: blocked")).to_be_visible()
            app.get_by_label("Name").fill(address)  # a rerun clears the answer before the next try
            app.get_by_label("Name").press("Enter")
            expect(app.get_by_text("internet: blocked")).to_have_count(0)
        assert arrived == []


def network_address() -> str:
    """This machine's address on its network: where its outgoing packets would come from."""
    for destination in ("8.8.8.8", "192.0.2.1", "10.0.0.1"):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            try:
                probe.connect((destination, 9))  # a UDP "connect" sends nothing; it only picks a route
            except OSError:
                continue
            address = str(probe.getsockname()[0])
            if not address.startswith("127."):
                return address
    raise AssertionError("this machine has no network address besides loopback")


@contextmanager
def outside_server() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on this machine's network address (not loopback), recording every request."""
    address = network_address()
    arrived: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            arrived.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer((address, 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://{address}:{server.server_port}/", arrived
    finally:
        server.shutdown()
        server.server_close()


def gone(pid: int) -> bool:
    return (
        not Path(f"/proc/{pid}").exists() or Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    )


def quit_program(program: RunningProgram) -> None:
    """Close the window as the system does at logout (SIGTERM: the same path as its close button)."""
    pid = program.program_pid()
    started = descendants(pid)
    assert any(process_name(child) == "QtWebEngineProc" for child in started), started
    os.kill(pid, signal.SIGTERM)
    wait_for(lambda: gone(pid), "the program to quit")
    wait_for(lambda: all(gone(child) for child in started), "every process the program started to end")


def test_closing_the_window_ends_every_process_and_persisted_files_survive(
    launch_program: Launch, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    program = launch_program(home)
    note = program.app.get_by_label("Note")
    note.fill("kept across launches")
    note.press("Enter")
    expect(program.app.get_by_text("Saved note: kept across launches")).to_be_visible()
    quit_program(program)
    assert program.process.wait(timeout=30) == 0
    # The same user opens the program again: the note is still there (IDBFS, in the app's profile).
    program = launch_program(home)
    expect(program.app.get_by_text("Saved note: kept across launches")).to_be_visible()
    assert list((home / ".local" / "share" / "wasmlit").glob("*/profile")), (
        "the profile is not in the user's data folder"
    )


def test_a_second_launch_leaves_the_open_window_and_exits(launch_program: Launch, tmp_path: Path) -> None:
    program = launch_program(tmp_path / "home")
    expect(program.app.get_by_text("Hello !")).to_be_visible()
    assert program.executable is not None
    second = subprocess.Popen(
        [str(program.executable)], env=program.env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip
    try:
        output, _ = second.communicate(timeout=120)
    finally:
        if second.poll() is None or descendants(second.pid):
            os.killpg(second.pid, signal.SIGKILL)
    assert second.returncode == 0, output
    assert "already open" in output
    windows = [title for title in program.window_titles() if title == "Desktop Test App"]
    assert len(windows) == 1, program.window_titles()
    expect(program.app.get_by_text("Hello !")).to_be_visible()  # the first one still runs the app


def test_external_links_open_in_the_system_browser(launch_program: Launch, tmp_path: Path) -> None:
    program = launch_program(tmp_path / "home")
    program.app.get_by_role("link", name="An external link").click()
    wait_for(
        lambda: program.opened_externally() == ["https://example.com/elsewhere"], "the system browser to get the link"
    )
    expect(program.app.get_by_text("Hello !")).to_be_visible()  # the window still shows the app
    # The document's own address: Playwright's `page.url` over CDP follows navigation events, and
    # the refused navigation to the external link once left it reading ":" (2026-12-02).
    assert program.page.evaluate("location.href").startswith("http://127.0.0.1:")


def test_a_download_asks_where_to_save_it(launch_program: Launch, tmp_path: Path) -> None:
    program = launch_program(tmp_path / "home")
    name = program.app.get_by_label("Name")
    name.fill("Grace")
    name.press("Enter")
    expect(program.app.get_by_text("Hello Grace!")).to_be_visible()
    program.app.get_by_role("button", name="Download greeting").click()
    wait_for(lambda: "Save" in program.window_titles(), "the Save dialog")
    # Accept the suggested place (the home folder: this user has no Downloads folder).
    # (windowfocus, not windowactivate: Xvfb has no window manager to activate windows.)
    program.x_tool("xdotool", "search", "--name", "^Save$", "windowfocus", "--sync", "key", "Return")
    saved = program.home / "greeting.txt"
    wait_for(lambda: saved.exists() and saved.read_text() == "Hello Grace!", "the file to be saved")


def test_a_mounted_host_folder_is_read_and_written_even_when_the_window_closes_mid_run(
    launch_program: Launch, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    files = home / "wasmlit-desktop-test-files"
    files.mkdir(parents=True)
    (files / "input.txt").write_text("from the host")
    program = launch_program(home)
    app = program.app
    expect(app.get_by_text("Host file: from the host")).to_be_visible()
    line = app.get_by_label("Write to host")
    line.fill("from the app")
    line.press("Enter")
    expect(app.get_by_text("Wrote from the app")).to_be_visible()
    assert (files / "out" / "written.txt").read_text() == "from the app"
    assert (files / "out" / "bytes.bin").read_bytes() == bytes(range(256))
    # A run that wrote a file and is still going when the window closes: the file is on disk.
    app.get_by_role("button", name="Write and keep running").click()
    expect(app.get_by_text("still running")).to_be_visible()
    quit_program(program)
    assert (files / "mid-run.txt").read_text() == "written before the window closed"


def test_a_missing_host_folder_is_created(launch_program: Launch, tmp_path: Path) -> None:
    home = tmp_path / "home"
    program = launch_program(home)
    expect(program.app.get_by_text("Host file: (missing)")).to_be_visible()
    assert (home / "wasmlit-desktop-test-files").is_dir()


def test_a_crash_of_python_is_explained_and_restart_brings_the_app_back(launch_program: Launch, tmp_path: Path) -> None:
    program = launch_program(tmp_path / "home")
    app = program.app
    expect(app.get_by_text("Hello !")).to_be_visible()
    app.get_by_role("button", name="Crash Python").click()
    alert = program.page.get_by_role("alert").filter(has_text="crashed")
    expect(alert).to_contain_text("memory access out of bounds")
    alert.get_by_role("button", name="Restart the app").click()
    expect(program.page.get_by_role("alert")).to_have_count(0)
    name = app.get_by_label("Name")
    name.fill("again")
    name.press("Enter")
    expect(app.get_by_text("Hello again!")).to_be_visible()
