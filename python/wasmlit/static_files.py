"""Static files served the way a good host serves them: one implementation for `wasmlit serve`
and for the benchmark's emulated hosts (bench/servers.py).

- Validators: every file has an ETag; a request whose `If-None-Match` matches gets 304 and no body.
- Caching: `cache_control` for every file, `immutable_control` for files whose names carry their
  content's hash (the runtime manifest lists them, see runtime_build/hashing.py), which may be
  cached for a year because a new build gives them new names.
- Compression, two ways:
  - `precompressed`: a file's `.br` / `.gz` sibling written at build time is sent with
    `Content-Encoding` when the browser accepts it (as nginx `gzip_static`/`brotli_static`,
    Caddy `precompressed` and several CDNs do);
  - `gzip_on_the_fly`: compressible types are gzipped at request time (as GitHub Pages does).
"""

from __future__ import annotations

import gzip
import mimetypes
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from threading import Lock

mimetypes.add_type("text/javascript", ".mjs")
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("application/wasm", ".wasm")

# What hosts such as GitHub Pages compress (text, scripts, JSON, SVG and WebAssembly).
COMPRESSIBLE_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/wasm")
# Siblings written by the runtime build, in the order they are preferred.
PRECOMPRESSED = (("br", ".br"), ("gzip", ".gz"))

NO_CACHE = "no-cache"
IMMUTABLE = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class ServingPolicy:
    cache_control: str = NO_CACHE
    immutable_control: str = IMMUTABLE
    is_hashed: Callable[[str], bool] = lambda _path: False  # path relative to the served root, with "/"
    precompressed: bool = True
    gzip_on_the_fly: bool = False
    # Seconds the responses say they have spent in a cache already (`Age`). The benchmark sets it
    # to the lifetime, so a revisit behaves as one made after the cache lifetime expired.
    age: int = 0


@dataclass
class _GzipCache:
    """On-the-fly gzip is paid once per file version, as a host's edge cache does."""

    entries: dict[tuple[Path, int, int], bytes] = field(default_factory=dict)
    lock: Lock = field(default_factory=Lock)

    def get(self, path: Path, stat: os.stat_result) -> bytes:
        key = (path, stat.st_mtime_ns, stat.st_size)
        with self.lock:
            if key not in self.entries:
                self.entries[key] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
            return self.entries[key]


_GZIP_CACHE = _GzipCache()


def content_type(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") or kind == "application/json" else kind


def accepted_encodings(handler: BaseHTTPRequestHandler) -> set[str]:
    header = handler.headers.get("Accept-Encoding", "")
    accepted = set()
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        if name and params.strip().replace(" ", "") not in ("q=0", "q=0.0"):
            accepted.add(name.strip().lower())
    return accepted


def _choose_body(
    file: Path, stat: os.stat_result, policy: ServingPolicy, accepted: set[str]
) -> tuple[str, Path | bytes]:
    """(encoding, the bytes or the file to send): "" means the file as it is."""
    if policy.precompressed:
        for encoding, suffix in PRECOMPRESSED:
            sibling = file.with_name(file.name + suffix)
            if encoding in accepted and sibling.is_file():
                return encoding, sibling
    kind = mimetypes.guess_type(file.name)[0] or ""
    if policy.gzip_on_the_fly and "gzip" in accepted and kind.startswith(COMPRESSIBLE_TYPES):
        return "gzip", _GZIP_CACHE.get(file, stat)
    return "", file


def send_file(handler: BaseHTTPRequestHandler, file: Path, relative: str, policy: ServingPolicy) -> None:
    """Answer a GET or HEAD for `file` (which exists), `relative` being its path under the served root."""
    stat = file.stat()
    encoding, body = _choose_body(file, stat, policy, accepted_encodings(handler))
    # One validator per representation: a gzip and a brotli body of one file differ.
    etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}{"-" + encoding if encoding else ""}"'
    cache_control = policy.immutable_control if policy.is_hashed(relative) else policy.cache_control
    if etag in [tag.strip() for tag in handler.headers.get("If-None-Match", "").split(",")]:
        handler.send_response(HTTPStatus.NOT_MODIFIED)
        _send_common_headers(handler, etag, cache_control, age=0)  # revalidated: fresh again
        handler.end_headers()
        return
    data = body if isinstance(body, bytes) else None
    length = len(data) if data is not None else body.stat().st_size  # type: ignore[union-attr]
    handler.send_response(HTTPStatus.OK)
    handler.send_header("Content-Type", content_type(file))
    handler.send_header("Content-Length", str(length))
    if encoding:
        handler.send_header("Content-Encoding", encoding)
    _send_common_headers(handler, etag, cache_control, age=policy.age)
    handler.end_headers()
    if handler.command == "HEAD":
        return
    if data is not None:
        handler.wfile.write(data)
    else:
        with open(body, "rb") as source:  # type: ignore[arg-type]
            while chunk := source.read(1 << 20):
                handler.wfile.write(chunk)


def _send_common_headers(handler: BaseHTTPRequestHandler, etag: str, cache_control: str, age: int) -> None:
    handler.send_header("ETag", etag)
    handler.send_header("Cache-Control", cache_control)
    handler.send_header("Vary", "Accept-Encoding")
    if age:
        handler.send_header("Age", str(age))


def resolve(root: Path, url_path: str) -> Path | None:
    """The file under `root` that `url_path` names (index.html for a folder), or None; never outside root."""
    parts = [part for part in url_path.split("/") if part not in ("", ".")]
    if ".." in parts:
        return None
    target = root.joinpath(*parts)
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None
