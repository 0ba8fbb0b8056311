"""A tiny PEP 691 package index for Pyodide, backed by `pip download` from PyPI.

Under `wasmlit serve`, micropip in the browser asks this index for packages the bundle
does not carry. Each project resolves once to the newest wheel that runs in this Pyodide
(pure Python, or built for its wasm platform) and is kept in a local cache, so the next
boot needs no network.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from .pyodide_wheels import PackageUnavailable, cached_wheel, cached_wheels, download_wheel

SIMPLE_JSON = "application/vnd.pypi.simple.v1+json"

__all__ = ["SIMPLE_JSON", "PackageUnavailable", "PypiProxy"]


class PypiProxy:
    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        self._lock = threading.Lock()

    def project_json(self, name: str, files_url: str) -> dict[str, object]:
        """The simple-index page of `name`: every wheel of it in the cache (those the app's
        resolution fetched, so a pinned version is there), or the newest one from PyPI."""
        self.wheel_for(name)
        return {
            "meta": {"api-version": "1.0"},
            "name": canonicalize_name(name),
            "files": [
                {
                    "filename": wheel.name,
                    "url": files_url + wheel.name,
                    "hashes": {"sha256": hashlib.sha256(wheel.read_bytes()).hexdigest()},
                }
                for wheel in cached_wheels(canonicalize_name(name), self.cache_dir)
            ],
        }

    def wheel_file(self, filename: str) -> Path | None:
        path = self.cache_dir / Path(filename).name
        return path if path.is_file() and path.suffix == ".whl" else None

    def wheel_for(self, name: str) -> Path:
        try:
            requirement = Requirement(name)
        except InvalidRequirement as error:
            raise PackageUnavailable(f"{name!r} is not a project name") from error
        with self._lock:  # one pip at a time; a second request for the same project reuses the first's wheel
            return cached_wheel(requirement, self.cache_dir) or download_wheel(requirement.name, self.cache_dir)
