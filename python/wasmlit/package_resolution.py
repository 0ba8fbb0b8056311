"""The one package resolution: pip's resolver, asked for Pyodide's platform.

`wasmlit serve` and `wasmlit export` both ask this module which packages an app gets, and
the browser then loads exactly that set from the lock it is given. pip resolves against:

- PyPI (through the machine's pip configuration): pure wheels and wheels built for the
  pinned Pyodide ABI (`--platform pyemscripten_2026_0_wasm32 --only-binary=:all:`);
- the runtime's pyodide-lock.json, shown to pip as a folder of placeholder wheels that
  carry only metadata (name, version, `depends`). The runtime's own packages (Streamlit and
  what boots with it) are pinned and win over PyPI at the same version; Pyodide's own builds
  (numpy, pandas, markupsafe...) carry the lowest-priority tag, so at an equal version a real
  PyPI wheel wins and Pyodide's build is used only for what PyPI lacks.

The result says, for every package, where its wheel comes from. Nothing here decides
versions: a conflict is pip's own message, naming both sides.
"""

from __future__ import annotations

import enum
import hashlib
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from . import pins
from .runtime_build.wheelfile import wheel_dist_name, write_wheel

Lock = dict[str, Any]

# Placeholder wheels are tagged so pip ranks them (same version) against PyPI's wheels:
# the runtime's packages above everything (build tag + the platform's own tag), Pyodide's
# builds below everything (`py30-none-any` is the last tag pip accepts for Python 3.x).
PYODIDE_ABI_TAG = f"cp{pins.PYODIDE_PYTHON.replace('.', '')}"
RUNTIME_TAG = f"1-{PYODIDE_ABI_TAG}-{PYODIDE_ABI_TAG}-{pins.PYODIDE_PLATFORM}"
PYODIDE_BUILD_TAG = "py30-none-any"
_PLACEHOLDER_MARK = "wasmlit-lock-placeholder"

_NOT_FOUND = re.compile(r"No matching distribution found for (?P<requirement>.+)$", re.MULTILINE)
# pip explains a conflict on stdout: "The conflict is caused by:" and one line per side.
_CAUSE = re.compile(r"^(?P<cause>The conflict is caused by:\n(?:    .+\n)+)", re.MULTILINE)


class Source(enum.Enum):
    PYPI = "PyPI"
    PYODIDE = "Pyodide's build"
    RUNTIME = "the runtime"


@dataclass(frozen=True)
class ResolvedPackage:
    name: str  # canonical
    version: str
    source: Source
    url: str  # PyPI: the wheel's URL; Pyodide: the lock's file_name (a CDN URL); runtime: the lock's
    sha256: str
    requested: bool  # asked for by the app (an import or a requirement), not only needed by another


@dataclass(frozen=True)
class Unavailable:
    requirement: str
    reason: str


@dataclass(frozen=True)
class Resolution:
    packages: list[ResolvedPackage]
    unavailable: list[Unavailable]

    def by_source(self, source: Source) -> list[ResolvedPackage]:
        return [package for package in self.packages if package.source is source]


class ResolutionConflict(Exception):
    """pip found no consistent set; the message is pip's, naming both sides."""


def resolve(requirements: list[str], lock: Lock, cache_dir: Path, index_args: tuple[str, ...] = ()) -> Resolution:
    """The packages `requirements` need in Pyodide (runtime packages included, as pinned).

    A requirement that exists nowhere pip looks is set aside with pip's reason and the rest
    resolved without it; a conflict raises ResolutionConflict. Results are cached by input,
    so a second serve or export of the same app asks PyPI nothing.
    """
    wanted = list(dict.fromkeys(requirements))
    if not wanted:
        return Resolution([], [])
    key = hashlib.sha256(json.dumps([wanted, _lock_digest(lock), list(index_args)]).encode()).hexdigest()[:20]
    cached = cache_dir / "resolutions" / f"{key}.json"
    if cached.is_file():
        return _from_json(json.loads(cached.read_text()))
    links = placeholder_links(lock, cache_dir / "lock-links" / _lock_digest(lock))
    unavailable: list[Unavailable] = []
    while True:
        try:
            report = _pip_report(wanted, lock, links, index_args)
            break
        except _NotFound as missing:
            if missing.name not in {canonicalize_name(Requirement(r).name) for r in wanted}:
                raise ResolutionConflict(missing.message) from None
            unavailable.append(Unavailable(missing.requirement, missing.message))
            wanted = [r for r in wanted if canonicalize_name(Requirement(r).name) != missing.name]
            if not wanted:
                report = {"install": []}
                break
    resolution = Resolution(_packages(report, lock), unavailable)
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(_to_json(resolution)))
    return resolution


def is_runtime_entry(entry: dict[str, Any]) -> bool:
    """A package the runtime bundle ships (a local file), rather than one on Pyodide's CDN."""
    return "://" not in entry["file_name"]


def placeholder_links(lock: Lock, folder: Path) -> Path:
    """A folder of metadata-only wheels, one per lock package, for pip's `--find-links`."""
    done = folder / ".complete"
    if done.is_file():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for name, entry in lock["packages"].items():
        runtime = is_runtime_entry(entry)
        tag = RUNTIME_TAG if runtime else PYODIDE_BUILD_TAG
        dist = wheel_dist_name(name)
        info = f"{dist}-{entry['version']}.dist-info"
        metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {entry['version']}\nSummary: {_PLACEHOLDER_MARK}\n"
        metadata += "".join(f"Requires-Dist: {dependency}\n" for dependency in entry.get("depends", []))
        wheel_tag = tag.split("-", 1)[1] if runtime else tag  # the build number is not part of the tag
        files = {
            f"{info}/METADATA": metadata.encode(),
            f"{info}/WHEEL": f"Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: {wheel_tag}\n".encode(),
        }
        write_wheel(folder / f"{dist}-{entry['version']}-{tag}.whl", files)
    done.write_text("")
    return folder


def pip_resolve_command(
    requirements_file: Path, constraints_file: Path, links: Path, report: Path, target: Path
) -> list[str]:
    return [
        sys.executable, "-m", "pip", "install",
        "--dry-run", "--ignore-installed", "--disable-pip-version-check",
        "--only-binary=:all:",
        "--platform", pins.PYODIDE_PLATFORM,
        "--python-version", pins.PYODIDE_PYTHON,
        "--implementation", "cp",
        "--abi", PYODIDE_ABI_TAG,
        "--target", str(target),
        "--find-links", str(links),
        "--report", str(report),
        "-r", str(requirements_file),
        "-c", str(constraints_file),
    ]  # fmt: skip


class _NotFound(Exception):
    def __init__(self, requirement: str, message: str) -> None:
        super().__init__(message)
        self.requirement = requirement
        self.message = message
        self.name: str
        try:
            self.name = canonicalize_name(Requirement(requirement).name)
        except InvalidRequirement:
            self.name = requirement


def _pip_report(requirements: list[str], lock: Lock, links: Path, index_args: tuple[str, ...]) -> dict[str, Any]:
    runtime_pins = [
        f"{name}=={entry['version']}" for name, entry in lock["packages"].items() if is_runtime_entry(entry)
    ]
    with tempfile.TemporaryDirectory(prefix="wasmlit-resolve-") as tmp:
        folder = Path(tmp)
        (folder / "requirements.txt").write_text("\n".join(requirements) + "\n")
        (folder / "constraints.txt").write_text("\n".join(runtime_pins) + "\n")
        command = pip_resolve_command(
            folder / "requirements.txt", folder / "constraints.txt", links, folder / "report.json", folder / "target"
        )
        result = subprocess.run([*command, *index_args], capture_output=True, text=True)
        if result.returncode == 0:
            report: dict[str, Any] = json.loads((folder / "report.json").read_text())
            return report
    errors = [line.removeprefix("ERROR: ") for line in result.stderr.splitlines() if line.startswith("ERROR:")]
    not_found = _NOT_FOUND.search("\n".join(errors))
    if not_found:
        message = f"no wheel of {not_found['requirement']} for Pyodide {pins.PYODIDE_VERSION} on PyPI or in its lock"
        raise _NotFound(not_found["requirement"].strip(), message)
    cause = _CAUSE.search(result.stdout)
    summary = errors[0] if errors else "pip could not resolve the packages"
    raise ResolutionConflict(summary + ("\n" + cause["cause"].rstrip() if cause else ""))


def _packages(report: dict[str, Any], lock: Lock) -> list[ResolvedPackage]:
    packages: list[ResolvedPackage] = []
    for item in report.get("install", []):
        name = canonicalize_name(item["metadata"]["name"])
        version = item["metadata"]["version"]
        url = item["download_info"]["url"]
        requested = bool(item.get("requested"))
        if item["metadata"].get("summary") == _PLACEHOLDER_MARK:
            entry = lock["packages"][name]
            source = Source.RUNTIME if is_runtime_entry(entry) else Source.PYODIDE
            packages.append(ResolvedPackage(name, version, source, entry["file_name"], entry["sha256"], requested))
        else:
            sha256 = item["download_info"].get("archive_info", {}).get("hashes", {}).get("sha256", "")
            packages.append(ResolvedPackage(name, version, Source.PYPI, url, sha256, requested))
    return sorted(packages, key=lambda package: package.name)


def _lock_digest(lock: Lock) -> str:
    """What of the lock a resolution depends on: names, versions, dependencies and whether the
    runtime ships each (not file hashes: a rebuilt shim changes nothing pip decides)."""
    shape = {
        name: [entry["version"], is_runtime_entry(entry), entry.get("depends", [])]
        for name, entry in lock["packages"].items()
    }
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:16]


def _to_json(resolution: Resolution) -> dict[str, Any]:
    return {
        "packages": [{**package.__dict__, "source": package.source.name} for package in resolution.packages],
        "unavailable": [item.__dict__ for item in resolution.unavailable],
    }


def _from_json(data: dict[str, Any]) -> Resolution:
    packages = [ResolvedPackage(**{**item, "source": Source[item["source"]]}) for item in data["packages"]]
    return Resolution(packages, [Unavailable(**item) for item in data["unavailable"]])
