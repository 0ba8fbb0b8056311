"""The export's import scan judges the standard library by Pyodide's Python, not the CLI's."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from wasmlit.app_imports import pyodide_stdlib
from wasmlit.runtime_build.stdlib_names import stdlib_names, write_stdlib_names

from .test_export_site import runtime  # noqa: F401  (a fixture: a miniature runtime bundle)

SYSCONFIG = "build_time_vars = {'MODULE_MATH_STATE': 'yes', 'MODULE__SSL_STATE': 'missing', 'CC': 'emcc'}\n"


def fake_stdlib_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name in ("annotationlib.py", "json/__init__.py", "json/decoder.py", "compression/zstd/__init__.py"):
            archive.writestr(name, "")
        archive.writestr("_sysconfigdata__emscripten_wasm32-emscripten.py", SYSCONFIG)
        archive.writestr("site-packages/README.txt", "")
    return path


def test_the_list_is_the_zips_modules_its_built_c_modules_and_the_core_builtins(tmp_path: Path) -> None:
    names = stdlib_names(fake_stdlib_zip(tmp_path / "python_stdlib.zip"))
    assert {"annotationlib", "json", "compression", "math", "sys", "itertools"} <= set(names)
    assert "_ssl" not in names  # a C module this Pyodide was built without
    assert "cgi" not in names and "imghdr" not in names  # gone from Python 3.13 on, present in 3.11
    assert "site-packages" not in names


def test_the_build_writes_it_and_the_export_scan_reads_it(tmp_path: Path, runtime: Path) -> None:
    fake_stdlib_zip(runtime / "pyodide" / "python_stdlib.zip")
    assert pyodide_stdlib(runtime) == stdlib_names(runtime / "pyodide" / "python_stdlib.zip")  # derived on the fly
    written = write_stdlib_names(runtime / "pyodide")
    assert json.loads(written.read_text()) == pyodide_stdlib(runtime)


def test_an_app_importing_modules_python_3_13_removed_gets_them_reported(tmp_path: Path, runtime: Path) -> None:
    from wasmlit.app_folder import find_app
    from wasmlit.app_imports import third_party_imports

    fake_stdlib_zip(runtime / "pyodide" / "python_stdlib.zip")
    write_stdlib_names(runtime / "pyodide")
    app = tmp_path / "app"
    app.mkdir()
    (app / "streamlit_app.py").write_text("import cgi, imghdr, json, math, annotationlib\nimport streamlit\n")
    # On the CLI's Python 3.11, cgi and imghdr are stdlib; in Pyodide's 3.14 they must come from PyPI.
    assert third_party_imports(find_app(app), runtime) == ["cgi", "imghdr"]
