"""`export_site` against a miniature runtime bundle: what lands in the site, and how it is replaced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from wasmlit.app_folder import SITE_MARKER, find_app
from wasmlit.export import ExportError, ExportSettings, export_site, staged_folder
from wasmlit.runtime_build.wheelfile import write_wheel
from wasmlit.runtime_bundle import BUNDLE_SCRIPTS, DEV_SCRIPTS, RuntimeMissing

from .pages import mount_options_of
from .test_export_vendoring import FakeSources, make_wheel, runtime_lock

SHIM_IMPORTS = Path(__file__).resolve().parents[2] / "python" / "shim" / "wasmlit_shim" / "imports.py"


@pytest.fixture
def runtime(tmp_path: Path) -> Path:
    """A runtime bundle with the real import scanner in its shim wheel and a small lock."""
    root = tmp_path / "runtime"
    (root / "frontend").mkdir(parents=True)
    (root / "frontend" / "index.html").write_text("<!doctype html>")
    for script in (*BUNDLE_SCRIPTS, *DEV_SCRIPTS):
        (root / script).write_text(f"// {script}")
    (root / "pyodide").mkdir()
    (root / "pyodide" / "pyodide-lock.json").write_text(json.dumps(runtime_lock()))
    write_wheel(
        root / "pyodide" / "wasmlit_shim-0.1.0-py3-none-any.whl",
        {
            "wasmlit_shim/__init__.py": b"",
            "wasmlit_shim/imports.py": SHIM_IMPORTS.read_bytes(),
            "wasmlit_shim-0.1.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: wasmlit-shim\nVersion: 0.1.0\n",
        },
    )
    return root


def make_app(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "streamlit_app.py").write_text("import streamlit as st\nimport fancy_tool\nfrom helpers import x\n")
    (folder / "helpers.py").write_text("import numpy\nx = 1\n")
    (folder / "requirements.txt").write_text("streamlit\n")
    (folder / ".streamlit").mkdir()
    (folder / ".streamlit" / "config.toml").write_text("[theme]\nbase = 'dark'\n")
    (folder / ".streamlit" / "secrets.toml").write_text("password = 'hunter2'\n")
    return folder


def test_the_site_holds_runtime_app_and_vendored_packages(tmp_path: Path, runtime: Path) -> None:
    app = find_app(make_app(tmp_path / "app"))
    sources = FakeSources([make_wheel(tmp_path, "fancy-tool", "2.0")])
    settings = ExportSettings(app, tmp_path / "site", "My app", persist=("data",))
    result = export_site(settings, runtime, sources)
    site = tmp_path / "site"
    assert result.site == site
    assert {p.name for p in site.iterdir()} == {
        "index.html", "404.html", SITE_MARKER, ".nojekyll", "wasmlit.js", "wasmlit.mjs", "worker.js", "wasmlit-sw.js",
        "frontend", "pyodide", "app", "simple",
    }  # fmt: skip
    # The app's imports, found by the runtime's own scanner (helpers.py included), are resolved.
    assert {o.name: o.status.value for o in result.packages.outcomes} == {
        "streamlit": "in the runtime",
        "fancy-tool": "vendored",
        "numpy": "not vendored",
    }
    lock = json.loads((site / "pyodide" / "pyodide-lock.json").read_text())
    assert lock["packages"]["fancy-tool"]["file_name"] == "fancy_tool-2.0-py3-none-any.whl"
    assert (site / "pyodide" / "fancy_tool-2.0-py3-none-any.whl").is_file()
    assert sorted(p.relative_to(site / "app").as_posix() for p in (site / "app").rglob("*") if p.is_file()) == [
        ".streamlit/config.toml", "helpers.py", "requirements.txt", "streamlit_app.py",
    ]  # fmt: skip
    assert result.notes == [".streamlit/secrets.toml was left out: every file of a static site is public"]

    index = (site / "index.html").read_text()
    assert '<script src="./wasmlit.js"></script>' in index and "<title>My app</title>" in index
    options = mount_options_of(index)
    assert options["files"]["streamlit_app.py"]["url"] == "./app/streamlit_app.py"
    assert options["packageIndexUrl"] == "./simple/"  # never pypi.org, never the dev server's /_pypi/
    assert options["idbfsMountpoints"] == ["/home/pyodide/data"]
    assert "_pypi" not in index and "requirements" not in options  # streamlit is never reinstalled
    marker = json.loads((site / SITE_MARKER).read_text())
    assert marker["id"] in (site / "404.html").read_text()


def test_404_html_uses_the_base_url_when_given(tmp_path: Path, runtime: Path) -> None:
    app = find_app(make_app(tmp_path / "app"))
    settings = ExportSettings(app, tmp_path / "site", "x", base_url="/repo/")
    export_site(settings, runtime, FakeSources([]))
    fallback = (tmp_path / "site" / "404.html").read_text()
    assert fallback.index('<base href="/repo/">') < fallback.index('<script src="./wasmlit.js"></script>')


def test_an_export_inside_the_app_folder_is_not_exported_again(tmp_path: Path, runtime: Path) -> None:
    folder = make_app(tmp_path / "app")
    export_site(ExportSettings(find_app(folder), folder / "site", "x"), runtime, FakeSources([]))
    assert not any(name.startswith("site/") for name in find_app(folder).files())
    export_site(ExportSettings(find_app(folder), folder / "site", "x"), runtime, FakeSources([]))
    assert not (folder / "site" / "app" / "site").exists()


@pytest.mark.parametrize("output", ["app", "."])
def test_the_app_folder_itself_is_never_the_output(tmp_path: Path, runtime: Path, output: str) -> None:
    folder = make_app(tmp_path / "app")
    with pytest.raises(ExportError, match="would replace the app's own folder"):
        export_site(ExportSettings(find_app(folder), tmp_path / output, "x"), runtime, FakeSources([]))
    assert (folder / "streamlit_app.py").is_file()


def test_a_failed_export_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous")
    with pytest.raises(RuntimeError), staged_folder(site) as stage:
        (stage / "index.html").write_text("half written")
        raise RuntimeError("the network went away")
    assert (site / "index.html").read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # the staging folder is gone

    with staged_folder(site) as stage:
        (stage / "index.html").write_text("new")
    assert (site / "index.html").read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_runtime_without_its_service_worker_is_refused(tmp_path: Path, runtime: Path) -> None:
    # A site without wasmlit-sw.js would boot, then fail at the first component or deep link.
    (runtime / "wasmlit-sw.js").unlink()
    app = find_app(make_app(tmp_path / "app"))
    with pytest.raises(RuntimeMissing, match="has no wasmlit-sw.js; in a clone run `make build`"):
        export_site(ExportSettings(app, tmp_path / "site", "x"), runtime, FakeSources([]))
    assert not (tmp_path / "site").exists()
