"""Copy Pyodide's core files from npm `pyodide` and check they are the pinned version.

npm `pyodide` is the only reachable source of Pyodide itself (the CDN is not reachable from the
build machines); it holds the interpreter and stdlib but no package wheels.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from wasmlit import pins

from .errors import BuildError

# What `loadPyodide({indexURL})` fetches: the loader, the Emscripten module, the wasm binary and
# the standard library. The lock is generated (lock.py), the rest of the npm package (console
# pages, .d.ts, source maps, the UMD pyodide.js) is not needed to run.
CORE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")


def check_pyodide_package(pyodide_dir: Path) -> dict[str, Any]:
    """Fail unless node_modules/pyodide exists at the pinned version; return its base lock."""
    package_json = pyodide_dir / "package.json"
    if not package_json.exists():
        raise BuildError(f"{pyodide_dir} is missing", "run `npm install` in the repository root")
    version = json.loads(package_json.read_text())["version"]
    if version != pins.PYODIDE_VERSION:
        raise BuildError(
            f"node_modules/pyodide is {version}, but wasmlit.pins pins {pins.PYODIDE_VERSION}",
            "run `npm install` (package.json and pins.py must name the same Pyodide version)",
        )
    for name in CORE_FILES:
        if not (pyodide_dir / name).exists():
            raise BuildError(f"{pyodide_dir / name} is missing", "reinstall with `rm -rf node_modules && npm install`")
    lock = json.loads((pyodide_dir / "pyodide-lock.json").read_text())
    abi = f"pyemscripten_{lock['info']['abi_version']}_{lock['info']['arch']}"
    if abi != pins.PYODIDE_PLATFORM or not lock["info"]["python"].startswith(pins.PYODIDE_PYTHON + "."):
        raise BuildError(
            f"Pyodide {version} is {abi} / Python {lock['info']['python']}, pins say "
            f"{pins.PYODIDE_PLATFORM} / {pins.PYODIDE_PYTHON}",
            "update PYODIDE_PLATFORM and PYODIDE_PYTHON in python/wasmlit/pins.py",
        )
    return lock


def copy_core(pyodide_dir: Path, dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for name in CORE_FILES:
        shutil.copy2(pyodide_dir / name, dest / name)
