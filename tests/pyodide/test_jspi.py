"""Blocking calls, interrupts and message order in Pyodide with JSPI on (Node's stack switching,
as Chromium has it): the shim's real code, Streamlit's real runner, no browser.

A "page" is played by JavaScript in the same Node process: frames reach the app's WebSocket
from JavaScript timers, so they are delivered only when Python lets the event loop run (as
port messages in the worker); the SharedArrayBuffer signal comes from a Node worker thread,
since the main thread is busy running the script (as the page's main thread does).
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from wasmlit import pins
from wasmlit.runtime_build.snapshot import node_jspi_flags

from .conftest import PyodideProcess

# The page's side, in JavaScript (mirrors packages/kernel/src/control-buffer.ts): counters in a
# SharedArrayBuffer, and a thread that signals Python after a delay.
PAGE = r"""
(async () => {
  const { Worker } = await import("node:worker_threads");
  const buffer = new SharedArrayBuffer(12);
  const slots = new Int32Array(buffer);
  const signals = { rerun: 10, stop: 12, tick: 14 };
  return {
    buffer,
    interruptView: new Int32Array(buffer, 0, 1),
    counters: {
      signals,
      markReceived: () => Atomics.add(slots, 2, 1),
      signalled: () => Atomics.load(slots, 1),
      received: () => Atomics.load(slots, 2),
      giveUpOn: (count) => { const r = Atomics.load(slots, 2); if (r < count) Atomics.add(slots, 2, count - r); },
      signalAgain: (signal) => Atomics.compareExchange(slots, 0, 0, signal),
    },
    // After `delay` ms: count `sent` control messages and raise `kind`, from another thread.
    signalLater(kind, sent, delay) {
      new Worker(
        `const { workerData: d } = require("node:worker_threads");
         const slots = new Int32Array(d.buffer);
         setTimeout(() => { Atomics.add(slots, 1, d.sent); Atomics.store(slots, 0, d.signal); }, d.delay);`,
        { eval: true, workerData: { buffer, sent, signal: signals[kind], delay } },
      );
    },
    countSent(sent) { Atomics.add(slots, 1, sent); },
  };
})()
"""

SETUP = f"""
import asyncio, builtins, time
import js, pyodide_js
from pyodide.code import run_js
from pyodide.ffi import create_once_callable
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from wasmlit_shim import bridge
from wasmlit_shim.server import AppServer

PAGE = await run_js({PAGE!r})
pyodide_js.setInterruptBuffer(PAGE.interruptView)
bridge.enable_interrupts(PAGE.counters)


def rerun_msg(query=""):
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_script_hash = ""
    return msg.SerializeToString()


def stop_msg():
    msg = BackMsg()
    msg.stop_script = True
    return msg.SerializeToString()


class Frontend:
    '''One frontend's WebSocket, as the worker's frontend server feeds it.'''

    def __init__(self, server):
        self.frames = []
        self.arrived = []  # when each frame reached the page (time.monotonic())
        self.ws = server.websocket("/_stcore/stream", "", [("sec-websocket-protocol", "streamlit, PLACEHOLDER_AUTH_TOKEN")], self._receive, lambda code, reason: None)

    def _receive(self, frame):
        self.frames.append(frame)
        self.arrived.append(time.monotonic())

    def send(self, frame):
        '''A frame sent while the worker is free (the page counts control messages first).'''
        PAGE.countSent(1)
        self.ws.receive(frame)

    def send_later(self, frame):
        '''A frame waiting in the worker's message queue: read when Python lets the loop run.'''
        js.setTimeout(create_once_callable(lambda: self.ws.receive(frame)), 0)

    def texts(self, with_times=False):
        found = []
        for frame, arrived in zip(self.frames, self.arrived):
            msg = ForwardMsg.FromString(frame)
            if msg.WhichOneof("type") == "delta" and msg.delta.HasField("new_element"):
                element = msg.delta.new_element
                if element.WhichOneof("type") == "markdown":
                    found.append((element.markdown.body, arrived) if with_times else element.markdown.body)
        return found

    def finished(self):
        return sum(1 for f in self.frames if ForwardMsg.FromString(f).WhichOneof("type") == "script_finished")

    async def until(self, predicate, timeout=15):
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; texts so far: {{self.texts()}}")
            await asyncio.sleep(0.01)


async def serve(source):
    with open("/home/pyodide/streamlit_app.py", "w") as f:
        f.write(source)
    return await AppServer.start("/home/pyodide/streamlit_app.py")


# Each test's code runs with fresh globals: keep the page and the helpers in a module.
import sys, types
_module = types.ModuleType("jspi_page")
_module.__dict__.update({{name: value for name, value in globals().items() if not name.startswith("__")}})
sys.modules["jspi_page"] = _module
"""


@pytest.fixture(scope="module")
def jspi(runtime_dir: Path, _harness: Path) -> Iterator[PyodideProcess]:
    node = shutil.which("node")
    assert node is not None
    proc = PyodideProcess(runtime_dir, _harness, node_args=node_jspi_flags(node))
    proc.run("import os; os.makedirs('/home/pyodide', exist_ok=True)")
    proc.run(SETUP)  # once: the interrupt buffer and the shim's handler are per interpreter
    yield proc
    proc.close()


def run_in(proc: PyodideProcess, code: str) -> object:
    """Run test code with the helpers of SETUP in scope (each run gets fresh globals)."""
    return proc.run_json("from jspi_page import *\n" + code, timeout=120)


def test_the_script_task_can_suspend(jspi: PyodideProcess) -> None:
    found = run_in(
        jspi,
        """
server = await serve('''
import time
import streamlit as st
from pyodide.ffi import can_run_sync
started = time.monotonic()
time.sleep(0.3)
st.write(f"can_run_sync {can_run_sync()} slept {time.monotonic() - started:.2f}")
''')
frontend = Frontend(server)
frontend.send(rerun_msg())
await frontend.until(lambda: frontend.finished() >= 1)
await server.stop()
frontend.texts()
""",
    )
    (text,) = found  # type: ignore[misc]
    prefix, slept = text.rsplit(" ", 1)
    assert prefix == "can_run_sync True slept"
    # It really slept (never less), and came back: the upper bound only allows for a loaded machine.
    assert 0.3 <= float(slept) < 5, text


def test_stop_reaches_a_script_that_never_yields(jspi: PyodideProcess) -> None:
    found = run_in(
        jspi,
        """
def when_busy():
    frontend.send_later(stop_msg())           # the Stop waits in the queue...
    PAGE.signalLater("stop", 1, 200)           # ...and the page signals it
builtins.wasmlit_test_busy = when_busy

server = await serve('''
import streamlit as st
st.write("looping")
wasmlit_test_busy()
while True:
    pass
''')
frontend = Frontend(server)
frontend.send(rerun_msg())
started = time.monotonic()
await frontend.until(lambda: frontend.finished() >= 1, timeout=10)
took = time.monotonic() - started
await server.stop()
[frontend.texts(), took]
""",
    )
    texts, _took = found  # type: ignore[misc]
    # The loop never ends by itself: that the run finished at all (within the 10 s wait) is the Stop.
    assert texts == ["looping"]


def test_queued_widget_changes_apply_in_order_after_an_interrupt(jspi: PyodideProcess) -> None:
    found = run_in(
        jspi,
        """
def when_busy():
    for n in (1, 2, 3):
        frontend.send_later(rerun_msg(f"n={n}"))   # three changes queue up, in this order
    PAGE.signalLater("rerun", 3, 200)
builtins.wasmlit_test_busy = when_busy

server = await serve('''
import streamlit as st
n = st.query_params.get("n", "0")
st.write(f"run {n}")
if n == "0":
    wasmlit_test_busy()
    while True:
        pass
''')
frontend = Frontend(server)
frontend.send(rerun_msg())
await frontend.until(lambda: "run 3" in frontend.texts() and frontend.finished() >= 1, timeout=10)
# Runs are sequential: once a later change's run has finished, no earlier run can still show.
frontend.send(rerun_msg("n=4"))
await frontend.until(lambda: "run 4" in frontend.texts(), timeout=10)
await server.stop()
frontend.texts()
""",
    )
    # Fast reruns: each change replaced the run before it, so only the last one may show,
    # and never an older one after a newer one.
    runs = [int(text.split()[1]) for text in found]  # type: ignore[union-attr]
    assert runs[-2:] == [3, 4]
    assert runs == sorted(runs), f"runs out of order: {runs}"


def test_a_sleeping_script_reads_messages_in_order_and_stops_at_once(jspi: PyodideProcess) -> None:
    found = run_in(
        jspi,
        """
server = await serve('''
import time
import streamlit as st
n = st.query_params.get("n", "0")
st.write(f"run {n} sleeping")
time.sleep(10)
st.write(f"run {n} woke")
''')
frontend = Frontend(server)
frontend.send(rerun_msg())
await frontend.until(lambda: "run 0 sleeping" in frontend.texts())
frontend.send(rerun_msg("n=1"))
frontend.send(rerun_msg("n=2"))
await frontend.until(lambda: "run 2 sleeping" in frontend.texts())
before = frontend.finished()
frontend.send(stop_msg())
started = time.monotonic()
await frontend.until(lambda: frontend.finished() > before)
stopped_after = time.monotonic() - started
await server.stop()
[frontend.texts(), stopped_after]
""",
    )
    texts, stopped_after = found  # type: ignore[misc]
    assert texts[0] == "run 0 sleeping" and texts[-1] == "run 2 sleeping"
    # The run finished (the Stop) without its output after the sleep: it never woke.
    assert not any("woke" in text for text in texts)
    assert stopped_after < 8, "the Stop waited for the 10 s sleep instead of waking it"


def test_ticks_send_the_output_of_a_busy_script(jspi: PyodideProcess) -> None:
    found = run_in(
        jspi,
        """
def when_busy():
    PAGE.signalLater("tick", 0, 100)
    PAGE.signalLater("stop", 1, 4000)
    frontend.send_later(stop_msg())
builtins.wasmlit_test_busy = when_busy

server = await serve('''
import streamlit as st
wasmlit_test_busy()
for step in range(3):
    st.write(f"step {step}")
while True:
    pass
''')
frontend = Frontend(server)
frontend.send(rerun_msg())
started = time.monotonic()
await frontend.until(lambda: frontend.finished() >= 1, timeout=10)
await server.stop()
[[text, arrived - started] for text, arrived in frontend.texts(with_times=True)]
""",
    )
    assert [text for text, _ in found] == ["step 0", "step 1", "step 2"]  # type: ignore[union-attr]
    # The tick (at 0.1 s) sent them; without it they would wait for the Stop (at 4 s). The
    # margin between is for a loaded machine.
    assert all(arrived < 3 for _, arrived in found), found  # type: ignore[union-attr]


# --- synchronous HTTP through fetch ----------------------------------------------------


class _Api(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = json.dumps({"path": self.path}).encode()
        self.send_response(200 if self.path != "/missing" else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def api() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Api)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_http_clients_load_offline_and_fetch(jspi: PyodideProcess, api: str) -> None:
    found = jspi.run_json(
        f"""
import asyncio, pyodide_js
await pyodide_js.loadPackage(["requests", "httpx"])   # from the bundle: the harness has no network
from wasmlit_shim import sync_http
sync_http.install()
import json, urllib.request, urllib.error
import httpx, requests

async def in_a_task():
    # Blocking calls suspend only inside a task the event loop runs (as the script task).
    out = {{"requests": requests.__version__}}
    out["requests_get"] = requests.get("{api}/a").json()["path"]
    with urllib.request.urlopen("{api}/b") as response:
        out["urllib"] = json.load(response)["path"]
    try:
        urllib.request.urlopen("{api}/missing")
    except urllib.error.HTTPError as error:
        out["urllib_404"] = error.code
    out["httpx"] = httpx.get("{api}/c").json()["path"]
    async with httpx.AsyncClient() as client:
        out["httpx_async"] = (await client.get("{api}/d")).json()["path"]
    return out

await asyncio.get_running_loop().create_task(in_a_task())
""",
        timeout=120,
    )
    assert found == {
        "requests": pins.ON_DEMAND_WHEELS["requests"],
        "requests_get": "/a",
        "urllib": "/b",
        "urllib_404": 404,
        "httpx": "/c",
        "httpx_async": "/d",
    }
