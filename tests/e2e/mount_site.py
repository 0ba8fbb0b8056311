"""Hand-written pages that load wasmlit.js, as a site author would write them.

`make_site(root, body)` puts the runtime at `./wasmlit/` and an index.html whose body is
`body`; `tiny_wheel_index(root, name, source)` adds a PEP 503 simple index at
`./simple/` holding one pure-Python wheel, so package installs work with no network.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from .support import RUNTIME_DIR

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>A page of my own</title>
{head}
<script src="./wasmlit/wasmlit.js"></script></head>
<body>
<h1>A page of my own</h1>
{body}
</body></html>
"""


def make_site(root: Path, body: str, head: str = "", files: dict[str, str | bytes] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    os.symlink(RUNTIME_DIR, root / "wasmlit")
    (root / "index.html").write_text(PAGE.format(head=head, body=body))
    for name, content in (files or {}).items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content)
    return root


def tiny_wheel_index(root: Path, name: str, source: str, version: str = "1.0") -> str:
    """A wheel of one module `name` with `source`, listed at ./simple/<name>/; returns the index path."""
    wheel_name = f"{name}-{version}-py3-none-any.whl"
    wheels = root / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    dist_info = f"{name}-{version}.dist-info"
    with zipfile.ZipFile(wheels / wheel_name, "w") as wheel:
        wheel.writestr(f"{name}.py", source)
        wheel.writestr(f"{dist_info}/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
        wheel.writestr(
            f"{dist_info}/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        )
        wheel.writestr(f"{dist_info}/RECORD", "")
    project = root / "simple" / name
    project.mkdir(parents=True, exist_ok=True)
    (project / "index.html").write_text(
        f'<!doctype html><html><body><a href="../../wheels/{wheel_name}">{wheel_name}</a></body></html>\n'
    )
    return "./simple/"
