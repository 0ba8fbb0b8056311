"""The shim inside Pyodide (under Node, with the built runtime): patches apply, AppServer serves.

Pyodide is where the shim must work: no threads at all, a WebLoop as the event loop, and no
numpy/pandas/pyarrow (so `st.write(dict)` exercises the sys.modules-first type checks).
"""

from __future__ import annotations

from tests.pyodide.conftest import PyodideProcess

APP = """
import asyncio
import streamlit as st

st.title("Hello from Pyodide")
await asyncio.sleep(0.01)
with st.spinner("working"):
    await asyncio.sleep(0.01)
name = st.text_input("Name", key="name")
st.write(f"Echo: {name}")
st.write({"a": 1})
st.write([1, 2])
"""

SERVE = """
import asyncio, os, sys, time
from wasmlit_shim.server import AppServer
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

os.makedirs("/tmp/app", exist_ok=True)
with open("/tmp/app/streamlit_app.py", "w") as f:
    f.write(APP)

t0 = time.perf_counter()
server = await AppServer.start("/tmp/app/streamlit_app.py")
start_s = time.perf_counter() - t0
health = await server.http("GET", "/_stcore/health", "", [], b"")

frames, closes = [], []
ws = server.websocket(
    "/_stcore/stream", "", [("sec-websocket-protocol", "streamlit, PLACEHOLDER_AUTH_TOKEN")],
    frames.append, lambda code, reason: closes.append([code, reason]),
)

def messages():
    return [ForwardMsg.FromString(b) for b in frames if isinstance(b, bytes)]

async def rerun_and_wait(runs, widgets=()):
    back = BackMsg()
    back.rerun_script.query_string = ""
    back.rerun_script.page_script_hash = ""
    for widget_id, value in widgets:
        w = back.rerun_script.widget_states.widgets.add()
        w.id = widget_id
        w.string_value = value
    started = time.perf_counter()
    ws.receive(back.SerializeToString())
    deadline = time.monotonic() + 60
    while sum(m.WhichOneof("type") == "script_finished" for m in messages()) < runs:
        assert time.monotonic() < deadline, [m.WhichOneof("type") for m in messages()]
        await asyncio.sleep(0.005)
    return time.perf_counter() - started

def texts():
    out = []
    for m in messages():
        if m.WhichOneof("type") == "delta" and m.delta.HasField("new_element"):
            e = m.delta.new_element
            payload = getattr(e, e.WhichOneof("type"))
            out.append([e.WhichOneof("type"), getattr(payload, "body", "") or getattr(payload, "message", "")])
    return out

first_s = await rerun_and_wait(1)
first = texts()
# The second run types "Ada" into the app's first text_input, if it has one.
inputs = [
    m.delta.new_element.text_input.id for m in messages()
    if m.WhichOneof("type") == "delta" and m.delta.new_element.WhichOneof("type") == "text_input"
]
rerun_s = await rerun_and_wait(2, [(inputs[0], "Ada")] if inputs else [])
ws.disconnect()
await server.stop()
{
    "health": [health.status, health.body.decode()],
    "first": first,
    "all": texts(),
    "closes": closes,
    "heavy_modules": [m for m in ("numpy", "pandas", "pyarrow", "PIL") if m in sys.modules],
    "start_s": start_s, "first_s": first_s, "rerun_s": rerun_s,
}
"""


def test_apply_all_in_pyodide(fresh_pyodide: PyodideProcess) -> None:
    result = fresh_pyodide.run_json("""
        import inspect, sys, threading
        from wasmlit_shim.patches import apply_all
        apply_all()
        apply_all()
        from streamlit.runtime.scriptrunner.script_runner import ScriptRunner
        [sys.platform, inspect.iscoroutinefunction(ScriptRunner._run_script)]
    """)
    assert result == ["emscripten", True]


def test_app_server_renders_a_session_in_pyodide(fresh_pyodide: PyodideProcess) -> None:
    result = fresh_pyodide.run_json(f"APP = {APP!r}\n" + SERVE, timeout=300)
    print({k: result[k] for k in ("start_s", "first_s", "rerun_s")})
    assert result["health"] == [200, "ok"]
    assert ["heading", "Hello from Pyodide"] in result["first"]
    assert ["markdown", "Echo: "] in result["first"] or ["markdown", "Echo:"] in result["first"]
    assert ["json", '{"a": 1}'] in result["first"]
    assert ["markdown", "Echo: Ada"] in result["all"]
    assert result["heavy_modules"] == []


FEATURES_APP = """
import asyncio
import streamlit as st

def words():
    yield "hello "
    yield "world"

async def async_words():
    for word in ("async ", "stream"):
        await asyncio.sleep(0)
        yield word

st.write_stream(words)
st.write_stream(async_words)
st.image("https://example.com/cat.png")
st.logo("https://example.com/logo.png")
if st.session_state.setdefault("runs", 0) == 0:
    st.session_state.runs = 1
    raise ValueError("first run fails")
st.write("second run fine")
"""


def test_elements_without_heavy_packages_in_pyodide(fresh_pyodide: PyodideProcess) -> None:
    code = f"APP = {FEATURES_APP!r}\n" + SERVE
    result = fresh_pyodide.run_json(code, timeout=300)
    first = result["first"]
    assert ["markdown", "hello world"] in first
    assert ["markdown", "async stream"] in first
    assert ["imgs", ""] in first
    exceptions = [text for kind, text in first if kind == "exception"]
    assert exceptions == ["first run fails"]
    assert ["markdown", "second run fine"] in result["all"]
    assert result["heavy_modules"] == []
