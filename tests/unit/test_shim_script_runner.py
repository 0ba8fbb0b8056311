"""The script runner as an asyncio task (patches/script_runner.py): Stop, reruns, caches, fragments."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from tests.unit.conftest import StreamSession, run, serving, texts


def test_stop_request_stops_the_running_script(write_app: Callable[..., str]) -> None:
    app = """
import asyncio
import streamlit as st
for step in range(100):
    st.write(f"step {step}")
    await asyncio.sleep(0.02)
st.write("finished")
"""

    async def main() -> list[str]:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        async with serving(write_app(app)) as server:
            session = StreamSession(server)
            session.rerun()
            await asyncio.sleep(0.15)
            stop = BackMsg()
            stop.stop_script = True
            session.send(stop)
            await session.wait_for_runs(1, timeout=5)
            return texts(session.messages)

    found = run(main())
    assert "step 0" in found
    assert "finished" not in found
    assert len(found) < 50


def test_rerun_cache_and_fragment(write_app: Callable[..., str]) -> None:
    app = """
import streamlit as st

if "n" not in st.session_state:
    st.session_state.n = 0
st.session_state.n += 1
if st.session_state.n == 1:
    st.rerun()

@st.cache_data
def double(x):
    return x * 2

@st.cache_resource
def resource():
    return {"made": True}

st.write(f"n={st.session_state.n} double={double(21)} resource={resource()['made']}")

@st.fragment
def fragment():
    st.write("in fragment")

fragment()
"""

    async def main() -> list[str]:
        async with serving(write_app(app)) as server:
            session = StreamSession(server)
            session.rerun()
            deadline = time.monotonic() + 10
            while "in fragment" not in texts(session.messages):
                assert time.monotonic() < deadline, session.describe()
                await asyncio.sleep(0.01)
            return texts(session.messages)

    found = run(main())
    assert "n=2 double=42 resource=True" in found
    assert not any(text.startswith("n=1") for text in found)
