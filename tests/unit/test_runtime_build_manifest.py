"""The runtime manifest the worker reads: sizes as stored, and decoded sizes of compressed files."""

from __future__ import annotations

import json
from pathlib import Path

from wasmlit.runtime_build import compression
from wasmlit.runtime_build.manifest import write_manifest


def test_the_manifest_lists_stored_and_decoded_sizes_of_the_boot_files(tmp_path: Path) -> None:
    pyodide = tmp_path / "pyodide"
    pyodide.mkdir()
    heap = bytes(range(256)) * 4000 + b"\0" * 100_000
    (pyodide / "snapshot.bin.zst").write_bytes(compression.compress(heap))
    (pyodide / "pyodide.asm.wasm").write_bytes(b"\0asm" + b"x" * 96)
    (pyodide / "not-a-boot-file.txt").write_text("ignored")

    manifest = json.loads(write_manifest(tmp_path).read_text())

    assert manifest == {
        "boot_bytes": {
            "pyodide/pyodide.asm.wasm": 100,
            "pyodide/snapshot.bin.zst": (pyodide / "snapshot.bin.zst").stat().st_size,
        },
        "decoded_bytes": {"pyodide/snapshot.bin.zst": len(heap)},
    }
