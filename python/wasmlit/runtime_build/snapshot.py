"""Step 6: a memory snapshot of the booted interpreter (`pyodide/snapshot.bin.zst`).

The worker restores it instead of starting Python and importing Streamlit (see
packages/kernel/src/boot.ts). It is compressed here (compression.py) and decoded in the worker,
so any static host serves it at a sixth of its size without needing to compress anything
itself. Cached by everything that goes into it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

from wasmlit import pins

from . import compression
from .errors import BuildError
from .wheelfile import sha256_file

NODE_SCRIPT = Path(__file__).with_name("snapshot.mjs")
SNAPSHOT_NAME = "snapshot.bin" + compression.SUFFIX

# Rendered once at build time to learn which modules a first run imports (snapshot.mjs).
PROBE_APP = Path(__file__).with_name("snapshot_probe_app.py")

# Pyodide records at start-up whether the engine has JSPI (WebAssembly stack switching), and a
# snapshot keeps that record: one made without JSPI makes `run_sync` fail in every browser that
# restores it, and with it `time.sleep`, synchronous HTTP and stopping a busy script. So the
# snapshot is made with JSPI on; a browser without JSPI still sees `can_run_sync()` False.
_HAS_JSPI = "process.exit(WebAssembly.Suspending || WebAssembly.Suspender ? 0 : 1)"
_JSPI_FLAGS: tuple[list[str], ...] = ([], ["--experimental-wasm-jspi"], ["--experimental-wasm-stack-switching"])


def node_jspi_flags(node: str) -> list[str]:
    """The flags that give this Node JSPI (none on Node versions that ship it)."""
    for flags in _JSPI_FLAGS:
        if subprocess.run([node, *flags, "-e", _HAS_JSPI], capture_output=True).returncode == 0:
            return flags
    raise BuildError(
        "this Node has no WebAssembly JSPI, so a memory snapshot made with it would disable "
        "time.sleep and synchronous HTTP in browsers",
        "use Node 20+ (it has --experimental-wasm-stack-switching), or build with --no-snapshot",
    )


def cache_key(pyodide_out: Path) -> str:
    h = hashlib.sha256()
    for wheel in sorted(pyodide_out.glob("*.whl")):
        h.update(sha256_file(wheel).encode())
    h.update(pins.PYODIDE_VERSION.encode())
    h.update(NODE_SCRIPT.read_bytes())
    h.update(PROBE_APP.read_bytes())
    h.update(b"made with JSPI")  # snapshots cached before that disable run_sync
    h.update(b"lists its modules")
    h.update(f"zstd {compression.LEVEL}".encode())
    return h.hexdigest()[:20]


def _build_machine_paths(pyodide_out: Path, cache_dir: Path) -> list[str]:
    return [str(NODE_SCRIPT.parent.resolve()), str(pyodide_out.resolve()), str(cache_dir.resolve())]


def build_machine_paths_in(heap: bytes, paths: list[str]) -> list[str]:
    """The paths (of the machine that made the snapshot) that occur in the snapshot's heap."""
    return [path for path in paths if path.encode() in heap]


def make_snapshot(pyodide_out: Path, cache_dir: Path) -> list[str]:
    """Write `pyodide_out/snapshot.bin.zst`, from the cache when nothing changed; return the
    modules it holds imported (their `.pyc` need not be shipped: see site_image.py)."""
    cached = cache_dir / cache_key(pyodide_out) / SNAPSHOT_NAME
    if not cached.exists():
        node = shutil.which("node")
        if node is None:
            raise BuildError("`node` is not on PATH (needed to make the memory snapshot)", "install Node 20+")
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".partial")
        proc = subprocess.run(
            [node, *node_jspi_flags(node), str(NODE_SCRIPT), str(pyodide_out), str(partial), str(PROBE_APP)],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            raise BuildError(
                f"making the memory snapshot failed (exit {proc.returncode}):\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}",
                "build without it (--no-snapshot) to boot normally, and report the error",
            )
        heap = partial.read_bytes()  # snapshot.mjs writes it as it is
        leaked = build_machine_paths_in(heap, _build_machine_paths(pyodide_out, cache_dir))
        if leaked:
            raise BuildError(
                f"the memory snapshot holds paths of this build machine: {', '.join(leaked)}",
                "every app that restores it would see them; make snapshot.mjs start Pyodide as a browser does",
            )
        partial.with_name(partial.name + ".modules.json").rename(_modules_file(cached))
        cached.write_bytes(compression.compress(heap))
        partial.unlink()
        for line in proc.stdout.strip().splitlines():
            print(f"  {line}", flush=True)
    shutil.copy2(cached, pyodide_out / SNAPSHOT_NAME)
    return json.loads(_modules_file(cached).read_text())


def _modules_file(snapshot: Path) -> Path:
    return snapshot.with_name("modules.json")
