import pytest
from wasmlit.app_folder import find_app
from wasmlit.cli import main
from wasmlit.devserver import DevSite
from wasmlit.live_reload import LiveReload
from wasmlit.pypi_proxy import PypiProxy

from .pages import mount_options_of
from .test_export_site import runtime  # noqa: F401  (a fixture: a miniature runtime bundle)
from .test_export_vendoring import FakeSources, make_wheel


def test_serve_without_an_app_is_a_one_line_error(tmp_path, capsys) -> None:
    assert main(["serve", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("wasmlit: error:") and "no such file or folder" in err
    assert "\n" not in err


def test_serve_requires_a_path(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["serve"])
    assert exit_info.value.code == 2
    # argparse names the missing positional argument, not an option's metavar (--persist PATH)
    assert "the following arguments are required: APP" in capsys.readouterr().err


def test_serve_rejects_a_bad_persist_folder(tmp_path, capsys) -> None:
    (tmp_path / "streamlit_app.py").write_text("")
    assert main(["serve", str(tmp_path), "--persist", "/dev/shm"]) == 2
    assert "system folder" in capsys.readouterr().err


def test_export_without_an_entry_point(tmp_path, capsys) -> None:
    assert main(["export", str(tmp_path), "-o", str(tmp_path / "site")]) == 2
    assert "no streamlit_app.py" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_serve_page_mounts_the_app_with_live_reload_and_requirements(tmp_path, runtime) -> None:
    folder = tmp_path / "app"
    folder.mkdir()
    (folder / "streamlit_app.py").write_text("import streamlit as st\nimport yaml\nimport humanize\n")
    (folder / "requirements.txt").write_text("streamlit==1.40\nhumanize\n-e .\n")
    app = find_app(folder)
    sources = FakeSources([make_wheel(tmp_path, "humanize", "4.15.0")])
    site = DevSite(app, PypiProxy(tmp_path / "cache"), runtime, ["data"], sources=sources)
    site.live = LiveReload(app, print)
    page = site.page()
    options = mount_options_of(page)
    assert options["files"]["streamlit_app.py"]["url"] == "./_app/streamlit_app.py"
    assert options["packageIndexUrl"] == "./_pypi/simple/"
    # Pinned to what the resolution put in the page's lock; never reinstall the runtime's Streamlit.
    assert options["requirements"] == ["humanize==4.15.0"]
    assert site.packages().lock["packages"]["humanize"]["file_name"] == "humanize-4.15.0-py3-none-any.whl"
    assert options["idbfsMountpoints"] == ["/home/pyodide/data"]
    assert '<script src="./live-reload.js"></script>' in page and "wasmlitLiveReload(app, " in page
    no_reload = DevSite(app, PypiProxy(tmp_path / "cache"), runtime, sources=sources)
    assert "live-reload" not in no_reload.page()
    assert site.wanted_packages() == ["humanize", "pyyaml"]  # yaml is pyyaml, per the lock
