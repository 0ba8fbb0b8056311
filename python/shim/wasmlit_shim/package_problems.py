"""Packages that could not be had, each described once: the package, the URL tried, why,
and what to do. Pure Python (no Pyodide), so the server and its tests share it.

`packages` records a failure here when it installs; when the app then imports the missing
package at start (an `st.App` entry point runs at start), `server` raises `PackageMissing`
with the same description, and the page shows that one notice instead of a second,
vaguer error.
"""

from __future__ import annotations

from typing import TypedDict

CDN_ADVICE = (
    "It is one of Pyodide's own builds (PyPI has no wheel of it for Pyodide), fetched from the Pyodide CDN. "
    "Open the app where that CDN is reachable, or run `wasmlit export` on a machine that reaches it: "
    "the site then carries the wheel."
)
INDEX_ADVICE = (
    "Check the project's name (an import name can differ from it: list the project in requirements), "
    "or pin a version that has a pure-Python or Pyodide (pyemscripten) wheel on PyPI."
)


class Problem(TypedDict):
    """What the page shows: a one-line message, and the details behind it."""

    message: str
    detail: str
    package: str  # the project that could not be had


class PackageMissing(ModuleNotFoundError):
    """The app imported a package that could not be installed; `problem` says which and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem["message"], name=problem["package"])
        self.problem = problem


_by_import: dict[str, Problem] = {}
_last_missing: Problem | None = None


def package_problem(package: str, url: str, reason: str, advice: str) -> Problem:
    return Problem(
        message=f"The package {package} could not be loaded from {url}",
        detail=f"Why: {reason}\nWhat to do: {advice}",
        package=package,
    )


def record(problem: Problem, import_names: list[str]) -> None:
    """Remember `problem` for the modules the package provides."""
    for name in import_names:
        _by_import[name] = problem


def for_import(module: str | None) -> Problem | None:
    """The recorded problem of the package providing `module` (dotted names: its top level)."""
    if not module:
        return None
    return _by_import.get(module.split(".")[0])


def missing(error: ModuleNotFoundError) -> PackageMissing | None:
    """`error` as the package failure it comes from, if one was recorded."""
    global _last_missing
    problem = for_import(error.name)
    if problem is None:
        return None
    _last_missing = problem
    return PackageMissing(problem)


def last_missing() -> Problem | None:
    """The problem behind the last PackageMissing raised (the worker shows it as the boot error)."""
    return _last_missing
