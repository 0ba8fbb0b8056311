"""Step 5b: the vendored wheels' files as one image, `pyodide/site-packages.img.zst`.

Why: after restoring the memory snapshot, the worker still needs the packages' files (for
modules not yet imported, data files, tracebacks). Writing them from one image in JavaScript
takes tens of milliseconds; `loadPackage` unzipping 12 wheels in Python took ~0.9 s.
The `.pyc` of modules the snapshot already holds imported are left out (their `.py` stay, for
tracebacks): nothing would read them, and they were a third of the image's bytes.

Format (compressed as compression.py says; decoded in the worker, boot-files.ts):
    uint32 little-endian  length of the manifest
    manifest              UTF-8 JSON: {"packages": [canonical names], "files": [[path, size], ...]}
    file contents         concatenated in manifest order; paths are relative to site-packages
"""

from __future__ import annotations

import json
import struct
from collections.abc import Collection
from pathlib import Path

from wasmlit import pins

from . import compression
from .wheelfile import canonical_name, read_wheel

IMAGE_NAME = "site-packages.img" + compression.SUFFIX
CACHE_TAG = "cpython-" + pins.PYODIDE_PYTHON.replace(".", "")  # in .pyc names: Pyodide's Python


def compiled_file(module: str) -> tuple[str, str]:
    """The two places a module's `.pyc` can be: as a plain module, and as a package."""
    *parents, name = module.split(".")
    folder = "/".join(parents)
    prefix = f"{folder}/" if folder else ""
    return f"{prefix}__pycache__/{name}.{CACHE_TAG}.pyc", f"{prefix}{name}/__pycache__/__init__.{CACHE_TAG}.pyc"


def write_site_image(wheels: dict[str, Path], out: Path, already_imported: Collection[str] = ()) -> Path:
    unneeded = {path for module in already_imported for path in compiled_file(module)}
    files: dict[str, bytes] = {}
    for path in wheels.values():
        files.update((name, data) for name, data in read_wheel(path).items() if name not in unneeded)
    manifest = json.dumps(
        {
            "packages": sorted(canonical_name(name) for name in wheels),
            "files": [[name, len(data)] for name, data in files.items()],
        },
        separators=(",", ":"),
    ).encode()
    target = out / IMAGE_NAME
    image = b"".join([struct.pack("<I", len(manifest)), manifest, *files.values()])
    target.write_bytes(compression.compress(image))
    return target
