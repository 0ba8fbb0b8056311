"""Step 5b: the vendored wheels' files as one image, `pyodide/site-packages.img.gz`.

Why: after restoring the memory snapshot, the worker still needs the packages' files (for
modules not yet imported, data files, tracebacks). Writing them from one image in JavaScript
takes tens of milliseconds; `loadPackage` unzipping 12 wheels in Python took ~0.9 s.

Format (gzipped; inflated in the worker with DecompressionStream):
    uint32 little-endian  length of the manifest
    manifest              UTF-8 JSON: {"packages": [canonical names], "files": [[path, size], ...]}
    file contents         concatenated in manifest order; paths are relative to site-packages
"""

from __future__ import annotations

import gzip
import json
import struct
from pathlib import Path

from .wheelfile import canonical_name, read_wheel

IMAGE_NAME = "site-packages.img.gz"


def write_site_image(wheels: dict[str, Path], out: Path) -> Path:
    files: dict[str, bytes] = {}
    for path in wheels.values():
        files.update(read_wheel(path))
    manifest = json.dumps(
        {
            "packages": sorted(canonical_name(name) for name in wheels),
            "files": [[name, len(data)] for name, data in files.items()],
        },
        separators=(",", ":"),
    ).encode()
    target = out / IMAGE_NAME
    with gzip.open(target, "wb", compresslevel=6) as image:
        image.write(struct.pack("<I", len(manifest)))
        image.write(manifest)
        for data in files.values():
            image.write(data)
    return target
