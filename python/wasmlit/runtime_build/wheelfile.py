"""Read and write wheels as an ordered mapping of archive name -> bytes.

Every step that changes a wheel (slimming, precompiling, building the shim) goes through
`write_wheel`, which regenerates `RECORD` from the content, so a changed wheel is always a valid
one. Output is deterministic (fixed timestamps, stable order): the same input gives the same bytes,
so sha256 in the lock and the caches keyed by it stay stable across rebuilds.
"""

from __future__ import annotations

import base64
import email.parser
import hashlib
import re
import zipfile
from email.message import Message
from pathlib import Path

WheelFiles = dict[str, bytes]

# zip cannot store dates before 1980; any fixed value makes the archive reproducible.
_FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def canonical_name(name: str) -> str:
    """PEP 503 normalised project name: what Pyodide's lock uses as package keys."""
    return re.sub(r"[-_.]+", "-", name).lower()


def wheel_dist_name(name: str) -> str:
    """The distribution part of a wheel file name (PEP 427: `-` and `.` become `_`)."""
    return re.sub(r"[-_.]+", "_", name)


def read_wheel(path: Path) -> WheelFiles:
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist() if not info.is_dir()}


def dist_info_dir(files: WheelFiles) -> str:
    """The wheel's `NAME-VERSION.dist-info` folder name (exactly one must exist)."""
    dirs = {name.split("/", 1)[0] for name in files if name.split("/", 1)[0].endswith(".dist-info")}
    if len(dirs) != 1:
        raise ValueError(f"expected one .dist-info folder in the wheel, found {sorted(dirs)}")
    return dirs.pop()


def record_hash(data: bytes) -> str:
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def make_record(files: WheelFiles, record_name: str) -> bytes:
    """RECORD lists every file with its hash and size; RECORD itself has neither (PEP 376)."""
    lines = [f"{name},{record_hash(data)},{len(data)}" for name, data in files.items() if name != record_name]
    lines.append(f"{record_name},,")
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_wheel(path: Path, files: WheelFiles) -> None:
    """Write `files` as a wheel at `path`, with RECORD regenerated and .dist-info last."""
    info_dir = dist_info_dir(files)
    record_name = f"{info_dir}/RECORD"
    body = {n: d for n, d in files.items() if not n.startswith(info_dir + "/")}
    meta = {n: d for n, d in files.items() if n.startswith(info_dir + "/") and n != record_name}
    ordered: WheelFiles = {**body, **meta}
    ordered[record_name] = make_record(ordered, record_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in ordered.items():
            info = zipfile.ZipInfo(name, date_time=_FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    tmp.replace(path)


def metadata(files: WheelFiles) -> Message:
    return email.parser.BytesParser().parsebytes(files[f"{dist_info_dir(files)}/METADATA"], headersonly=True)


def top_level_imports(files: WheelFiles) -> list[str]:
    """Top-level import names, from the files themselves (not every wheel has top_level.txt).

    Pyodide's lock `imports` is used to find the package providing a module when an app imports
    it (`loadPackagesFromImports`), so it must name what is really importable.
    """
    names: set[str] = set()
    for name in files:
        head, _, rest = name.partition("/")
        if head.endswith((".dist-info", ".data")):
            continue
        if rest:  # a folder: a package (regular or namespace, e.g. protobuf's `google`)
            if head.isidentifier() and head != "__pycache__":  # bytecode of single-module wheels
                names.add(head)
        elif head.endswith(".py") or head.endswith(".so"):
            module = head.split(".", 1)[0]
            if module.isidentifier():
                names.add(module)
    return sorted(names)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
