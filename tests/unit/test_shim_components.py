"""Custom components (v1) without pyarrow: the element is sent and its files are served."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.unit.conftest import StreamSession, elements, run, serving

APP = """
import streamlit as st
import streamlit.components.v1 as components

greeter = components.declare_component("greeter", path="{folder}")
st.write("component says:", greeter(name="Ada", default="nothing yet"))
"""


@pytest.fixture
def no_pyarrow(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(sys.modules):
        if name.split(".")[0] == "pyarrow":
            monkeypatch.delitem(sys.modules, name)

    class Blocker:
        def find_spec(self, fullname: str, path: Any, target: Any = None) -> None:
            if fullname.split(".")[0] == "pyarrow":
                raise ImportError("pyarrow is blocked by the test (no wasm wheel)")

    monkeypatch.setattr(sys, "meta_path", [Blocker(), *sys.meta_path])


def test_component_without_pyarrow(write_app: Callable[..., str], tmp_path: Path, no_pyarrow: None) -> None:
    folder = tmp_path / "greeter"
    folder.mkdir()
    (folder / "index.html").write_text("<p>greeter</p>")
    entry = write_app(APP.format(folder=folder))

    async def main() -> tuple[list[Any], Any]:
        async with serving(entry) as server:
            session = StreamSession(server)
            session.rerun()
            found = elements(await session.wait_for_runs(1))
            components = [e.component_instance for e in found if e.WhichOneof("type") == "component_instance"]
            page = await server.http("GET", f"/component/{components[0].component_name}/index.html", "", [], b"")
            return found, page

    found, page = run(main())
    assert [e.exception.message for e in found if e.WhichOneof("type") == "exception"] == []
    assert page.status == 200
    assert page.body == b"<p>greeter</p>"
