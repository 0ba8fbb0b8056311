"""The packages an exported site carries, resolved at export time.

Start from the runtime's `pyodide-lock.json` (the boot set is local; Pyodide's own packages
point at its CDN). Every package the app imports or lists in requirements.txt, and what
those need in turn, is resolved to a wheel that then sits next to the runtime's and gets a
local entry in the site's lock, so the browser loads it from the site:

- not in the lock: the newest wheel for Pyodide on PyPI that fits the requirement;
- in the lock, on the CDN: Pyodide's own wheel from its CDN, or, if the CDN cannot be
  reached and the package is pure Python, the same version from PyPI. A binary package
  that cannot be fetched stays a CDN URL, with the reason in the report;
- in the runtime already: nothing to do.
"""

from __future__ import annotations

import copy
import enum
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from . import pins
from .app_imports import project_names
from .pyodide_cdn import PyodideCdn
from .pyodide_wheels import PackageUnavailable, cached_wheel, download_wheel, is_pure, wheel_name_version
from .runtime_build.lock import VendoredPackage, pyodide_requires_dist, vendored_package, with_packages
from .runtime_build.wheelfile import WheelFiles, read_wheel, sha256_file

Lock = dict[str, Any]

IMPORTED = "imported by the app"
LISTED = "listed in requirements.txt"


class Status(enum.Enum):
    VENDORED = "vendored"
    IN_RUNTIME = "in the runtime"
    NOT_VENDORED = "not vendored"


@dataclass(frozen=True)
class Outcome:
    name: str  # canonical project name
    version: str | None
    status: Status
    detail: str  # where the wheel came from, or why there is none
    wanted_by: str


class WheelSources(Protocol):
    """Where wheels come from; both raise PackageUnavailable with the reason."""

    def from_pypi(self, requirement: str) -> Path: ...
    def from_cdn(self, url: str, sha256: str) -> Path: ...


class OnlineSources:
    """PyPI through pip (the PyPI proxy's machinery) and the Pyodide CDN, both cached."""

    def __init__(self, cache_dir: Path) -> None:
        self.pypi_cache = cache_dir / "pypi"
        self.cdn = PyodideCdn(cache_dir / "pyodide-cdn")

    def from_pypi(self, requirement: str) -> Path:
        try:
            return download_wheel(requirement, self.pypi_cache)
        except PackageUnavailable:
            # Offline, or PyPI hiccuped: a wheel fetched earlier for the same range still fits.
            cached = cached_wheel(Requirement(requirement), self.pypi_cache)
            if cached is None:
                raise
            return cached

    def from_cdn(self, url: str, sha256: str) -> Path:
        return self.cdn.fetch(url, sha256)


@dataclass
class SitePackages:
    """What vendoring decided: the site's lock, the wheels to put next to it, the report."""

    lock: Lock
    wheels: list[Path]
    outcomes: list[Outcome]
    notes: list[str]
    requirements: list[str]  # requirements.txt, pinned to what the lock holds, for mount()


def runtime_packages(lock: Lock) -> dict[str, str]:
    """name -> version of the packages the runtime bundle itself ships (local lock entries)."""
    return {name: entry["version"] for name, entry in lock["packages"].items() if not _on_cdn(entry)}


def vendor(
    runtime_lock: Lock, imports: list[str], requirements: list[Requirement], sources: WheelSources
) -> SitePackages:
    resolver = _Resolver(runtime_lock, sources)
    for requirement in requirements:
        resolver.want(requirement, LISTED)
    for project in project_names(runtime_lock, imports):
        resolver.want(Requirement(project), IMPORTED)
    resolver.resolve()
    return resolver.result(requirements)


@dataclass
class _Resolver:
    runtime_lock: Lock
    sources: WheelSources
    entries: dict[str, Any] = field(init=False)
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    from_pypi: dict[str, tuple[Path, WheelFiles]] = field(default_factory=dict)  # new lock entries
    refetched: dict[str, Path] = field(default_factory=dict)  # lock entries now pointing at a local wheel
    pending: deque[tuple[Requirement, str]] = field(default_factory=deque)

    def __post_init__(self) -> None:
        self.entries = copy.deepcopy(self.runtime_lock["packages"])

    def want(self, requirement: Requirement, wanted_by: str) -> None:
        self.pending.append((requirement, wanted_by))

    def resolve(self) -> None:
        while self.pending:
            self._resolve(*self.pending.popleft())

    def _resolve(self, requirement: Requirement, wanted_by: str) -> None:
        name = canonicalize_name(requirement.name)
        decided = self.outcomes.get(name)
        if decided is not None:
            if decided.version and not requirement.specifier.contains(decided.version, prereleases=True):
                self.notes.append(f"{requirement} ({wanted_by}): {name} {decided.version} is used instead")
            return
        entry = self.entries.get(name)
        if entry is None:
            self._vendor_from_pypi(requirement, wanted_by)
        elif not _on_cdn(entry):
            self._decide(name, entry["version"], Status.IN_RUNTIME, "", wanted_by)
            if not requirement.specifier.contains(entry["version"], prereleases=True):
                used = f"the runtime's {name} {entry['version']}"
                self.notes.append(f"{requirement} ({wanted_by}): {used} is used instead")
        elif requirement.specifier.contains(entry["version"], prereleases=True) or not is_pure(entry["file_name"]):
            self._vendor_from_lock(name, entry, requirement, wanted_by)
        else:  # a pure package pinned to another version than Pyodide's: honour the pin
            self._vendor_from_pypi(requirement, wanted_by)

    def _vendor_from_pypi(self, requirement: Requirement, wanted_by: str) -> None:
        name = canonicalize_name(requirement.name)
        try:
            wheel = self.sources.from_pypi(f"{requirement.name}{requirement.specifier}")
        except PackageUnavailable as error:
            hint = "; if the project's name differs from the import name, list the project in requirements.txt"
            reason = str(error) + (hint if wanted_by == IMPORTED else "")
            self._decide(name, None, Status.NOT_VENDORED, reason, wanted_by)
            return
        files = read_wheel(wheel)
        self.from_pypi[name] = (wheel, files)
        self._decide(name, wheel_name_version(wheel.name)[1], Status.VENDORED, "from PyPI", wanted_by)
        for dependency in pyodide_requires_dist(files, pins.PYODIDE_PYTHON, frozenset(requirement.extras)):
            self.want(dependency, f"needed by {name}")

    def _vendor_from_lock(self, name: str, entry: dict[str, Any], requirement: Requirement, wanted_by: str) -> None:
        version = entry["version"]
        if not requirement.specifier.contains(version, prereleases=True):
            self.notes.append(f"{requirement} ({wanted_by}): Pyodide only has {name} {version}, used instead")
        try:
            self.refetched[name] = self.sources.from_cdn(entry["file_name"], entry["sha256"])
            self._decide(name, version, Status.VENDORED, "from the Pyodide CDN", wanted_by)
        except PackageUnavailable as cdn_error:
            if is_pure(entry["file_name"]):
                self._vendor_same_version_from_pypi(name, version, str(cdn_error), wanted_by)
            else:
                reason = f"binary; loads from the Pyodide CDN at run time: {cdn_error}"
                self._decide(name, version, Status.NOT_VENDORED, reason, wanted_by)
        for dependency in entry.get("depends", []):
            self.want(Requirement(dependency), f"needed by {name}")

    def _vendor_same_version_from_pypi(self, name: str, version: str, cdn_error: str, wanted_by: str) -> None:
        try:
            self.refetched[name] = self.sources.from_pypi(f"{name}=={version}")
            self._decide(name, version, Status.VENDORED, "from PyPI (the version in Pyodide's lock)", wanted_by)
        except PackageUnavailable as error:
            reason = f"stays on the Pyodide CDN: {cdn_error}; {error}"
            self._decide(name, version, Status.NOT_VENDORED, reason, wanted_by)

    def _decide(self, name: str, version: str | None, status: Status, detail: str, wanted_by: str) -> None:
        self.outcomes[name] = Outcome(name, version, status, detail, wanted_by)

    def result(self, requirements: list[Requirement]) -> SitePackages:
        available = set(self.entries) | set(self.from_pypi)
        added: list[VendoredPackage] = [
            vendored_package(files, wheel.name, sha256_file(wheel), available, pins.PYODIDE_PYTHON)
            for wheel, files in self.from_pypi.values()
        ]
        lock = with_packages(self.runtime_lock, added)
        for name, wheel in self.refetched.items():
            # Pyodide's entry stays (its `depends` and `imports` are right for Pyodide); only the file changes.
            lock["packages"][name].update(file_name=wheel.name, sha256=sha256_file(wheel))
        wheels = [wheel for wheel, _ in self.from_pypi.values()] + list(self.refetched.values())
        return SitePackages(lock, wheels, list(self.outcomes.values()), self.notes, self._pinned(requirements))

    def _pinned(self, requirements: list[Requirement]) -> list[str]:
        """requirements.txt for the browser: pinned to the lock (micropip then finds each in the
        lock, no index needed); runtime packages left out (never reinstall Streamlit); what could
        not be resolved kept as written, so the page names it if it fails there too."""
        pinned: list[str] = []
        for requirement in requirements:
            outcome = self.outcomes[canonicalize_name(requirement.name)]
            if outcome.status is Status.IN_RUNTIME:
                continue
            pinned.append(f"{outcome.name}=={outcome.version}" if outcome.version else str(requirement))
        return pinned


def format_report(packages: SitePackages) -> str:
    """What the site carries and what it does not, one package a line."""
    shown = [o for o in packages.outcomes if o.status is not Status.IN_RUNTIME]
    if not shown:
        return "  packages: none beyond the runtime"
    width = max(len(f"{o.name} {o.version or ''}") for o in shown)
    lines = ["  packages:"]
    for o in sorted(shown, key=lambda o: (o.status is not Status.VENDORED, o.name)):
        label = f"{o.name} {o.version or ''}".ljust(width)
        lines.append(f"    {o.status.value:<12}  {label}  {o.detail} ({o.wanted_by})")
    lines += [f"    note: {note}" for note in packages.notes]
    return "\n".join(lines)


def _on_cdn(entry: dict[str, Any]) -> bool:
    return "://" in entry["file_name"]
