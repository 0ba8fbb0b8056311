"""The packages an exported site carries, resolved at export time.

One resolution (`package_resolution`: pip's resolver for Pyodide's platform, over PyPI and the
runtime's lock) decides every package and version; then every wheel that can be had is put
next to the runtime's and gets a local entry in the site's lock, so the browser loads it from
the site:

- from PyPI (pure, or built for Pyodide's ABI): vendored;
- what only Pyodide builds for wasm (numpy, markupsafe...): a plain-Python wheel built from
  its source on PyPI where the source has a plain-Python fallback (`source_builds`: MarkupSafe
  does), so neither the site nor `wasmlit serve`'s page asks a third party for it; else
  Pyodide's build, fetched from its CDN when reachable at export time, else left a CDN URL
  with the reason in the report;
- in the runtime already: nothing to do.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from . import pins
from .app_imports import project_names
from .package_resolution import Resolution, ResolvedPackage, Source, is_runtime_entry, resolve
from .pyodide_cdn import PyodideCdn
from .pyodide_wheels import PackageUnavailable, cached_wheel, download_wheel, download_wheels, is_pure
from .runtime_build.lock import VendoredPackage, vendored_package, with_packages
from .runtime_build.wheelfile import WheelFiles, read_wheel, sha256_file
from .source_builds import plain_python_wheel

Lock = dict[str, Any]

IMPORTED = "imported by the app"
LISTED = "listed in requirements.txt"
NEEDED = "needed by the app's packages"


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
    """How packages resolve and where wheels come from; fetches raise PackageUnavailable."""

    def resolve(self, requirements: list[str], lock: Lock) -> Resolution: ...
    def from_pypi(self, requirement: str) -> Path: ...
    def from_source(self, name: str, version: str) -> Path: ...
    def from_cdn(self, url: str, sha256: str) -> Path: ...


class OnlineSources:
    """pip's resolver and PyPI through pip (the PyPI proxy's machinery), and the Pyodide CDN; all
    cached. `wasmlit serve` passes `fetch_cdn=False`: the browser asks the CDN itself."""

    def __init__(self, cache_dir: Path, fetch_cdn: bool = True) -> None:
        self.cache_dir = cache_dir
        self.pypi_cache = cache_dir / "pypi"
        self.cdn = PyodideCdn(cache_dir / "pyodide-cdn")
        self.fetch_cdn = fetch_cdn

    def resolve(self, requirements: list[str], lock: Lock) -> Resolution:
        resolution = resolve(requirements, lock, self.cache_dir)
        exact = [f"{package.name}=={package.version}" for package in resolution.by_source(Source.PYPI)]
        download_wheels(exact, self.pypi_cache)  # all at once; `from_pypi` then finds each in the cache
        return resolution

    def from_pypi(self, requirement: str) -> Path:
        cached = cached_wheel(Requirement(requirement), self.pypi_cache)
        if cached is not None and "==" in requirement:
            return cached  # an exact version: the wheel fetched earlier is the one
        try:
            return download_wheel(requirement, self.pypi_cache)
        except PackageUnavailable:
            if cached is None:
                raise
            return cached  # offline, or PyPI hiccuped: a wheel fetched earlier for the same range still fits

    def from_source(self, name: str, version: str) -> Path:
        return plain_python_wheel(name, version, self.pypi_cache)  # beside PyPI's: `serve` serves both alike

    def from_cdn(self, url: str, sha256: str) -> Path:
        if not self.fetch_cdn:
            raise PackageUnavailable(f"the browser fetches {url}")
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
    return {name: entry["version"] for name, entry in lock["packages"].items() if is_runtime_entry(entry)}


def vendor(
    runtime_lock: Lock, imports: list[str], requirements: list[Requirement], sources: WheelSources
) -> SitePackages:
    """Resolve what the app asks for (pip, for Pyodide), then fetch every wheel that can be had."""
    shipped = runtime_packages(runtime_lock)
    notes = [
        f"{requirement} (listed in requirements.txt): the runtime's {name} {shipped[name]} is used instead"
        for requirement in requirements
        if (name := canonicalize_name(requirement.name)) in shipped
        and not requirement.specifier.contains(shipped[name], prereleases=True)
    ]
    wanted_by: dict[str, str] = {canonicalize_name(p): IMPORTED for p in project_names(runtime_lock, imports)}
    wanted_by.update({canonicalize_name(r.name): LISTED for r in requirements})
    listed: list[str] = [str(r) for r in requirements if canonicalize_name(r.name) not in shipped]
    imported: list[str] = [name for name, why in wanted_by.items() if why == IMPORTED and name not in shipped]
    vendoring = _Vendoring(runtime_lock, sources, wanted_by, notes)
    for project in sorted(set(wanted_by) & set(shipped)):  # never resolved again: Streamlit & co. stay as shipped
        vendoring.outcomes.append(Outcome(project, shipped[project], Status.IN_RUNTIME, "", wanted_by[project]))
    return vendoring.vendor(sources.resolve(listed + imported, runtime_lock), requirements)


@dataclass
class _Vendoring:
    runtime_lock: Lock
    sources: WheelSources
    wanted_by: dict[str, str]
    notes: list[str]
    outcomes: list[Outcome] = field(default_factory=list)
    # New or replaced lock entries: PyPI's wheel, or one built from the project's source on PyPI.
    from_pypi: dict[str, tuple[Path, WheelFiles]] = field(default_factory=dict)
    refetched: dict[str, Path] = field(default_factory=dict)  # lock entries now pointing at a local wheel

    def vendor(self, resolution: Resolution, requirements: list[Requirement]) -> SitePackages:
        for package in resolution.packages:
            why = self.wanted_by.get(package.name, NEEDED)
            if package.source is Source.RUNTIME:
                continue
            if package.source is Source.PYPI:
                self._vendor_from_pypi(package, why)
            else:
                self._vendor_pyodide_only(package, why)
        for missing in resolution.unavailable:
            name = canonicalize_name(Requirement(missing.requirement).name)
            why = self.wanted_by.get(name, NEEDED)
            hint = "; if the project's name differs from the import name, list the project in requirements.txt"
            self._decide(name, None, Status.NOT_VENDORED, missing.reason + (hint if why == IMPORTED else ""), why)
        return self._result(requirements)

    def _vendor_from_pypi(self, package: ResolvedPackage, why: str) -> None:
        try:
            wheel = self.sources.from_pypi(f"{package.name}=={package.version}")
        except PackageUnavailable as error:
            self._decide(package.name, package.version, Status.NOT_VENDORED, str(error), why)
            return
        self.from_pypi[package.name] = (wheel, read_wheel(wheel))
        self._decide(package.name, package.version, Status.VENDORED, "from PyPI", why)

    def _vendor_pyodide_only(self, package: ResolvedPackage, why: str) -> None:
        """A package PyPI has no wasm wheel of: a plain-Python build of its source on PyPI first (no
        third party at run time, reachable wherever PyPI is), else Pyodide's build from its CDN."""
        no_build = ""
        if not is_pure(package.url):  # Pyodide's build of a pure package is already that
            try:
                wheel = self.sources.from_source(package.name, package.version)
            except PackageUnavailable as error:
                no_build = f" (no plain-Python build: {error})"
            else:
                self.from_pypi[package.name] = (wheel, read_wheel(wheel))
                detail = "built from its source on PyPI as plain Python, without compiled speedups"
                self._decide(package.name, package.version, Status.VENDORED, detail, why)
                return
        try:
            self.refetched[package.name] = self.sources.from_cdn(package.url, package.sha256)
            self._decide(package.name, package.version, Status.VENDORED, "from the Pyodide CDN", why)
        except PackageUnavailable as cdn_error:
            kind = "pure" if is_pure(package.url) else "binary"
            reason = f"{kind}, only built by Pyodide{no_build}; loads from the Pyodide CDN at run time: {cdn_error}"
            self._decide(package.name, package.version, Status.NOT_VENDORED, reason, why)

    def _decide(self, name: str, version: str | None, status: Status, detail: str, wanted_by: str) -> None:
        self.outcomes.append(Outcome(name, version, status, detail, wanted_by))

    def _result(self, requirements: list[Requirement]) -> SitePackages:
        available = set(self.runtime_lock["packages"]) | set(self.from_pypi)
        added: list[VendoredPackage] = [
            vendored_package(files, wheel.name, sha256_file(wheel), available, pins.PYODIDE_PYTHON)
            for wheel, files in self.from_pypi.values()
        ]
        lock = with_packages(self.runtime_lock, added)
        for name, wheel in self.refetched.items():
            # Pyodide's entry stays (its `depends` and `imports` are right for Pyodide); only the file changes.
            lock["packages"][name].update(file_name=wheel.name, sha256=sha256_file(wheel))
        wheels = [wheel for wheel, _ in self.from_pypi.values()] + list(self.refetched.values())
        return SitePackages(lock, wheels, self.outcomes, self.notes, self._pinned(requirements))

    def _pinned(self, requirements: list[Requirement]) -> list[str]:
        """requirements.txt for the browser: pinned to the lock (micropip then finds each in the
        lock, no index needed); runtime packages left out (never reinstall Streamlit); what could
        not be resolved kept as written, so the page names it if it fails there too."""
        by_name = {outcome.name: outcome for outcome in self.outcomes}
        pinned: list[str] = []
        for requirement in requirements:
            outcome = by_name.get(canonicalize_name(requirement.name))
            if outcome is None or outcome.status is Status.IN_RUNTIME:
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
