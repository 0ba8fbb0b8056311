"""Packages an element imports lazily (charts need altair) load on demand, through the lock.

On CPython altair is installed; here it is hidden until the on-demand finder "loads" it, as
in Pyodide, where it is not in site-packages until the lock's package is loaded.
"""

from __future__ import annotations

import importlib.abc
import sys
from collections.abc import Iterator

import pytest
import streamlit as st
from wasmlit_shim.on_demand import OnDemandFinder
from wasmlit_shim.package_problems import PackageMissing, Problem, package_problem

LOCK_IMPORTS = {"altair": "altair", "pandas": "pandas", "PIL": "pillow"}
DATA = {"a": [1, 2, 3], "b": [3, 1, 2]}
CHARTS = ["line_chart", "bar_chart", "area_chart", "scatter_chart"]


class NotInstalled(importlib.abc.MetaPathFinder):
    """Stands for every finder before the on-demand one: it finds nothing of `hidden`."""

    def __init__(self, hidden: set[str], on_demand: OnDemandFinder) -> None:
        self.hidden = hidden
        self.on_demand = on_demand

    def find_spec(self, fullname, path, target=None):  # type: ignore[no-untyped-def]
        if fullname.split(".")[0] not in self.hidden:
            return None
        spec = self.on_demand.find_spec(fullname, path, target)
        if spec is None:  # nobody else has it either
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        return spec


@pytest.fixture
def without_altair() -> Iterator[set[str]]:
    saved = {name: module for name, module in sys.modules.items() if name.split(".")[0] == "altair"}
    for name in saved:
        del sys.modules[name]
    hidden = {"altair"}
    yield hidden
    sys.meta_path[:] = [finder for finder in sys.meta_path if not isinstance(finder, NotInstalled)]
    for name in [name for name in sys.modules if name.split(".")[0] == "altair"]:
        del sys.modules[name]
    sys.modules.update(saved)


def hide(hidden: set[str], finder: OnDemandFinder) -> None:
    sys.meta_path.insert(0, NotInstalled(hidden, finder))


@pytest.mark.parametrize("chart", CHARTS)
def test_a_chart_without_an_altair_import_loads_altair_on_demand(without_altair: set[str], chart: str) -> None:
    asked: list[str] = []

    def load(package: str) -> Problem | None:
        asked.append(package)
        without_altair.discard("altair")  # now "installed"
        return None

    finder = OnDemandFinder(load, lambda: LOCK_IMPORTS, lambda problem: pytest.fail(f"no notice expected: {problem}"))
    hide(without_altair, finder)
    getattr(st, chart)(DATA)
    assert asked == ["altair"]
    assert finder.loaded == ["altair"]


def test_a_package_that_cannot_be_had_fails_the_chart_with_its_one_notice(without_altair: set[str]) -> None:
    problem = package_problem("altair", "https://cdn.example/altair-6.0.0-py3-none-any.whl", "offline", "go online")
    notices: list[Problem] = []
    finder = OnDemandFinder(lambda package: problem, lambda: LOCK_IMPORTS, notices.append)
    hide(without_altair, finder)
    for _ in range(2):
        with pytest.raises(PackageMissing) as missing:
            st.line_chart(DATA)
        assert (
            str(missing.value)
            == "The package altair could not be loaded from https://cdn.example/altair-6.0.0-py3-none-any.whl"
        )
        assert missing.value.name == "altair"
    assert notices == [problem]  # once, however often the element asks


def test_modules_no_lock_package_provides_fail_as_usual(without_altair: set[str]) -> None:
    finder = OnDemandFinder(lambda package: pytest.fail("nothing to load"), lambda: {}, lambda problem: None)
    hide(without_altair, finder)
    with pytest.raises(ModuleNotFoundError) as missing:
        import altair  # noqa: F401
    assert not isinstance(missing.value, PackageMissing)


def test_a_library_probing_for_an_optional_package_does_not_load_it(without_altair: set[str]) -> None:
    # FastAPI does `try: import ujson` at import: that must stay a quiet ImportError.
    finder = OnDemandFinder(lambda package: pytest.fail("no load for a probe"), lambda: LOCK_IMPORTS, pytest.fail)
    hide(without_altair, finder)
    probe = "try:\n    import altair\nexcept ImportError:\n    altair = None\n"
    namespace = {"__name__": "fastapi.responses"}
    exec(compile(probe, "<fastapi.responses>", "exec"), namespace)
    assert namespace["altair"] is None
    namespace = {"__name__": "streamlit.config"}  # Streamlit's own probe for rich, at config time
    exec(compile(probe, "<streamlit.config>", "exec"), namespace)
    assert namespace["altair"] is None
