"""Wheels that run in this Pyodide, from PyPI through pip, kept in a local cache.

One machinery for both users: `wasmlit serve`'s PyPI proxy (a package the browser asks
for while the app boots) and `wasmlit export` (the packages a site vendors). pip is the
ordinary client for PyPI; asked for Pyodide's platform, it picks only wheels that install
there: pure `py3-none-any` ones, or ones built for Pyodide's wasm platform.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from . import pins
from .runtime_build.fetch import pip_download_command


class PackageUnavailable(Exception):
    """No wheel that runs in Pyodide could be had; the message says why."""


def wheel_name_version(filename: str) -> tuple[str, str]:
    """(canonical project name, version) from a PEP 427 wheel file name."""
    parts = Path(filename).name.split("-")
    return canonicalize_name(parts[0]), parts[1]


def is_pure(filename: str) -> bool:
    """A wheel with no compiled code: it installs anywhere, Pyodide included."""
    return filename.endswith("-none-any.whl")


def cached_wheel(requirement: Requirement, cache_dir: Path) -> Path | None:
    """The newest wheel in `cache_dir` for `requirement`'s project and version range."""
    project = canonicalize_name(requirement.name)
    matches: list[tuple[Version, Path]] = []
    for wheel in cache_dir.glob("*.whl"):
        name, version = wheel_name_version(wheel.name)
        try:
            parsed = Version(version)
        except InvalidVersion:
            continue
        if name == project and requirement.specifier.contains(parsed, prereleases=True):
            matches.append((parsed, wheel))
    return max(matches)[1] if matches else None


def cached_wheels(project: str, cache_dir: Path) -> list[Path]:
    """Every wheel of `project` (a canonical name) in `cache_dir`."""
    return sorted(wheel for wheel in cache_dir.glob("*.whl") if wheel_name_version(wheel.name)[0] == project)


def download_wheel(requirement: str, cache_dir: Path) -> Path:
    """Ask PyPI now for the newest wheel of `requirement` that runs in Pyodide; keep it in
    `cache_dir` and return its path there."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    # A fresh folder per call, so the one wheel in it is the one pip chose (with a shared
    # folder, pip would report an older file already there as the answer).
    with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".download-") as tmp:
        result = subprocess.run(pip_download_command([requirement], Path(tmp)), capture_output=True, text=True)
        wheels = sorted(Path(tmp).glob("*.whl"))
        if result.returncode != 0 or not wheels:
            last_line = (result.stderr.strip().splitlines() or ["pip downloaded nothing"])[-1]
            last_line = last_line.removeprefix("ERROR: ")
            where = f"for Pyodide {pins.PYODIDE_VERSION} on PyPI"
            raise PackageUnavailable(f"no wheel of {requirement} {where} ({last_line})")
        return Path(shutil.move(wheels[0], cache_dir / wheels[0].name))


def download_wheels(requirements: list[str], cache_dir: Path) -> None:
    """Fetch exact pins (`name==version`) not in `cache_dir` yet, in one pip run (pip's start-up
    and index look-ups paid once). A failure is left to `download_wheel`, asked one by one
    afterwards, so its message names the package."""
    missing = [r for r in requirements if cached_wheel(Requirement(r), cache_dir) is None]
    if not missing:
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".download-") as tmp:
        subprocess.run(pip_download_command(missing, Path(tmp)), capture_output=True, text=True)
        for wheel in Path(tmp).glob("*.whl"):
            shutil.move(wheel, cache_dir / wheel.name)
