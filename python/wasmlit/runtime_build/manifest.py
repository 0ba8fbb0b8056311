"""The runtime manifest, `wasmlit-manifest.json` at the runtime's root: what loaders need to know
about the runtime's files without asking the server.

    {"boot_bytes": {"pyodide/pyodide.asm.wasm": 9599041, ...}}

`boot_bytes`: the size of each file the worker downloads before the first run (as stored: a
host's Content-Encoding does not change what the worker reads), so the status panel can say
"Downloading Python runtime: 12 of 31 MB" on any host. The worker reads it
(packages/kernel/src/download-progress.ts); `wasmlit export` copies it.
"""

from __future__ import annotations

import json
from pathlib import Path

from wasmlit.runtime_bundle import MANIFEST_FILE

# Fetched by the worker (or by Pyodide in it) before the first run, when the snapshot is usable.
BOOT_FILES = (
    "pyodide/pyodide-lock.json",
    "pyodide/pyodide.asm.wasm",
    "pyodide/python_stdlib.zip",
    "pyodide/snapshot.bin.gz",
    "pyodide/site-packages.img.gz",
)


def write_manifest(runtime: Path) -> Path:
    sizes = {name: (runtime / name).stat().st_size for name in BOOT_FILES if (runtime / name).is_file()}
    target = runtime / MANIFEST_FILE
    target.write_text(json.dumps({"boot_bytes": sizes}, indent=1) + "\n")
    return target
