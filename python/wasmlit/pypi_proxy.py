"""A tiny PEP 691 package index for Pyodide, backed by `pip download` from PyPI.

Under `wasmlit serve`, micropip in the browser asks this index for packages the bundle
does not carry. Each project resolves once to the newest wheel that runs in this Pyodide
(pure Python, or built for its wasm platform) and is kept in a local cache, so the next
boot needs no network.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import threading
from pathlib import Path

from . import pins

SIMPLE_JSON = "application/vnd.pypi.simple.v1+json"


class PackageUnavailable(Exception):
    """No wheel that runs in Pyodide could be downloaded; the message says why."""


def canonical_name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


class PypiProxy:
    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        self._lock = threading.Lock()

    def project_json(self, name: str, files_url: str) -> dict[str, object]:
        """The simple-index page of `name`, listing the one wheel we have for it."""
        wheel = self.wheel_for(name)
        return {
            "meta": {"api-version": "1.0"},
            "name": canonical_name(name),
            "files": [
                {
                    "filename": wheel.name,
                    "url": files_url + wheel.name,
                    "hashes": {"sha256": hashlib.sha256(wheel.read_bytes()).hexdigest()},
                }
            ],
        }

    def wheel_file(self, filename: str) -> Path | None:
        path = self.cache_dir / Path(filename).name
        return path if path.is_file() and path.suffix == ".whl" else None

    def wheel_for(self, name: str) -> Path:
        project = canonical_name(name)
        with self._lock:  # one pip at a time; a second request for the same project reuses the first's wheel
            cached = self._cached(project)
            if cached:
                return cached
            self._download(project)
            cached = self._cached(project)
        if not cached:
            raise PackageUnavailable(f"pip downloaded no wheel for {project}")
        return cached

    def _cached(self, project: str) -> Path | None:
        matches = [
            wheel for wheel in self.cache_dir.glob("*.whl") if canonical_name(wheel.name.split("-")[0]) == project
        ]
        return max(matches, default=None, key=lambda wheel: wheel.stat().st_mtime)

    def _download(self, project: str) -> None:
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
            "--platform", pins.PYODIDE_PLATFORM, "--python-version", pins.PYODIDE_PYTHON,
            "--implementation", "cp", "--abi", "cp" + pins.PYODIDE_PYTHON.replace(".", ""),
            "--dest", str(self.cache_dir), project,
        ]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            last_line = (result.stderr.strip().splitlines() or ["pip failed"])[-1]
            raise PackageUnavailable(f"no wheel of {project} runs in Pyodide {pins.PYODIDE_VERSION}: {last_line}")
