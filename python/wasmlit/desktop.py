"""`wasmlit desktop`: an app becomes a program that runs offline.

The site is `wasmlit export`'s, unchanged (same vendoring, same errors); the program around
it is the shell in packages/desktop (a PySide6 QtWebEngine window and a loopback server),
packed by PyInstaller. The output folder:

    DIST/
      NAME/NAME             the program (with --onefile: DIST/NAME is the program itself)
      wasmlit-desktop.json  marks the folder as ours: a rebuild only ever replaces a folder that has it

As with export, the program is built in a fresh sibling folder and swapped in at the end.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from wasmlit_desktop.bundle import HOST_FOLDERS_URL, ICON_FILE, SITE_DIR, Bundle, HostFolder
from wasmlit_desktop.packer import PackError, PackRequest, Progress, missing_packer, pack

from . import __version__
from .app_folder import AppFolder
from .export import ExportResult, ExportSettings, export_site, staged_folder
from .mount_options import InvalidPersistPath, persist_folder
from .vendoring import WheelSources

__all__ = ["DesktopError", "DesktopResult", "DesktopSettings", "PackError", "build_desktop"]

DESKTOP_MARKER = "wasmlit-desktop.json"
ICON_SUFFIXES = (".png", ".ico", ".svg", ".jpg", ".jpeg")


class DesktopError(Exception):
    """The build cannot go ahead or failed; the message says why in one line."""


@dataclass(frozen=True)
class DesktopSettings:
    app: AppFolder
    out_dir: Path
    name: str
    icon: Path | None = None
    persist: tuple[str, ...] = ()
    mounts: tuple[HostFolder, ...] = ()
    onefile: bool = False


@dataclass
class DesktopResult:
    program: Path  # the file to run
    export: ExportResult
    size: int  # bytes of everything the program needs (its folder, or the one file)
    pack_seconds: float
    onefile: bool


def program_file_name(name: str) -> str:
    """A file name any system accepts, from the app's display name."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")
    return cleaned or "app"


def app_id(name: str) -> str:
    """Names the app's profile, data folder and single-instance socket: stable across rebuilds."""
    return program_file_name(name).lower()


def parse_mount(spec: str) -> HostFolder:
    """`--mount HOST_DIR:APP_PATH`; HOST_DIR is resolved on the machine that runs the program."""
    host, separator, path = spec.rpartition(":")
    if not separator or not host or not path.startswith("/"):
        raise DesktopError(
            f"--mount {spec}: expected HOST_DIR:APP_PATH with an absolute APP_PATH, e.g. ~/data:/mnt/data"
        )
    if not (host.startswith(("/", "~")) or re.match(r"^[A-Za-z]:[\\/]", host)):
        raise DesktopError(
            f"--mount {spec}: HOST_DIR must be absolute or start with ~ (the user's home where the program runs)"
        )
    try:
        folder = persist_folder(path)
    except InvalidPersistPath as error:
        raise DesktopError(f"--mount {spec}: {str(error).split(': ', 1)[-1]}") from error
    return HostFolder(host_dir=host, app_path=folder)


def check_settings(settings: DesktopSettings) -> None:
    out = settings.out_dir.resolve()
    if out == settings.app.root or out in settings.app.root.parents:
        raise DesktopError(f"{settings.out_dir}: the program would replace the app's own folder; choose another")
    if out.exists() and not out.is_dir():
        raise DesktopError(f"{settings.out_dir} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / DESKTOP_MARKER).is_file():
        raise DesktopError(
            f"{settings.out_dir} is not empty and was not made by wasmlit desktop; choose a new or empty folder"
        )
    if settings.icon is not None:
        if not settings.icon.is_file():
            raise DesktopError(f"--icon {settings.icon}: no such file")
        if settings.icon.suffix.lower() not in ICON_SUFFIXES:
            raise DesktopError(f"--icon {settings.icon}: expected an image ({', '.join(ICON_SUFFIXES)})")
    persisted = {persist_folder(path) for path in settings.persist}
    for mount in settings.mounts:
        if mount.app_path in persisted:
            raise DesktopError(f"--mount: {mount.app_path} is also given to --persist; a folder is one or the other")
    if len({mount.app_path for mount in settings.mounts}) < len(settings.mounts):
        raise DesktopError("--mount: two host folders are mounted at the same path")
    missing = missing_packer()
    if missing:
        raise DesktopError(
            f"{missing} is not installed; install wasmlit's desktop extra: pip install 'wasmlit[desktop]'"
        )


def build_desktop(
    settings: DesktopSettings, runtime_dir: Path, sources: WheelSources, progress: Progress
) -> DesktopResult:
    check_settings(settings)
    out = settings.out_dir.resolve()
    file_name = program_file_name(settings.name)
    with tempfile.TemporaryDirectory(prefix="wasmlit-desktop-") as scratch:
        bundle_dir = Path(scratch) / "bundle"
        exported = export_site(site_settings(settings, bundle_dir / SITE_DIR), runtime_dir, sources)
        icon = _copy_icon(settings.icon, bundle_dir)
        Bundle(name=settings.name, app_id=app_id(settings.name), icon=icon, host_folders=settings.mounts).write(
            bundle_dir
        )
        progress(f"Packing {file_name} with PyInstaller (this takes a minute or two)")
        started = time.monotonic()
        with staged_folder(out) as stage:
            request = PackRequest(
                bundle_dir, file_name, stage, Path(scratch) / "pyinstaller", settings.onefile, settings.icon
            )
            built = pack(request, progress)
            marker = {
                "generator": f"wasmlit {__version__}",
                "name": settings.name,
                "program": str(built.relative_to(stage)),
            }
            (stage / DESKTOP_MARKER).write_text(json.dumps(marker, indent=2) + "\n")
        seconds = time.monotonic() - started
    program = out / built.relative_to(stage)
    size = program.stat().st_size if settings.onefile else disk_size(program.parent)
    return DesktopResult(program, exported, size, seconds, settings.onefile)


def site_settings(settings: DesktopSettings, site: Path) -> ExportSettings:
    """The export inside the program: its page mounts each --mount folder from the loopback server."""
    return ExportSettings(
        app=settings.app,
        out_dir=site,
        title=settings.name,
        persist=settings.persist,
        host_folders=tuple(
            (mount.app_path, f".{HOST_FOLDERS_URL}{index}/") for index, mount in enumerate(settings.mounts)
        ),
    )


def disk_size(folder: Path) -> int:
    """Bytes of the files in `folder`, each once: PyInstaller links some libraries under two names."""
    return sum(path.lstat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def _copy_icon(icon: Path | None, bundle_dir: Path) -> str:
    if icon is None:
        return ""
    name = ICON_FILE + icon.suffix.lower()
    shutil.copy2(icon, bundle_dir / name)
    return name
