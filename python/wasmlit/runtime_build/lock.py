"""Step 5: generate pyodide-lock.json.

Start from the lock that ships with npm `pyodide` (357 packages, none of their wheels included):
- packages we do not vendor keep their entry, with `file_name` made an absolute URL on the
  Pyodide CDN of the pinned version. Pyodide's loader takes a `file_name` containing `://` as is
  (`isAbsolute` in pyodide.asm.mjs; the browser resolves it with `new URL(file_name, base)`), so
  numpy & co. come from the CDN while everything else is local;
- vendored wheels get an entry pointing at the local file, replacing Pyodide's own entry of the
  same name (e.g. micropip, packaging, anyio).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from packaging.requirements import Requirement

from .wheelfile import WheelFiles, canonical_name, metadata, top_level_imports


@dataclass
class VendoredPackage:
    """What the lock needs to know about one wheel we ship."""

    name: str  # canonical
    version: str
    file_name: str  # relative to pyodide-lock.json's folder
    sha256: str
    imports: list[str]
    depends: list[str] = field(default_factory=list)

    def lock_entry(self) -> dict[str, Any]:
        # Same keys, same order as the entries in Pyodide's own lock.
        return {
            "depends": sorted(self.depends),
            "file_name": self.file_name,
            "imports": self.imports,
            "install_dir": "site",
            "name": self.name,
            "package_type": "package",
            "sha256": self.sha256,
            "tool": {},
            "unvendored_tests": False,
            "version": self.version,
        }


def pyodide_marker_env(python_version: str) -> dict[str, str]:
    """PEP 508 marker values as seen inside Pyodide (what `Requires-Dist` markers test)."""
    return {
        "python_version": python_version,
        "python_full_version": python_version + ".0",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "sys_platform": "emscripten",
        "platform_system": "Emscripten",
        "os_name": "posix",
        "platform_machine": "wasm32",
        "extra": "",
    }


def pyodide_requires_dist(
    files: WheelFiles, python_version: str, extras: frozenset[str] = frozenset()
) -> list[Requirement]:
    """A wheel's `Requires-Dist` that apply in Pyodide, with the given extras (none by default)."""
    envs = [{**pyodide_marker_env(python_version), "extra": extra} for extra in ("", *sorted(extras))]
    found: list[Requirement] = []
    for line in metadata(files).get_all("Requires-Dist") or []:
        req = Requirement(line)
        if req.marker is None or any(req.marker.evaluate(env) for env in envs):
            found.append(req)
    return found


def runtime_requirements(files: WheelFiles, python_version: str) -> list[str]:
    """Canonical names of a wheel's `Requires-Dist` that apply in Pyodide (no extras)."""
    return [canonical_name(req.name) for req in pyodide_requires_dist(files, python_version)]


def vendored_package(
    files: WheelFiles, file_name: str, sha256: str, available: set[str], python_version: str
) -> VendoredPackage:
    """Describe a wheel for the lock. `depends` keeps only requirements in `available` (the
    vendored set): Streamlit requires numpy, pandas, pyarrow... which load lazily, never at boot;
    anyio requires idna, which it imports only for non-ASCII host names."""
    meta = metadata(files)
    depends = [n for n in runtime_requirements(files, python_version) if n in available]
    return VendoredPackage(
        name=canonical_name(meta["Name"]),
        version=meta["Version"],
        file_name=file_name,
        sha256=sha256,
        imports=top_level_imports(files),
        depends=sorted(set(depends)),
    )


def build_lock(base: dict[str, Any], vendored: list[VendoredPackage], cdn_url: str) -> dict[str, Any]:
    """A new lock: `base`'s packages pointed at `cdn_url`, then `vendored` ones added/replaced."""
    if not cdn_url.endswith("/"):
        raise ValueError(f"CDN URL must end with '/': {cdn_url}")
    lock = copy.deepcopy(base)
    for entry in lock["packages"].values():
        if "://" not in entry["file_name"]:
            entry["file_name"] = cdn_url + entry["file_name"].lstrip("/")
    return with_packages(lock, vendored)


def with_packages(base: dict[str, Any], vendored: list[VendoredPackage]) -> dict[str, Any]:
    """A copy of the lock `base` with `vendored` added or replacing entries of the same name
    (also used by `wasmlit export` to add an app's packages to the runtime's lock)."""
    lock = copy.deepcopy(base)
    packages: dict[str, Any] = lock["packages"]
    for pkg in vendored:
        packages[pkg.name] = pkg.lock_entry()
    missing = {d for pkg in vendored for d in pkg.depends if d not in packages}
    if missing:
        raise ValueError(f"lock entries depend on packages that are not in the lock: {sorted(missing)}")
    lock["packages"] = dict(sorted(packages.items()))
    return lock
