"""Packages loaded when code imports them, not only when the app's source says so.

The scan before the first run (`imports`) sees the app's own `import` statements. Streamlit's
elements import packages lazily inside their functions (`st.line_chart` imports altair,
`st.dataframe` pandas and pyarrow, `st.image` PIL). A finder at the end of `sys.meta_path`
catches such an import when no other finder could satisfy it: if the runtime's lock provides
the module (the same lock and loader the scan's auto-loading uses), it loads that package
there and then, and the import goes on; if the package cannot be had, the import fails with
the package's one notice (which package, the URL tried, why, what to do) instead of a bare
"No module named ...".

Only imports made by Streamlit's element code are served this way. Elsewhere, code probes for
optional packages (`try: import ujson` in FastAPI, `import rich` in Streamlit's config):
loading those, or a notice about them, would cost a download or a false alarm for nothing.

Pure Python, so it is tested on CPython: the loader and the lock's map are passed in.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
from collections.abc import Callable, Sequence

from .package_problems import PackageMissing, Problem

# Streamlit's modules whose lazy imports are what an element needs to draw: charts (altair),
# dataframes and tables (pandas, pyarrow), images (PIL), plots (matplotlib, plotly...), and
# the data conversions they call.
ELEMENT_CODE = ("streamlit.elements.", "streamlit.dataframe_util", "streamlit.type_util", "streamlit.components.")

# package name in the lock -> the problem if it could not be loaded, None once loaded
Loader = Callable[[str], Problem | None]
# top-level import name -> package name in the lock
PackagesByImport = Callable[[], dict[str, str]]
Notify = Callable[[Problem], None]


class OnDemandFinder(importlib.abc.MetaPathFinder):
    def __init__(
        self,
        load: Loader,
        packages_by_import: PackagesByImport,
        notify: Notify,
        imported_by_element: Callable[[], bool] = lambda: importer_name().startswith(ELEMENT_CODE),
    ) -> None:
        self._load = load
        self._imported_by_element = imported_by_element
        self._packages_by_import = packages_by_import
        self._notify = notify
        self._failed: dict[str, Problem] = {}
        self.loaded: list[str] = []  # packages loaded on demand, in order (for the page and tests)

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if path is not None or "." in fullname:
            return None  # a submodule: its package is loaded already, or this was asked for it
        package = self._packages_by_import().get(fullname)
        if package is None or not self._imported_by_element():
            return None  # not a module of the lock, or a library probing for it: the usual ImportError
        problem = self._failed.get(package)
        if problem is None and package not in self.loaded:
            problem = self._load(package)
            if problem is None:
                self.loaded.append(package)
            else:
                self._failed[package] = problem
                self._notify(problem)
        if problem is not None:
            raise PackageMissing(problem)
        importlib.invalidate_caches()  # the new files in site-packages
        return importlib.machinery.PathFinder.find_spec(fullname, path, target)


def importer_name() -> str:
    """The module whose code runs the `import` being resolved (past the import machinery
    and any finder that passed the question on)."""
    frame = sys._getframe(1)
    while frame is not None:
        name = str(frame.f_globals.get("__name__", ""))
        machinery = name.startswith("importlib") or "importlib._bootstrap" in frame.f_code.co_filename
        if not machinery and frame.f_code.co_name != "find_spec" and name != __name__:
            return name
        frame = frame.f_back  # type: ignore[assignment]
    return ""


def install(finder: OnDemandFinder) -> None:
    """Put `finder` last on sys.meta_path (once): every other finder is asked first."""
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, OnDemandFinder)]
    sys.meta_path.append(finder)
