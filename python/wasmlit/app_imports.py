"""Which third-party packages an app imports, found exactly as the browser will find them.

The worker scans the app's sources before the first run (`wasmlit_shim.imports`) and loads
what it finds from the lock. `wasmlit export` must vendor the same set, so it runs that
very scanner, read from the shim wheel inside the runtime bundle it exports: the two can
never disagree, and an installed wasmlit (which has no shim sources) works the same.
"""

from __future__ import annotations

import json
import types
import zipfile
from pathlib import Path
from typing import Any

from .app_folder import AppFolder
from .runtime_build.stdlib_names import OUT_FILE, STDLIB_ZIP, stdlib_names
from .runtime_bundle import shim_wheel

SCANNER_MODULE = "wasmlit_shim/imports.py"


def load_scanner(runtime_dir: Path) -> types.ModuleType:
    """The shim's `imports` module, loaded from the runtime's wheel (it is pure, stdlib-only
    Python that runs the same on CPython)."""
    wheel = shim_wheel(runtime_dir)
    with zipfile.ZipFile(wheel) as archive:
        source = archive.read(SCANNER_MODULE).decode("utf-8")
    module = types.ModuleType("wasmlit_shim_imports", f"{SCANNER_MODULE} from {wheel.name}")
    module.__file__ = f"{wheel}/{SCANNER_MODULE}"
    exec(compile(source, module.__file__, "exec"), module.__dict__)
    return module


def third_party_imports(app: AppFolder, runtime_dir: Path) -> list[str]:
    """Sorted top-level names of the third-party modules the app imports, judged against
    Pyodide's standard library (not this Python's)."""
    scanner = load_scanner(runtime_dir)
    return list(scanner.find_third_party_imports(str(app.root), app.entrypoint, pyodide_stdlib(runtime_dir)))


def pyodide_stdlib(runtime_dir: Path) -> list[str] | None:
    """The runtime's standard library names, as the build derived them from Pyodide (None:
    a bundle without Pyodide's stdlib, e.g. a test's miniature one: this Python's list then)."""
    built = runtime_dir / "pyodide" / OUT_FILE
    if built.is_file():
        names: list[str] = json.loads(built.read_text())
        return names
    if (runtime_dir / "pyodide" / STDLIB_ZIP).is_file():
        return stdlib_names(runtime_dir / "pyodide" / STDLIB_ZIP)  # a runtime built before the list existed
    return None


def project_names(lock: dict[str, Any], modules: list[str]) -> list[str]:
    """The project each module comes from: per the lock's `imports` (`yaml` is pyyaml), else
    the module's own name as a project name, which is the worker's guess too
    (wasmlit_shim.packages)."""
    by_import = {module: name for name, entry in lock["packages"].items() for module in entry.get("imports", [])}
    return [by_import.get(module, module.replace("_", "-")) for module in modules]
