"""The runtime manifest, `wasmlit-manifest.json` at the runtime's root: what loaders need to know
about the runtime's files without asking the server.

    {"boot_bytes": {"pyodide/pyodide.asm.wasm": 9599041, ...},
     "decoded_bytes": {"pyodide/snapshot.bin.zst": 65405088, ...}}

`boot_bytes`: the size of each file the worker downloads before the first run (as stored: a
host's Content-Encoding does not change what the worker reads), so the status panel can say
"Downloading Python runtime: 12 of 31 MB" on any host (packages/kernel/src/download-progress.ts).
`decoded_bytes`: the size of each compressed boot file once decoded, so the worker can give
Pyodide the snapshot's buffer (and let it compile its wasm) before the snapshot has arrived
(packages/kernel/src/python-start.ts). The worker reads the manifest through
packages/kernel/src/runtime-manifest.ts; `wasmlit export` copies it.
"""

from __future__ import annotations

import json
from pathlib import Path

from wasmlit.runtime_bundle import MANIFEST_FILE

from . import compression

# Fetched by the worker (or by Pyodide in it) before the first run, when the snapshot is usable.
BOOT_FILES = (
    "pyodide/pyodide-lock.json",
    "pyodide/pyodide.asm.wasm",
    "pyodide/python_stdlib.zip",
    "pyodide/snapshot.bin.zst",
    "pyodide/site-packages.img.zst",
)


def write_manifest(runtime: Path) -> Path:
    present = [name for name in BOOT_FILES if (runtime / name).is_file()]
    manifest = {
        "boot_bytes": {name: (runtime / name).stat().st_size for name in present},
        "decoded_bytes": {
            name: compression.content_size(runtime / name) for name in present if name.endswith(compression.SUFFIX)
        },
    }
    target = runtime / MANIFEST_FILE
    target.write_text(json.dumps(manifest, indent=1) + "\n")
    return target
