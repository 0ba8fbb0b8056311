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
from collections.abc import Callable
from typing import Any, TypedDict

import pyodide_js  # type: ignore[import-not-found]  # only exists inside Pyodide
from pyodide.ffi import to_js  # type: ignore[import-not-found]

from .imports import find_third_party_imports

PYPI_SIMPLE_URL = "https://pypi.org/simple/"


class Problem(TypedDict):
    message: str
    detail: str


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
    """Install requirement strings with micropip (the lock first, then the index), one by
    one so that one failure does not hide the others."""
    problems: list[Problem] = []
    for requirement in _to_list(requirements):
        on_progress(requirement)
        problem = await _install_from_index(requirement, index_url)
        if problem:
            problems.append(problem)
    return problems


def _importable(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


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
    errors: list[str] = []
    await pyodide_js.loadPackage(
        to_js(names),
        to_js({"messageCallback": lambda _line: None, "errorCallback": errors.append}, dict_converter=_js_object),
    )
    loaded = set(pyodide_js.loadedPackages.object_keys())
    return [
        Problem(
            message=f"Could not load the package {name} from {lock[name]['file_name']}",
            detail="\n".join(errors) or "The download failed (is the network reachable?).",
        )
        for name in names
        if name not in loaded
    ]


async def _install_from_index(requirement: str, index_url: str | None) -> Problem | None:
    await pyodide_js.loadPackage("micropip")
    import micropip  # type: ignore[import-not-found]

    index = index_url or PYPI_SIMPLE_URL
    try:
        await micropip.install(requirement, index_urls=[index])
    except Exception as error:  # micropip raises ValueError and network errors alike
        return Problem(message=f"Could not install the package {requirement} from {index}", detail=str(error))
    return None


def _js_object(entries: Any) -> Any:
    import js  # type: ignore[import-not-found]

    return js.Object.fromEntries(entries)
