"""The runtime manifest, `wasmlit-manifest.json` at the runtime's root: what loaders need to know
about the runtime's files without asking the server.

    {"boot_bytes": {"pyodide/pyodide.asm.wasm": 9599041, ...},
     "inflated_bytes": {"pyodide/snapshot.bin.gz": 65405088, ...}}

`boot_bytes`: the size of each file the worker downloads before the first run (as stored: a
host's Content-Encoding does not change what the worker reads), so the status panel can say
"Downloading Python runtime: 12 of 31 MB" on any host (packages/kernel/src/download-progress.ts).
`inflated_bytes`: the size of each gzipped boot file once inflated, so the worker can give
Pyodide the snapshot's buffer (and let it compile its wasm) before the snapshot has arrived
(packages/kernel/src/python-start.ts). The worker reads the manifest through
packages/kernel/src/runtime-manifest.ts; `wasmlit export` copies it.
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
    present = [name for name in BOOT_FILES if (runtime / name).is_file()]
    manifest = {
        "boot_bytes": {name: (runtime / name).stat().st_size for name in present},
        "inflated_bytes": {name: inflated_size(runtime / name) for name in present if name.endswith(".gz")},
    }
    target = runtime / MANIFEST_FILE
    target.write_text(json.dumps(manifest, indent=1) + "\n")
    return target


def inflated_size(gzipped: Path) -> int:
    """The size of a (one-member, under 4 GiB) gzip file's content: its trailer's ISIZE field."""
    with gzipped.open("rb") as file:
        file.seek(-4, 2)
        return int.from_bytes(file.read(4), "little")
