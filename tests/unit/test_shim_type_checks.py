"""Streamlit's type checks without numpy, pandas, pyarrow or PIL (patches/type_checks.py), as in Pyodide."""

from __future__ import annotations

import importlib.abc
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.unit.conftest import elements, render, run, texts

HEAVY = ("numpy", "pandas", "pyarrow", "PIL")


class _HeavyImportBlocker(importlib.abc.MetaPathFinder):
    """Makes importing numpy/pandas/pyarrow/PIL fail, as in Pyodide where they are absent."""

    def __init__(self) -> None:
        self.attempts: list[str] = []

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> None:
        if fullname.split(".")[0] in HEAVY:
            self.attempts.append(fullname)
            raise ImportError(f"{fullname} is blocked by the test (not installed in Pyodide)")
        return None


@pytest.fixture
def without_heavy_packages(monkeypatch: pytest.MonkeyPatch) -> Iterator[_HeavyImportBlocker]:
    # Earlier tests may have imported them: hide them (monkeypatch puts them back after).
    for name in list(sys.modules):
        if name.split(".")[0] in HEAVY:
            monkeypatch.delitem(sys.modules, name)
    blocker = _HeavyImportBlocker()
    monkeypatch.setattr(sys, "meta_path", [blocker, *sys.meta_path])
    yield blocker


def test_write_without_numpy_pandas_pyarrow(
    write_app: Callable[..., str], without_heavy_packages: _HeavyImportBlocker
) -> None:
    app = """
import asyncio
import streamlit as st

st.write({"a": 1})
st.write([1, 2])
st.write("plain", 3)

def words():
    yield "hello "
    yield "world"

st.write_stream(words)

async def async_words():
    for word in ("async ", "stream"):
        await asyncio.sleep(0.001)
        yield word

st.write_stream(async_words)
st.image("https://example.com/cat.png")
st.logo("https://example.com/logo.png")
st.json({"b": 2})
st.write("end")
"""

    async def main() -> list[Any]:
        server, _, messages = await render(write_app(app))
        await server.stop()
        return messages

    messages = run(main())
    found = elements(messages)
    kinds = [e.WhichOneof("type") for e in found]
    assert "exception" not in kinds, [e.exception.message for e in found if e.WhichOneof("type") == "exception"]
    rendered = texts(messages)
    assert '{"a": 1}' in rendered
    assert "hello world" in rendered
    assert "async stream" in rendered
    assert "end" in rendered
    images = [e.imgs for e in found if e.WhichOneof("type") == "imgs"]
    assert images and images[0].imgs[0].url == "https://example.com/cat.png"
    logos = [m.logo for m in messages if m.WhichOneof("type") == "logo"]
    assert logos and logos[0].image == "https://example.com/logo.png"
    assert without_heavy_packages.attempts == []
    assert not [name for name in sys.modules if name.split(".")[0] in HEAVY]
