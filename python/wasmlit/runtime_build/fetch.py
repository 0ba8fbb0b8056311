"""Step 1: fetch the pinned wheels from PyPI into a cache, so a rebuild is offline.

`pip download` is the ordinary client for PyPI; asking for the Pyodide platform (rather than the
host's) makes pip pick wheels that install in Pyodide: pure `py3-none-any` ones, or
`pyemscripten` ones should a binary package ever be pinned. `--no-deps` because the set is
chosen by hand in `wasmlit.pins` (Streamlit's full requirements would pull numpy, pandas, ...).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from wasmlit import pins

from .errors import BuildError
from .wheelfile import wheel_dist_name


def cached_wheel(cache_dir: Path, name: str, version: str) -> Path | None:
    """The cached wheel for `name==version`, if any (matching the PEP 427 file name prefix)."""
    prefix = f"{wheel_dist_name(name)}-{version}-".lower()
    for path in sorted(cache_dir.glob("*.whl")):
        if path.name.lower().startswith(prefix):
            return path
    return None


def pip_download_command(requirements: list[str], dest: Path) -> list[str]:
    return [
        sys.executable, "-m", "pip", "download",
        "--no-deps", "--only-binary=:all:",
        "--platform", pins.PYODIDE_PLATFORM,
        "--python-version", pins.PYODIDE_PYTHON,
        "--implementation", "cp",
        "--abi", "cp" + pins.PYODIDE_PYTHON.replace(".", ""),
        "--disable-pip-version-check", "--quiet",
        "--dest", str(dest),
        *requirements,
    ]  # fmt: skip


def fetch_wheels(wheel_pins: dict[str, str], cache_dir: Path) -> dict[str, Path]:
    """Return name -> wheel path for every pin, downloading only those not cached yet."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    missing = [f"{n}=={v}" for n, v in wheel_pins.items() if cached_wheel(cache_dir, n, v) is None]
    if missing:
        print(f"  downloading from PyPI: {' '.join(missing)}", flush=True)
        proc = subprocess.run(pip_download_command(missing, cache_dir), capture_output=True, text=True)
        if proc.returncode != 0:
            raise BuildError(
                f"pip download failed for {' '.join(missing)}:\n{proc.stderr.strip()}",
                "check that PyPI is reachable and that each pinned version in "
                "python/wasmlit/pins.py exists as a wheel for Pyodide",
            )
    found: dict[str, Path] = {}
    for name, version in wheel_pins.items():
        path = cached_wheel(cache_dir, name, version)
        if path is None:
            raise BuildError(
                f"pip reported success but no wheel for {name}=={version} is in {cache_dir}",
                f"delete {cache_dir} and rebuild",
            )
        found[name] = path
    return found
