"""Each session's script context travels in a ContextVar, not on a thread (patches/script_context.py)."""

from __future__ import annotations

from collections.abc import Callable

from tests.unit.conftest import StreamSession, run, serving, texts


def test_two_sessions_interleave_with_their_own_context(write_app: Callable[..., str]) -> None:
    # Both scripts await mid-run; each session must get only its own elements.
    app = """
import asyncio
import streamlit as st
who = st.query_params.get("who", "nobody")
for step in range(5):
    st.write(f"{who} {step}")
    await asyncio.sleep(0.01)
"""

    async def main() -> tuple[list[str], list[str]]:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        async with serving(write_app(app)) as server:
            sessions = [StreamSession(server), StreamSession(server)]
            for who, session in zip(("ann", "bob"), sessions, strict=True):
                back = BackMsg()
                back.rerun_script.query_string = f"who={who}"
                back.rerun_script.page_script_hash = ""
                session.send(back)
            results = [texts(await s.wait_for_runs(1)) for s in sessions]
            return results[0], results[1]

    ann, bob = run(main())
    assert ann == [f"ann {n}" for n in range(5)]
    assert bob == [f"bob {n}" for n in range(5)]
