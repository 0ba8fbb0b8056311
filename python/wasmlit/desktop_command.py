"""`wasmlit desktop`'s options and what it prints; the work is in desktop.py."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from .app_folder import find_app
from .desktop import DesktopResult, DesktopSettings, build_desktop, check_settings, parse_mount
from .runtime_bundle import RUNTIME_DIR, check_runtime
from .vendoring import OnlineSources, format_report


def add_desktop_parser(commands: Any, app_help: str, persist_help: str) -> None:
    desktop = commands.add_parser(
        "desktop",
        help="pack an app as a program for this machine that runs offline",
        description=(
            "Build a program (for the system this runs on) that opens the app in its own window and runs it "
            "with no network: the site is `wasmlit export`'s, in a QtWebEngine window packed by PyInstaller. "
            "Rebuilding replaces DIST only once the new program is complete."
        ),
    )
    desktop.add_argument("app", metavar="APP", help=app_help)
    desktop.add_argument(
        "-o", "--output", required=True, type=Path, metavar="DIST",
        help="the folder to write (created or replaced; an existing one must be empty or a previous build)",
    )  # fmt: skip
    desktop.add_argument("--name", help="the program's name and first window title (default: the app folder's name)")
    desktop.add_argument("--icon", type=Path, metavar="FILE", help="the window's icon (.png, .ico, .svg, .jpg)")
    desktop.add_argument("--persist", action="append", default=[], metavar="PATH", help=persist_help)
    desktop.add_argument(
        "--mount", action="append", default=[], metavar="HOST_DIR:APP_PATH",
        help="a folder of the user's machine the app reads and writes, e.g. ~/Documents/app-data:/mnt/data "
        "(~ is the home of whoever runs the program; created if missing). Repeat for several",
    )  # fmt: skip
    desktop.add_argument(
        "--onefile", action="store_true", help="one executable file instead of a folder (starts slower)"
    )


def desktop_command(args: argparse.Namespace, cache_dir: Path) -> int:
    app = find_app(args.app)
    settings = DesktopSettings(
        app=app,
        out_dir=args.output,
        name=args.name or app.root.name,
        icon=args.icon,
        persist=tuple(args.persist),
        mounts=tuple(parse_mount(spec) for spec in args.mount),
        onefile=args.onefile,
    )
    check_settings(settings)  # the person's own mistakes first
    check_runtime(RUNTIME_DIR)  # before anything is downloaded
    started = time.perf_counter()
    _print(f"Building {settings.name} from {app.root / app.entrypoint}")
    result = build_desktop(settings, RUNTIME_DIR, OnlineSources(cache_dir), _print)
    _print_result(result, time.perf_counter() - started)
    return 0


def _print_result(result: DesktopResult, seconds: float) -> None:
    _print(format_report(result.export.packages))
    for note in result.export.notes:
        _print(f"  note: {note}")
    what = "one file" if result.onefile else "with its folder"
    _print(f"Wrote {result.program} ({result.size / 1e6:.0f} MB, {what}) in {seconds:.0f} s")
    _print(f"  run it: {result.program}")


def _print(line: str) -> None:
    print(line, flush=True)
