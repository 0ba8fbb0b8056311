"""Install what an app needs before its first run, inside Pyodide.

Import names found in the app's code resolve first against the Pyodide lock (vendored
wheels, then Pyodide's own packages on its CDN), then against a package index through
micropip (the dev server's PyPI proxy under `wasmlit serve`, else pypi.org). A package
that cannot be fetched does not stop the app: it becomes a problem the page shows,
naming the package and the URL tried.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from collections.abc import Callable
from typing import Any

import pyodide_js  # type: ignore[import-not-found]  # only exists inside Pyodide
from pyodide.ffi import to_js  # type: ignore[import-not-found]

from .blocking import can_suspend
from .imports import find_third_party_imports
from .package_problems import CDN_ADVICE, INDEX_ADVICE, Problem, package_problem, record

PYPI_SIMPLE_URL = "https://pypi.org/simple/"


async def install_for_app(
    app_dir: str,
    entrypoint: str,
    requirements: Any,
    index_url: str | None,
    on_progress: Callable[[str], None],
) -> list[Problem]:
    problems: list[Problem] = []
    from_lock, from_index = _plan(app_dir, entrypoint)
    if from_lock:
        on_progress(", ".join(from_lock))
        problems += await _load_from_lock(from_lock, _lock_packages())

    problems += await install_requirements([*_to_list(requirements), *from_index], index_url, on_progress)
    return problems


def packages_to_install(app_dir: str, entrypoint: str) -> list[str]:
    """What `install_for_app` will install for the app's imports (lock names, then names
    for the index): what the page announces as "module auto-load" before it starts."""
    from_lock, from_index = _plan(app_dir, entrypoint)
    return [*from_lock, *from_index]


def _plan(app_dir: str, entrypoint: str) -> tuple[list[str], list[str]]:
    """The app's missing imports: (packages of the lock, requirement names for the index)."""
    wanted = [name for name in find_third_party_imports(app_dir, entrypoint) if not _importable(name)]
    if not wanted:
        return [], []  # the usual case; converting the 350-entry lock to Python costs ~50 ms
    by_import = _lock_packages_by_import()
    from_lock = sorted({by_import[name] for name in wanted if name in by_import})
    from_index = [name.replace("_", "-") for name in wanted if name not in by_import]
    return from_lock, from_index


async def install_requirements(
    requirements: Any, index_url: str | None, on_progress: Callable[[str], None] = lambda _name: None
) -> list[Problem]:
    """Install requirement strings with micropip, one by one so that one failure does not hide
    the others. micropip asks the index first whenever it is given one and takes the lock's
    entry only for what the index lacks; exports give an index inside the site with nothing in
    it (their requirements are pinned to the lock), so they ask no one."""
    problems: list[Problem] = []
    for requirement in _to_list(requirements):
        on_progress(requirement)
        problem = await _install_from_index(requirement, index_url)
        if problem:
            problems.append(problem)
    return problems


def _importable(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def load_now(package: str) -> Problem | None:
    """Load a lock package while Python code waits for it (an import deep in an element's
    code): through JSPI, which suspends the caller while the worker keeps going. Without
    JSPI nothing can wait for a download, so the problem says how to load it up front."""
    from pyodide.ffi import run_sync  # type: ignore[import-not-found]

    if not can_suspend():
        module = (_lock_packages()[package].get("imports") or [package])[0]
        return package_problem(
            package,
            _lock_packages()[package]["file_name"],
            "it is needed while the app runs, and this browser cannot wait for a download there (no JSPI)",
            f"Add `import {module}` at the top of the app, so it is installed before the app runs.",
        )
    problems = run_sync(_load_from_lock([package], _lock_packages()))
    return problems[0] if problems else None


def lock_packages_by_import() -> dict[str, str]:
    """Top-level import name -> the lock package that provides it."""
    return _lock_packages_by_import()


@functools.cache
def _lock_packages_by_import() -> dict[str, str]:
    return {imp: name for name, package in _lock_packages().items() for imp in package.get("imports", [])}


@functools.cache
def _lock_packages() -> dict[str, dict[str, Any]]:
    return pyodide_js.lockfile.packages.to_py()


def _to_list(value: Any) -> list[str]:
    if value is None:
        return []
    return list(value.to_py()) if hasattr(value, "to_py") else list(value)


async def _load_from_lock(names: list[str], lock: dict[str, dict[str, Any]]) -> list[Problem]:
    """Load lock packages with what they depend on. One problem per requested package that
    did not load, naming the URL that failed (its own, or a dependency's: jinja2 fails when
    markupsafe cannot be fetched) and listing every other package of it that failed."""
    errors: list[str] = []
    await pyodide_js.loadPackage(
        to_js(names),
        to_js({"messageCallback": lambda _line: None, "errorCallback": errors.append}, dict_converter=_js_object),
    )
    loaded = set(pyodide_js.loadedPackages.object_keys())
    problems: list[Problem] = []
    for name in names:
        failed = [package for package in _with_dependencies(name, lock, loaded) if package not in loaded]
        if not failed:
            continue
        urls = [lock[package]["file_name"] for package in failed]
        reasons = [line for line in errors if any(url.rsplit("/", 1)[-1] in line for url in urls)] or errors
        also = [f"{package} ({url})" for package, url in zip(failed[1:], urls[1:], strict=True)]
        reason = "\n".join(reasons) or "the download failed"
        if also:
            reason += "\nAlso not loaded: " + ", ".join(also)
        advice = CDN_ADVICE if "://" in urls[0] else "Rebuild or re-export the site: its wheel is missing."
        problem = package_problem(name, urls[0], reason, advice)
        for package in failed:
            record(problem, lock[package].get("imports", []))
        problems.append(problem)
    return problems


def _with_dependencies(name: str, lock: dict[str, dict[str, Any]], loaded: set[str]) -> list[str]:
    """`name` and every package it brings in (lock `depends`), `name` first. A package loaded
    already brought its own in earlier (or the runtime set them up), so it is not descended."""
    found: list[str] = []
    pending = [name]
    while pending:
        package = pending.pop(0)
        if package in found or package not in lock:
            continue
        found.append(package)
        if package in loaded and package != name:
            continue
        pending.extend(_canonical(dependency) for dependency in lock[package].get("depends", []))
    return found


def _canonical(name: str) -> str:
    """A project name as the lock keys it (`depends` may spell `jsonschema_specifications`)."""
    return re.sub(r"[-_.]+", "-", name).lower()


async def _install_from_index(requirement: str, index_url: str | None) -> Problem | None:
    await pyodide_js.loadPackage("micropip")
    import micropip  # type: ignore[import-not-found]
    from packaging.requirements import Requirement

    index = micropip_index_url(index_url or PYPI_SIMPLE_URL)
    try:
        await micropip.install(requirement, index_urls=[index])
    except Exception as error:  # micropip raises ValueError and network errors alike
        name = Requirement(requirement).name
        problem = package_problem(name, index.format(package_name=name), str(error), INDEX_ADVICE)
        record(problem, [name.replace("-", "_").lower()])
        return problem
    return None


def micropip_index_url(index_url: str) -> str:
    """The index as micropip should be given it: with a `{package_name}` placeholder, which it
    fills in. Given a plain URL, micropip appends `/{name}/` itself, and `https://…/simple/`
    becomes `…/simple//name/`, a path some proxies in front of PyPI refuse."""
    if "{package_name}" in index_url:
        return index_url
    return index_url.rstrip("/") + "/{package_name}/"


def _js_object(entries: Any) -> Any:
    import js  # type: ignore[import-not-found]

    return js.Object.fromEntries(entries)
