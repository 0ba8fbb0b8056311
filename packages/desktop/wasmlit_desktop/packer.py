"""Pack a bundle folder (bundle.json + the exported site) and the shell into an executable.

Runs on the build machine, never inside the executable. PyInstaller does the work, in a
child process whose log this module condenses into progress lines: it takes tens of seconds.
PyInstaller's own hooks for PySide6 collect what QtWebEngine needs at run time
(QtWebEngineProcess, its resources and locales) from the PySide6-WebEngine wheel.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

SPEC = Path(__file__).parent / "program.spec"  # what goes in, and what is trimmed
# PyInstaller's log lines that start a phase worth telling the person about.
PHASES = {
    "Analyzing ": "analysing the shell's imports",
    "Looking for dynamic libraries": "collecting Qt's libraries",
    "Building PYZ": "compressing Python modules",
    "Building PKG": "packing the data",
    "Building EXE": "writing the executable",
    "Building COLLECT": "copying the program's folder",
}
HEARTBEAT_SECONDS = 10
Progress = Callable[[str], None]


class PackError(Exception):
    """PyInstaller could not build the program; the message says why and where its log is."""


@dataclass(frozen=True)
class PackRequest:
    bundle_dir: Path  # bundle.json, the exported site and the icon, if any (see bundle.py)
    name: str  # the executable's file name
    dist_dir: Path  # PyInstaller writes dist_dir/name (a folder, or one file with onefile)
    work_dir: Path  # PyInstaller's scratch folder and log
    onefile: bool = False
    icon: Path | None = None


def missing_packer() -> str | None:
    """What is not installed for packing, or None when everything is."""
    for module in ("PyInstaller", "PySide6.QtWebEngineWidgets"):
        try:
            if importlib.util.find_spec(module) is None:
                return module
        except ModuleNotFoundError:
            return module
    return None


def pyinstaller_args(request: PackRequest) -> list[str]:
    args = [
        "--noconfirm",
        "--log-level=INFO",
        f"--distpath={request.dist_dir}",
        f"--workpath={request.work_dir / 'build'}",
        str(SPEC),
        "--",
        f"--name={request.name}",
        f"--bundle={request.bundle_dir}",
    ]
    if request.onefile:
        args.append("--onefile")
    if request.icon and sys.platform in ("win32", "darwin"):  # an executable's own icon exists only there
        args.append(f"--icon={request.icon}")
    return args


def pack(request: PackRequest, progress: Progress) -> Path:
    """Build the executable; returns its path (a folder's program, or the one file)."""
    request.work_dir.mkdir(parents=True, exist_ok=True)
    log_path = request.work_dir / "pyinstaller.log"
    command = [sys.executable, "-m", "PyInstaller", *pyinstaller_args(request)]
    started = time.monotonic()
    with (
        open(log_path, "w") as log,
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as child,
    ):
        assert child.stdout is not None
        _follow_log(child.stdout, log, progress, started)
        code = child.wait()
    if code != 0:
        tail = log_path.read_text().strip().splitlines()[-1:] or ["(no output)"]
        raise PackError(f"PyInstaller failed (exit {code}): {tail[0]}; full log: {log_path}")
    if request.onefile:
        return request.dist_dir / request.name
    return request.dist_dir / request.name / request.name


def _follow_log(lines: IO[str], log: IO[str], progress: Progress, started: float) -> None:
    """One line per new phase, and one every HEARTBEAT_SECONDS saying what PyInstaller is at."""
    last_said, said = started, ""
    for line in lines:
        log.write(line)
        now = time.monotonic()
        phase = next((what for marker, what in PHASES.items() if marker in line), None)
        if phase and phase != said:
            progress(f"  [{now - started:4.0f} s] {phase}")
            last_said, said = now, phase
        elif now - last_said >= HEARTBEAT_SECONDS:
            progress(f"  [{now - started:4.0f} s] {said or 'starting'}: {_short(line)}")
            last_said = now


def _short(line: str) -> str:
    """A PyInstaller log line without its timestamp, level and folder paths."""
    text = line.strip().split(": ", 1)[-1]
    return re.sub(r"'?/\S*/([^/\s']+)'?", r"\1", text)[:90]
