"""The built runtime bundle (`make build` writes it to python/wasmlit/runtime/), as the CLI reads it."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

# What a person does about a missing or damaged runtime.
REBUILD = "in a clone run `make build`, else reinstall wasmlit (its wheel carries every built file)"

# WASMLIT_RUNTIME_DIR points the CLI at another build (`python -m wasmlit.runtime_build --out DIR`).
RUNTIME_DIR = Path(os.environ.get("WASMLIT_RUNTIME_DIR") or Path(__file__).parent / "runtime")
LOCK_FILE = "pyodide-lock.json"
# What loaders need to know about the runtime's files (runtime_build/manifest.py).
MANIFEST_FILE = "wasmlit-manifest.json"

# The bundle's scripts, next to each other at its root: every site needs them (wasmlit.mjs is
# the ES module entry; the service worker serves components, st.App routes and deep links).
# The service worker leaves them to the network (service-worker/routes.ts;
# tests/unit/test_service_worker_routes.py checks).
BUNDLE_SCRIPTS = ("wasmlit.js", "wasmlit.mjs", "worker.js", "wasmlit-sw.js")
# Scripts only `wasmlit serve` pages load (live reload); exports leave them out.
DEV_SCRIPTS = ("live-reload.js",)
# Their source maps: copied where the build made them (it always does), never required.
SOURCE_MAPS = tuple(f"{name}.map" for name in (*BUNDLE_SCRIPTS, *DEV_SCRIPTS))
BUNDLE_DIRS = ("frontend", "pyodide")


class RuntimeMissing(Exception):
    """The runtime bundle lacks a part the CLI needs; the message says what to run."""


def check_runtime(runtime_dir: Path) -> None:
    for part in (*BUNDLE_SCRIPTS, *DEV_SCRIPTS, "frontend/index.html", f"pyodide/{LOCK_FILE}"):
        if not (runtime_dir / part).is_file():
            raise RuntimeMissing(f"the runtime bundle in {runtime_dir} has no {part}; {REBUILD}")


def runtime_lock(runtime_dir: Path) -> dict[str, Any]:
    """The runtime's pyodide-lock.json: its own wheels are local, Pyodide's packages on the CDN."""
    check_runtime(runtime_dir)
    return json.loads((runtime_dir / "pyodide" / LOCK_FILE).read_text())


def shim_wheel(runtime_dir: Path) -> Path:
    wheels = sorted((runtime_dir / "pyodide").glob("wasmlit_shim-*.whl"))
    if not wheels:
        raise RuntimeMissing(f"no wasmlit_shim wheel in {runtime_dir / 'pyodide'}; {REBUILD}")
    return wheels[-1]


# Streamlit's frontend build names its files after their content (index.DormvYxC.js).
CONTENT_HASHED_FOLDERS = ("frontend/static/",)


def hashed_file_predicate(root: Path) -> Callable[[str], bool]:
    """Whether a path under a runtime (or an exported site) `root` names its content, so a host may
    cache it as immutable: the frontend's own assets and the files the runtime manifest lists."""
    listed = set(content_hashed_files(root))
    return lambda path: path in listed or path.startswith(CONTENT_HASHED_FOLDERS)


def content_hashed_files(root: Path) -> list[str]:
    manifest = root / MANIFEST_FILE
    if not manifest.is_file():
        return []
    return list(json.loads(manifest.read_text()).get("hashed_files", {}).values())
