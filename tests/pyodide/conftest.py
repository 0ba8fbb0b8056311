"""Run Python inside Pyodide under Node, with the BUILT runtime (python/wasmlit/runtime/).

Each interpreter is one Node process that does `loadPyodide({indexURL: runtime/pyodide/})` and
`loadPackage("wasmlit-shim")` (so streamlit, starlette, anyio, micropip, pyodide-http... are
installed, exactly as the worker boots), then runs code sent to it. No network is used: the
vendored wheels are local; packages that live on the Pyodide CDN (numpy...) cannot load here.

If the runtime is not built, every test using these fixtures FAILS (it is not skipped): run
`make build` (or `python -m wasmlit.runtime_build`). Set WASMLIT_RUNTIME_DIR to test another build.

Fixtures
--------
``pyodide`` (session scope) -> PyodideProcess, shared by all tests of the session: modules
    imported and patches applied stay for later tests, but each call gets a FRESH globals dict.
``run_python`` -> ``pyodide.run``, for the common case.
``fresh_pyodide`` (function scope) -> a new interpreter just for this test (~3-4 s more): use it
    when the test changes global state (patches Streamlit, writes into site-packages...).
``runtime_dir`` (session) -> Path of the runtime under test.
``PyodideProcess(runtime_dir, harness, node_args)`` with Node flags, e.g. JSPI's (see
    tests/pyodide/test_jspi.py, which runs Pyodide with stack switching on, as Chromium does).

PyodideProcess API
------------------
``run(code, timeout=120) -> str``
    Run `code` (dedented; top-level ``await`` allowed) and return what it printed (stdout and
    stderr, interleaved). An exception inside Pyodide raises ``PyodideError`` carrying the
    Python traceback and the output so far.
``run_json(code, timeout=120) -> Any``
    Like ``run`` but return the value of the code's last expression, passed through
    ``json.dumps(..., default=repr)`` inside Pyodide and ``json.loads`` here.
``call(code, timeout=120) -> RunResult``
    Both: ``RunResult(output: str, value: Any)``.
``mount(host_dir, path)``
    Mount a host folder into Pyodide's file system at `path` (NODEFS; writes go to the host).
``install_wheel(path)``
    Install an extra wheel file from the host (``pyodide.loadPackage`` on its path).
``add_path(host_dir)``
    Mount a host folder and put it first on ``sys.path`` (import a test package without a wheel).

Example::

    def test_bridge(run_python):
        out = run_python('''
            import asyncio, wasmlit_shim
            await asyncio.sleep(0)
            print("ok")
        ''')
        assert out == "ok\\n"
"""

from __future__ import annotations

import itertools
import json
import os
import queue
import shutil
import subprocess
import textwrap
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_RUNTIME_DIR = REPO_ROOT / "python" / "wasmlit" / "runtime"
BOOT_TIMEOUT = 120.0
# Lines of the harness's protocol carry this prefix, so stray console output cannot be mistaken
# for a reply.
REPLY_PREFIX = "@@wasmlit-reply@@ "

# The Node side. Python's output is captured per request through Pyodide's stdout/stderr hooks
# (the process's own stdout carries only replies). Code runs via `eval_code_async`, which gives
# top-level await and the value of the last expression; the result is serialised in Python.
HARNESS_JS = r"""
import path from "node:path";
import readline from "node:readline";
import { pathToFileURL } from "node:url";

const runtimeDir = process.argv[2];
const pyodideDir = path.join(runtimeDir, "pyodide");
const reply = (obj) => process.stdout.write("@@wasmlit-reply@@ " + JSON.stringify(obj) + "\n");

let output = [];
const decoder = new TextDecoder();
const sink = { write: (buf) => { output.push(decoder.decode(buf, { stream: true })); return buf.length; } };

// Offline means offline: any request beyond this machine fails loudly instead of silently
// reaching a registry or CDN (Pyodide reads local files with fs, never with fetch, in Node).
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = String(input && input.url || input);
  if (/^(https?|wss?):/.test(url) && !/^[a-z]+:\/\/(127\.|localhost[:/]|\[::1\])/.test(url)) {
    return Promise.reject(new Error(`wasmlit test harness: network access attempted: ${url}`));
  }
  return realFetch(input, init);
};

const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const t0 = performance.now();
let pyodide;
try {
  pyodide = await loadPyodide({ indexURL: pyodideDir + "/", stdout: () => {}, stderr: () => {} });
  pyodide.setStdout(sink);
  pyodide.setStderr(sink);
  await pyodide.loadPackage("wasmlit-shim", { messageCallback: () => {}, errorCallback: (m) => output.push(m + "\n") });
} catch (e) {
  reply({ id: 0, ok: false, error: String(e && e.stack || e), output: output.join("") });
  process.exit(1);
}
const runner = pyodide.runPython(`
import json, sys, traceback
from pyodide.code import eval_code_async

async def __wasmlit_run(code):
    try:
        value = await eval_code_async(code, {"__name__": "__main__"}, filename="<test>")
        result = {"ok": True, "value": json.dumps(value, default=repr)}
    except BaseException as e:
        # Show the test's code and below, not this harness's frames.
        tb = e.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename != "<test>":
            tb = tb.tb_next
        result = {"ok": False, "error": "".join(traceback.format_exception(type(e), e, tb))}
    sys.stdout.flush()
    sys.stderr.flush()
    return json.dumps(result)
__wasmlit_run
`);
reply({ id: 0, ok: true, value: JSON.stringify({ boot_ms: performance.now() - t0 }), output: output.join("") });

async function handle(msg) {
  output = [];
  try {
    if (msg.op === "run") {
      const res = JSON.parse(await runner(msg.code));
      return { ...res, output: output.join("") };
    }
    if (msg.op === "mount") {
      pyodide.FS.mkdirTree(msg.path);
      pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: msg.host }, msg.path);
      return { ok: true, value: "null", output: "" };
    }
    if (msg.op === "install") {
      await pyodide.loadPackage(msg.path, { messageCallback: () => {}, errorCallback: (m) => output.push(m + "\n") });
      return { ok: true, value: "null", output: output.join("") };
    }
    return { ok: false, error: `unknown op ${msg.op}`, output: "" };
  } catch (e) {
    return { ok: false, error: String(e && e.stack || e), output: output.join("") };
  }
}

// Strictly one request at a time, in order.
let chain = Promise.resolve();
readline.createInterface({ input: process.stdin }).on("line", (line) => {
  const msg = JSON.parse(line);
  chain = chain.then(async () => reply({ id: msg.id, ...(await handle(msg)) }));
});
"""


class PyodideError(AssertionError):
    """Python raised inside Pyodide (or the harness failed); the message has the traceback."""


@dataclass
class RunResult:
    output: str
    value: Any


class PyodideProcess:
    """One Pyodide interpreter in a Node process (see the module docstring for the API)."""

    def __init__(self, runtime_dir: Path, harness: Path, node_args: Sequence[str] = ()) -> None:
        node = shutil.which("node")
        if node is None:
            pytest.fail("`node` is not on PATH: install Node 20+ to run tests/pyodide")
        self._proc = subprocess.Popen(
            [node, *node_args, str(harness), str(runtime_dir)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )
        self._replies: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._stderr: list[str] = []
        self._ids = itertools.count(1)
        threading.Thread(target=self._read_stdout, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()
        boot = self._wait(0, BOOT_TIMEOUT, "booting Pyodide with the built runtime")
        self.boot_ms: float = json.loads(boot["value"])["boot_ms"]

    # -- public API ---------------------------------------------------------------------------

    def call(self, code: str, timeout: float = 120.0) -> RunResult:
        reply = self._request({"op": "run", "code": textwrap.dedent(code)}, timeout)
        return RunResult(output=reply["output"], value=json.loads(reply["value"]))

    def run(self, code: str, timeout: float = 120.0) -> str:
        return self.call(code, timeout).output

    def run_json(self, code: str, timeout: float = 120.0) -> Any:
        return self.call(code, timeout).value

    def mount(self, host_dir: Path | str, path: str) -> None:
        self._request({"op": "mount", "host": str(Path(host_dir).resolve()), "path": path}, 30.0)

    def install_wheel(self, wheel: Path | str) -> None:
        self._request({"op": "install", "path": str(Path(wheel).resolve())}, 60.0)

    def add_path(self, host_dir: Path | str) -> str:
        mount_point = f"/host-path/{next(self._ids)}"
        self.mount(host_dir, mount_point)
        self.run(f"import sys; sys.path.insert(0, {mount_point!r})")
        return mount_point

    def close(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()

    # -- protocol -----------------------------------------------------------------------------

    def _request(self, msg: dict[str, Any], timeout: float) -> dict[str, Any]:
        if self._proc.poll() is not None:
            raise PyodideError(f"the Node process has exited ({self._proc.returncode}): {''.join(self._stderr)}")
        msg_id = next(self._ids)
        assert self._proc.stdin is not None
        self._proc.stdin.write(json.dumps({"id": msg_id, **msg}) + "\n")
        self._proc.stdin.flush()
        return self._wait(msg_id, timeout, msg.get("code") or msg["op"])

    def _wait(self, msg_id: int, timeout: float, what: str) -> dict[str, Any]:
        try:
            reply = self._replies.get(timeout=timeout)
        except queue.Empty:
            self.close()  # its state is unknown now; later calls fail instead of hanging
            raise PyodideError(f"timed out after {timeout} s running in Pyodide:\n{what}") from None
        if reply is None:
            raise PyodideError(f"the Node process died while running:\n{what}\nstderr:\n{''.join(self._stderr)}")
        if reply.get("id") != msg_id:
            raise PyodideError(f"protocol error: expected reply {msg_id}, got {reply}")
        if not reply["ok"]:
            raise PyodideError(f"{reply['error']}\n--- output ---\n{reply.get('output', '')}")
        return reply

    def _read_stdout(self) -> None:
        assert self._proc.stdout is not None
        for line in self._proc.stdout:
            if line.startswith(REPLY_PREFIX):
                self._replies.put(json.loads(line[len(REPLY_PREFIX) :]))
        self._replies.put(None)

    def _read_stderr(self) -> None:
        assert self._proc.stderr is not None
        for line in self._proc.stderr:
            self._stderr.append(line)


@pytest.fixture(scope="session")
def runtime_dir() -> Path:
    runtime = Path(os.environ.get("WASMLIT_RUNTIME_DIR", DEFAULT_RUNTIME_DIR)).resolve()
    lock = runtime / "pyodide" / "pyodide-lock.json"
    if not lock.exists():
        pytest.fail(f"the runtime is not built ({lock} is missing): run `make build`")
    return runtime


@pytest.fixture(scope="session")
def _harness(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pyodide-harness") / "harness.mjs"
    path.write_text(HARNESS_JS)
    return path


@pytest.fixture(scope="session")
def pyodide(runtime_dir: Path, _harness: Path) -> Iterator[PyodideProcess]:
    proc = PyodideProcess(runtime_dir, _harness)
    yield proc
    proc.close()


@pytest.fixture
def fresh_pyodide(runtime_dir: Path, _harness: Path) -> Iterator[PyodideProcess]:
    proc = PyodideProcess(runtime_dir, _harness)
    yield proc
    proc.close()


@pytest.fixture
def run_python(pyodide: PyodideProcess) -> Any:
    return pyodide.run
