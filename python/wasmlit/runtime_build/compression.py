"""How the runtime's big boot files are compressed: Zstandard, decoded in the worker.

Why not gzip, which browsers inflate natively (DecompressionStream): at level 19 zstd makes the
65 MB snapshot 10.0 MB where gzip -9 makes 13.7 MB, and the worker decodes it (zstddec's
WebAssembly build of the reference decoder, packages/kernel/src/boot-files.ts) faster than
Chromium inflates gzip. Bytes on the wire are what a visitor on a real link waits for.
The files carry their own size in the frame header (the manifest reads it from there).
"""

from __future__ import annotations

from pathlib import Path

# zstandard is imported inside each function: it is a build dependency only (pyproject's dev
# extra), and the installed CLI imports runtime_build's helpers (`wasmlit export`) without it.

LEVEL = 19
SUFFIX = ".zst"


def compress(data: bytes) -> bytes:
    import zstandard

    return zstandard.ZstdCompressor(level=LEVEL, threads=-1, write_content_size=True).compress(data)


def decompress(data: bytes) -> bytes:
    import zstandard

    return zstandard.ZstdDecompressor().decompress(data)


def content_size(path: Path) -> int:
    """The decompressed size a compressed boot file's frame header gives."""
    import zstandard

    with path.open("rb") as file:
        size = zstandard.frame_content_size(file.read(18))  # a frame header is at most 18 bytes
    if size < 0:
        raise ValueError(f"{path} does not say its decompressed size")
    return size
