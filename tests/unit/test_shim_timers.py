"""Spinners and skeletons without threading.Timer (patches/timers.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.unit.conftest import render, run, texts


def test_spinner_shows_while_the_script_awaits(write_app: Callable[..., str]) -> None:
    app = """
import asyncio
import streamlit as st
with st.spinner("Thinking..."):
    await asyncio.sleep(0.8)
st.write("done")
"""

    async def main() -> list[Any]:
        server, _, messages = await render(write_app(app))
        await server.stop()
        return messages

    messages = run(main())
    # The spinner is a transient element, sent by the delayed timer while the script awaits.
    spinners = [
        e.spinner.text
        for m in messages
        if m.WhichOneof("type") == "delta" and m.delta.HasField("new_transient")
        for e in m.delta.new_transient.elements
        if e.WhichOneof("type") == "spinner"
    ]
    assert spinners == ["Thinking..."]
    assert "done" in texts(messages)
