"""The built runtime boots offline in Pyodide (under Node) with what the worker needs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from wasmlit import pins

from tests.pyodide.conftest import PyodideError, PyodideProcess


def read_lock(runtime_dir: Path) -> dict:
    return json.loads((runtime_dir / "pyodide" / "pyodide-lock.json").read_text())


def test_import_streamlit_offline(pyodide: PyodideProcess) -> None:
    # The harness rejects every non-loopback fetch, so getting here proves no network was used.
    got = pyodide.run_json("""
        import streamlit, streamlit.starlette, wasmlit_shim
        from streamlit.starlette import App
        import pyodide_js
        [streamlit.__version__, App.__name__, sorted(pyodide_js.loadedPackages.object_keys())]
    """)
    version, app_name, loaded = got
    assert version == pins.STREAMLIT_VERSION
    assert app_name == "App"
    assert {"streamlit", "wasmlit-shim", "micropip", "pyodide-http", "starlette"} <= set(loaded)


def test_vendored_versions_are_the_pinned_ones(pyodide: PyodideProcess) -> None:
    # Pyodide's own lock has micropip, packaging, anyio... at other versions: ours must win.
    installed = pyodide.run_json(f"""
        from importlib.metadata import version
        {{name: version(name) for name in {list(pins.VENDORED_WHEELS)!r}}}
    """)
    assert installed == pins.VENDORED_WHEELS


def test_streamlit_is_slimmed(pyodide: PyodideProcess) -> None:
    found = pyodide.run_json("""
        import pathlib, streamlit
        root = pathlib.Path(streamlit.__file__).parent
        [p for p in ("static", "hello", ".agents") if (root / p).exists()] + [str(p) for p in root.rglob("*.pyi")][:3]
    """)
    assert found == []


def test_precompiled_pyc_are_unchecked_hash(pyodide: PyodideProcess) -> None:
    # Every module `import streamlit` pulled from the vendored wheels has its .pyc next to it,
    # flagged hash-based + unchecked (PEP 552 flags == 0b01): it loads without reading the source.
    report = pyodide.run_json("""
        import sys, streamlit, streamlit.starlette
        from importlib.util import MAGIC_NUMBER
        checked, bad = 0, []
        for name, mod in list(sys.modules.items()):
            path = getattr(mod, "__file__", None) or ""
            if "site-packages" not in path or not path.endswith(".py"):
                continue
            try:
                header = open(mod.__cached__, "rb").read(8)
            except OSError as e:
                bad.append(f"{name}: {e}")
                continue
            flags = int.from_bytes(header[4:8], "little")
            if header[:4] != MAGIC_NUMBER or flags != 0b01:
                bad.append(f"{name}: magic {header[:4]!r} flags {flags}")
            checked += 1
        {"checked": checked, "bad": bad}
    """)
    assert report["bad"] == []
    assert report["checked"] > 300  # streamlit alone imports several hundred modules


def test_pyc_is_what_gets_executed(fresh_pyodide: PyodideProcess) -> None:
    # Decisive: break a module's source before its first import; the import still works only if
    # Python runs the shipped .pyc instead of compiling the .py.
    out = fresh_pyodide.run("""
        import importlib.util, sys
        assert "click.testing" not in sys.modules
        source = importlib.util.find_spec("click.testing").origin
        with open(source, "w") as f:
            f.write("raise RuntimeError('the .py was compiled instead of the .pyc')\\n")
        import click.testing
        print(click.testing.CliRunner.__name__)
    """)
    assert out == "CliRunner\n"


def test_micropip_and_pyodide_http_import(pyodide: PyodideProcess) -> None:
    out = pyodide.run("""
        import micropip, pyodide_http
        pyodide_http.patch_all()
        print(micropip.__version__)
    """)
    assert out == f"{pins.VENDORED_WHEELS['micropip']}\n"


def test_numpy_resolves_to_the_pyodide_cdn(pyodide: PyodideProcess, runtime_dir: Path) -> None:
    # Both in the file and as the running loader sees it.
    numpy = read_lock(runtime_dir)["packages"]["numpy"]
    assert numpy["file_name"].startswith(pins.PYODIDE_CDN_URL)
    assert numpy["file_name"].endswith(f"-{pins.PYODIDE_PLATFORM}.whl")
    seen = pyodide.run_json("import pyodide_js\npyodide_js._api.lockfile_packages.numpy.file_name")
    assert seen == numpy["file_name"]


def test_vendored_lock_entries_are_local_and_hashed(runtime_dir: Path) -> None:
    packages = read_lock(runtime_dir)["packages"]
    vendored = {name: packages[name] for name in [*pins.VENDORED_WHEELS, "wasmlit-shim"]}
    for name, entry in vendored.items():
        wheel = runtime_dir / "pyodide" / entry["file_name"]
        assert "://" not in entry["file_name"], name
        assert wheel.exists(), name
        assert hashlib.sha256(wheel.read_bytes()).hexdigest() == entry["sha256"], name
        assert entry["install_dir"] == "site" and entry["package_type"] == "package"
    assert set(vendored["wasmlit-shim"]["depends"]) == set(pins.VENDORED_WHEELS)
    assert vendored["protobuf"]["imports"] == ["google"]
    # Lazily loaded, never at boot: Streamlit's heavy requirements are not in its depends.
    assert not {"numpy", "pandas", "pyarrow", "pillow", "altair"} & set(vendored["streamlit"]["depends"])


def test_cdn_only_package_fails_without_network(fresh_pyodide: PyodideProcess) -> None:
    # No CDN here: loading numpy must go to the network (the harness refuses it) and say which
    # package failed, never hang or half-succeed. (Under Node, Pyodide 314 prefixes its CDN URL
    # to an absolute file_name; browsers use the URL as is. Either way it is not local.)
    with pytest.raises(PyodideError) as failure:
        fresh_pyodide.run(
            """
            import pyodide_js
            await pyodide_js.loadPackage("numpy", errorCallback=print)
            import numpy
        """,
            timeout=60,
        )
    message = str(failure.value)
    assert "Failed to load numpy" in message
    assert f"network access attempted: {pins.PYODIDE_CDN_URL}" in message
    assert "ModuleNotFoundError: No module named 'numpy'" in message


def test_frontend_has_boot_script_first(runtime_dir: Path) -> None:
    html = (runtime_dir / "frontend" / "index.html").read_text()
    head = html.index("<head>") + len("<head>")
    assert html[head:].lstrip().startswith('<script src="./boot.js"></script>')
    assert (runtime_dir / "frontend" / "static" / "js").is_dir()


def test_harness_can_add_a_host_folder_and_a_wheel(pyodide: PyodideProcess, tmp_path: Path) -> None:
    # The fixture API other test files rely on: import from a host folder, install a test wheel.
    from wasmlit.runtime_build.wheelfile import write_wheel

    (tmp_path / "src" / "hostpkg").mkdir(parents=True)
    (tmp_path / "src" / "hostpkg" / "__init__.py").write_text("VALUE = 'from host'\n")
    pyodide.add_path(tmp_path / "src")
    wheel = tmp_path / "extra_demo-1.0-py3-none-any.whl"
    write_wheel(
        wheel,
        {
            "extra_demo.py": b"VALUE = 'from wheel'\n",
            "extra_demo-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: extra-demo\nVersion: 1.0\n",
            "extra_demo-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
            "extra_demo-1.0.dist-info/RECORD": b"",
        },
    )
    pyodide.install_wheel(wheel)
    assert pyodide.run_json("import hostpkg, extra_demo\n[hostpkg.VALUE, extra_demo.VALUE]") == [
        "from host",
        "from wheel",
    ]
