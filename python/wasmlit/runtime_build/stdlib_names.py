"""The standard library of the Python that runs apps (Pyodide's), as top-level module names.

`wasmlit export` scans an app's imports on the CLI's Python (3.11+), whose stdlib differs
from Pyodide's 3.14 (3.13 removed `cgi`, `imghdr`...; 3.14 added `annotationlib`...). The
build derives the list from Pyodide itself, so the scan asks the right question:

- the pure modules and packages at the top of `python_stdlib.zip`;
- the C modules Pyodide's CPython was built with (`MODULE_<NAME>_STATE: 'yes'` in the
  zip's `_sysconfigdata`), e.g. `math`, `zlib`, `_json`;
- the interpreter's core built-ins (`sys`, `itertools`, `gc`...): compiled into every
  CPython, they appear in neither, so they come from `sys.builtin_module_names`.
"""

from __future__ import annotations

import ast
import json
import sys
import zipfile
from pathlib import Path

STDLIB_ZIP = "python_stdlib.zip"
OUT_FILE = "stdlib-modules.json"


def stdlib_names(stdlib_zip: Path) -> list[str]:
    with zipfile.ZipFile(stdlib_zip) as archive:
        names = archive.namelist()
        sysconfig = [name for name in names if name.split("/")[-1].startswith("_sysconfigdata_")]
        built_c_modules = _built_c_modules(archive.read(sysconfig[0]).decode()) if sysconfig else set()
    top_level = {_module_name(name) for name in names}
    return sorted((top_level | built_c_modules | set(sys.builtin_module_names)) - {"", "site-packages"})


def write_stdlib_names(pyodide_dir: Path) -> Path:
    out = pyodide_dir / OUT_FILE
    out.write_text(json.dumps(stdlib_names(pyodide_dir / STDLIB_ZIP), indent=0) + "\n")
    return out


def _module_name(path: str) -> str:
    first = path.split("/")[0]
    if "/" in path:
        return first  # a package folder
    return first.removesuffix(".pyc").removesuffix(".py") if first.endswith((".py", ".pyc")) else ""


def _built_c_modules(sysconfigdata: str) -> set[str]:
    """Lower-cased NAME of every `MODULE_NAME_STATE` that is 'yes' in build_time_vars."""
    tree = ast.parse(sysconfigdata)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if not (isinstance(key, ast.Constant) and isinstance(value, ast.Constant)):
                    continue
                name = str(key.value)
                if name.startswith("MODULE_") and name.endswith("_STATE") and value.value == "yes":
                    found.add(name.removeprefix("MODULE_").removesuffix("_STATE").lower())
    return found
