"""The runtime build's pure steps on CPython, with small hand-made fixtures (no network, no Node)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from wasmlit import pins
from wasmlit.runtime_build.build import BuildOptions, check_out_dir
from wasmlit.runtime_build.errors import BuildError
from wasmlit.runtime_build.fetch import cached_wheel, pip_download_command
from wasmlit.runtime_build.frontend import BOOT_SCRIPT_TAG, UnexpectedIndexHtml, inject_boot_script
from wasmlit.runtime_build.lock import VendoredPackage, build_lock, runtime_requirements, vendored_package
from wasmlit.runtime_build.pyodide_core import check_pyodide_package
from wasmlit.runtime_build.shim_wheel import shim_files
from wasmlit.runtime_build.slim import slim_streamlit
from wasmlit.runtime_build.wheelfile import (
    WheelFiles,
    canonical_name,
    read_wheel,
    record_hash,
    top_level_imports,
    write_wheel,
)

CDN = "https://cdn.example/pyodide/full/"


def make_files(name: str, version: str, body: dict[str, str], requires: list[str] = ()) -> WheelFiles:
    info = f"{name.replace('-', '_')}-{version}.dist-info"
    meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n" + "".join(
        f"Requires-Dist: {r}\n" for r in requires
    )
    files: WheelFiles = {k: v.encode() for k, v in body.items()}
    files[f"{info}/METADATA"] = meta.encode()
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    files[f"{info}/RECORD"] = b"stale,,\n"
    return files


# -- wheels -----------------------------------------------------------------------------------


def test_write_wheel_regenerates_record_and_is_reproducible(tmp_path: Path) -> None:
    files = make_files("demo", "1.0", {"demo/__init__.py": "x = 1\n"})
    a, b = tmp_path / "a.whl", tmp_path / "b.whl"
    write_wheel(a, files)
    got = read_wheel(a)
    record = got["demo-1.0.dist-info/RECORD"].decode().splitlines()
    source_hash = record_hash(b"x = 1\n")
    assert f"demo/__init__.py,{source_hash},6" in record
    assert record[-1] == "demo-1.0.dist-info/RECORD,,"
    assert "stale,," not in record
    with zipfile.ZipFile(a) as zf:
        names = zf.namelist()
    assert names[-1].endswith("/RECORD")  # dist-info last, RECORD very last
    write_wheel(b, files)
    assert a.read_bytes() == b.read_bytes()  # same content -> same bytes -> same sha256


def test_top_level_imports_from_files() -> None:
    files = make_files(
        "python-multipart",
        "0.0.1",
        {
            "multipart/__init__.py": "",
            "python_multipart/__init__.py": "",
            "six.py": "",
            "_cffi.cpython-314-wasm32-emscripten.so": "",
            "google/protobuf/__init__.py": "",  # namespace package: no google/__init__.py
            "__pycache__/six.cpython-314.pyc": "",  # a precompiled single module: not an import
        },
    )
    assert top_level_imports(files) == ["_cffi", "google", "multipart", "python_multipart", "six"]


def test_canonical_name() -> None:
    assert canonical_name("Typing_Extensions") == "typing-extensions"
    assert canonical_name("pyodide.http") == "pyodide-http"


# -- slimming ---------------------------------------------------------------------------------


def test_slim_streamlit_drops_frontend_demo_agents_and_stubs(tmp_path: Path) -> None:
    files = make_files(
        "streamlit",
        "1.0",
        {
            "streamlit/__init__.py": "",
            "streamlit/static/index.html": "<html>",
            "streamlit/static/static/js/x.js": "",
            "streamlit/hello/hello.py": "",
            "streamlit/.agents/notes.md": "",
            "streamlit/proto/Foo_pb2.py": "",
            "streamlit/proto/Foo_pb2.pyi": "",
            "streamlit/staticfile.py": "",  # same prefix as static/ but a module: must stay
        },
    )
    slimmed = slim_streamlit(files)
    write_wheel(tmp_path / "s.whl", slimmed)
    kept = read_wheel(tmp_path / "s.whl")
    body = sorted(n for n in kept if ".dist-info/" not in n)
    assert body == ["streamlit/__init__.py", "streamlit/proto/Foo_pb2.py", "streamlit/staticfile.py"]
    record = kept["streamlit-1.0.dist-info/RECORD"].decode()
    assert "static/" not in record and ".pyi" not in record


def test_slim_refuses_to_drop_the_package() -> None:
    with pytest.raises(ValueError):
        slim_streamlit(make_files("streamlit", "1.0", {"streamlit/static/a": ""}))


# -- lock -------------------------------------------------------------------------------------

BASE_LOCK = {
    "info": {"abi_version": "2026_0", "arch": "wasm32", "platform": "emscripten_5_0_3", "python": "3.14.2"},
    "packages": {
        "numpy": {
            "name": "numpy",
            "file_name": "numpy-2.4.6-cp314-cp314-pyemscripten_2026_0_wasm32.whl",
            "depends": [],
        },
        "micropip": {"name": "micropip", "file_name": "micropip-0.11.1-py3-none-any.whl", "depends": []},
        "pandas": {"name": "pandas", "file_name": "pandas-3.0-cp314.whl", "depends": ["numpy"]},
    },
}


def test_runtime_requirements_evaluates_markers_for_pyodide() -> None:
    files = make_files(
        "anyio",
        "4.16.0",
        {"anyio/__init__.py": ""},
        requires=[
            'exceptiongroup>=1.0.2; python_version < "3.11"',
            "idna>=2.8",
            'typing_extensions>=4.16.0; python_version < "3.15"',
            'trio>=0.32.0; extra == "trio"',
            'watchdog<8; platform_system != "Darwin"',
        ],
    )
    assert runtime_requirements(files, "3.14") == ["idna", "typing-extensions", "watchdog"]


def test_vendored_package_depends_only_on_vendored() -> None:
    files = make_files(
        "streamlit", "1.67.0", {"streamlit/__init__.py": ""}, requires=["numpy<3", "click<9,>=7.0", "Typing_Extensions"]
    )
    pkg = vendored_package(
        files, "streamlit-1.67.0-py3-none-any.whl", "ab" * 32, {"click", "typing-extensions"}, "3.14"
    )
    assert pkg.depends == ["click", "typing-extensions"]
    assert pkg.imports == ["streamlit"]
    assert pkg.name == "streamlit" and pkg.version == "1.67.0"


def test_build_lock_points_others_at_cdn_and_replaces_vendored() -> None:
    ours = VendoredPackage("micropip", "0.11.1", "micropip-0.11.1-py3-none-any.whl", "cd" * 32, ["micropip"])
    shim = VendoredPackage(
        "wasmlit-shim", "0.1.0", "wasmlit_shim-0.1.0-py3-none-any.whl", "ef" * 32, ["wasmlit_shim"], ["micropip"]
    )
    lock = build_lock(BASE_LOCK, [ours, shim], CDN)
    pkgs = lock["packages"]
    assert pkgs["numpy"]["file_name"] == CDN + "numpy-2.4.6-cp314-cp314-pyemscripten_2026_0_wasm32.whl"
    assert pkgs["pandas"]["depends"] == ["numpy"]
    assert pkgs["micropip"]["file_name"] == "micropip-0.11.1-py3-none-any.whl"  # local, not CDN
    assert pkgs["micropip"]["sha256"] == "cd" * 32
    assert pkgs["wasmlit-shim"] == shim.lock_entry()
    assert pkgs["wasmlit-shim"]["install_dir"] == "site" and pkgs["wasmlit-shim"]["package_type"] == "package"
    assert lock["info"] == BASE_LOCK["info"]
    assert BASE_LOCK["packages"]["numpy"]["file_name"].startswith("numpy")  # input untouched


def test_build_lock_rejects_dangling_depends() -> None:
    bad = VendoredPackage("x", "1", "x-1-py3-none-any.whl", "00" * 32, ["x"], ["not-anywhere"])
    with pytest.raises(ValueError, match="not-anywhere"):
        build_lock(BASE_LOCK, [bad], CDN)


def test_build_lock_keeps_absolute_urls() -> None:
    base = {"info": {}, "packages": {"a": {"file_name": "https://elsewhere/a.whl", "depends": []}}}
    assert build_lock(base, [], CDN)["packages"]["a"]["file_name"] == "https://elsewhere/a.whl"


# -- index.html -------------------------------------------------------------------------------

INDEX = """<!--
 licence
-->
<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <title>Streamlit</title>
    <script type="module" crossorigin src="./static/js/index.DormvYxC.js"></script>
  </head>
  <body><div id="root"></div></body>
</html>
"""


def test_inject_boot_script_first_in_head() -> None:
    out = inject_boot_script(INDEX)
    head_end = out.index("<head>") + len("<head>")
    assert out[head_end:].lstrip().startswith(BOOT_SCRIPT_TAG)
    assert out.index(BOOT_SCRIPT_TAG) < out.index('<meta charset="UTF-8" />') < out.index("index.DormvYxC.js")
    assert out.replace(f"\n    {BOOT_SCRIPT_TAG}", "") == INDEX  # nothing else changed


@pytest.mark.parametrize(
    "html",
    [
        INDEX.replace("<head>", ""),  # no head
        INDEX.replace("<head>", "<head><head>"),  # two heads
        INDEX.replace('type="module" crossorigin src="./static/js/index', 'src="/abs/static/js/index'),  # entry moved
        inject_boot_script(INDEX),  # already injected
    ],
)
def test_inject_boot_script_refuses_unexpected_shape(html: str) -> None:
    with pytest.raises(UnexpectedIndexHtml):
        inject_boot_script(html)


def test_inject_into_the_pinned_streamlit_index() -> None:
    # The dev venv has the pinned Streamlit: its real index.html must have the expected shape.
    import streamlit

    if streamlit.__version__ != pins.STREAMLIT_VERSION:
        pytest.fail(f"dev venv has streamlit {streamlit.__version__}, pins say {pins.STREAMLIT_VERSION}")
    index = Path(streamlit.__file__).parent / "static" / "index.html"
    assert BOOT_SCRIPT_TAG in inject_boot_script(index.read_text())


# -- shim wheel, cache, checks ----------------------------------------------------------------


def test_shim_wheel_contents(tmp_path: Path) -> None:
    src = tmp_path / "wasmlit_shim"
    (src / "patches" / "__pycache__").mkdir(parents=True)
    (src / "__init__.py").write_text("")
    (src / "patches" / "a.py").write_text("A = 1\n")
    (src / "patches" / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"host bytecode")
    files = shim_files(src, "0.1.0", {"streamlit": "1.67.0"})
    write_wheel(tmp_path / "shim.whl", files)
    got = read_wheel(tmp_path / "shim.whl")
    assert sorted(n for n in got if ".dist-info/" not in n) == ["wasmlit_shim/__init__.py", "wasmlit_shim/patches/a.py"]
    meta = got["wasmlit_shim-0.1.0.dist-info/METADATA"].decode()
    assert "Name: wasmlit-shim\n" in meta and "Requires-Dist: streamlit==1.67.0\n" in meta


def test_cached_wheel_matches_normalised_names(tmp_path: Path) -> None:
    (tmp_path / "typing_extensions-4.16.0-py3-none-any.whl").write_bytes(b"")
    (tmp_path / "typing_extensions-4.16.01-py3-none-any.whl").write_bytes(b"")
    assert cached_wheel(tmp_path, "typing-extensions", "4.16.0").name.startswith("typing_extensions-4.16.0-")
    assert cached_wheel(tmp_path, "typing-extensions", "4.15.0") is None


def test_pip_download_asks_for_the_pyodide_platform(tmp_path: Path) -> None:
    cmd = pip_download_command(["click==8.5.1"], tmp_path)
    assert cmd[cmd.index("--platform") + 1] == pins.PYODIDE_PLATFORM
    assert cmd[cmd.index("--abi") + 1] == "cp314"
    assert "--no-deps" in cmd and "--only-binary=:all:" in cmd


def test_the_dev_environment_pins_what_the_runtime_pins() -> None:
    # The CPython side (unit tests, native benchmarks) must run the Streamlit and Pyodide the
    # runtime carries; pyproject.toml and package.json pin them separately from pins.py.
    import tomllib

    root = Path(__file__).resolve().parents[2]
    dev = tomllib.loads((root / "pyproject.toml").read_text())["project"]["optional-dependencies"]["dev"]
    assert f"streamlit=={pins.STREAMLIT_VERSION}" in dev
    npm = json.loads((root / "package.json").read_text())["devDependencies"]
    assert npm["pyodide"] == pins.PYODIDE_VERSION


def test_every_vendored_wheel_is_pinned_exactly() -> None:
    for name, version in {**pins.VENDORED_WHEELS, **pins.ON_DEMAND_WHEELS}.items():
        assert version and not any(c in version for c in "<>=~*,"), name
    assert not set(pins.VENDORED_WHEELS) & set(pins.ON_DEMAND_WHEELS)


def test_missing_pyodide_package_says_run_npm_install(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="npm install"):
        check_pyodide_package(tmp_path / "node_modules" / "pyodide")


def test_wrong_pyodide_version_is_refused(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"version": "0.0.1"}')
    with pytest.raises(BuildError, match=pins.PYODIDE_VERSION):
        check_pyodide_package(tmp_path)


def test_out_dir_that_is_not_ours_is_not_wiped(tmp_path: Path) -> None:
    (tmp_path / "precious.txt").write_text("keep me")
    with pytest.raises(BuildError):
        check_out_dir(tmp_path)
    assert (tmp_path / "precious.txt").exists()
    assert BuildOptions().out_dir.name == "runtime"


def test_a_snapshot_holding_a_build_machine_path_is_found() -> None:
    from wasmlit.runtime_build.snapshot import build_machine_paths_in

    heap = b"\x00\x01_=/home/me/wasmlit/python/wasmlit/runtime_build/snapshot.mjs\x00"
    paths = ["/home/me/wasmlit/python/wasmlit/runtime_build", "/tmp/cache"]
    assert build_machine_paths_in(heap, paths) == ["/home/me/wasmlit/python/wasmlit/runtime_build"]
    assert build_machine_paths_in(b"_=./this.program", paths) == []
