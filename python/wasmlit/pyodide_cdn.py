"""Wheels of Pyodide's own packages (numpy, pandas, ...) from the official Pyodide CDN.

No registry we can reach offers these as wasm wheels, so the runtime's lock points at the
CDN of the pinned Pyodide version. `wasmlit export` tries to fetch them once, at export
time, so the site needs no CDN at run time; when the CDN cannot be reached, the first
failure is remembered and the rest are not tried (no slow timeout per package).
"""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request
from pathlib import Path

from .pyodide_wheels import PackageUnavailable
from .runtime_build.wheelfile import sha256_file

TIMEOUT_SECONDS = 30


class PyodideCdn:
    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        self.unreachable: str | None = None  # why the CDN failed, once it has

    def fetch(self, url: str, sha256: str) -> Path:
        """The wheel at `url`, checked against the lock's `sha256`, from the cache if there."""
        target = self.cache_dir / url.rsplit("/", 1)[-1]
        if target.is_file() and sha256_file(target) == sha256:
            return target
        if self.unreachable:
            raise PackageUnavailable(self.unreachable)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        try:
            with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response, partial.open("wb") as out:
                shutil.copyfileobj(response, out)
        except (urllib.error.URLError, OSError) as error:
            partial.unlink(missing_ok=True)
            reason = getattr(error, "reason", error)
            self.unreachable = f"the Pyodide CDN could not be reached ({reason})"
            raise PackageUnavailable(self.unreachable) from error
        if sha256_file(partial) != sha256:
            partial.unlink()
            raise PackageUnavailable(f"{url} does not match the sha256 in Pyodide's lock")
        return partial.replace(target)
