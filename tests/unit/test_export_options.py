"""What an export (and `wasmlit serve`) reads from the app and the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from wasmlit.app_folder import AppFolder
from wasmlit.export import ExportError, normalize_base_url
from wasmlit.mount_options import InvalidPersistPath, mount_options, persist_folder
from wasmlit.requirements_file import read_requirements


def test_requirements_are_read_as_pip_reads_them(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text(
        "# data tools\n"
        "humanize>=4  # comment\n"
        "tabulate \\\n  ==0.9.0\n"
        "pywin32; sys_platform == 'win32'\n"
        "-r more.txt\n"
        "--index-url https://example.org/simple\n"
        "-e .\n"
        "./local/path\n"
        "pkg @ https://example.org/pkg-1.0-py3-none-any.whl\n"
    )
    (tmp_path / "more.txt").write_text("attrs\n-r requirements.txt\n")  # an include cycle is harmless
    found = read_requirements(tmp_path / "requirements.txt")
    assert [str(r) for r in found.requirements] == ["humanize>=4", "tabulate==0.9.0", "attrs"]
    assert [line for line, _ in found.ignored] == [
        "--index-url https://example.org/simple",
        "-e .",
        "./local/path",
        "pkg @ https://example.org/pkg-1.0-py3-none-any.whl",
    ]


def test_no_requirements_file_means_no_requirements(tmp_path: Path) -> None:
    found = read_requirements(tmp_path / "requirements.txt")
    assert found.requirements == [] and found.ignored == []


@pytest.mark.parametrize(
    ("given", "folder"),
    [
        ("data", "/home/pyodide/data"),
        ("./data/", "/home/pyodide/data"),
        ("/mnt/data", "/mnt/data"),
        ("//mnt//data", "/mnt/data"),
        ("/home/pyodide/cache", "/home/pyodide/cache"),
    ],
)
def test_persist_folders(given: str, folder: str) -> None:
    assert persist_folder(given) == folder


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ("", "needs a folder"),
        ("../elsewhere", "'..' is not allowed"),
        ("/", "holds the app's own files"),
        ("/home", "holds the app's own files"),
        ("/home/pyodide", "holds the app's own files"),
        (".", "holds the app's own files"),
        ("/lib/python3.14/site-packages", "system folder"),
        ("/dev", "system folder"),
    ],
)
def test_persist_folders_that_cannot_work(given: str, problem: str) -> None:
    with pytest.raises(InvalidPersistPath, match=problem):
        persist_folder(given)


def test_mount_options_quote_file_urls_and_pass_persistence_through(tmp_path: Path) -> None:
    (tmp_path / "streamlit_app.py").write_text("")
    (tmp_path / "my data#1.csv").write_text("")
    options = mount_options(
        AppFolder(tmp_path, "streamlit_app.py"),
        files_url="./app/",
        requirements=[],
        persist=["data", "/mnt/cache"],
        package_index_url="./simple/",
    )
    assert options["files"] == {
        "streamlit_app.py": {"url": "./app/streamlit_app.py"},
        "my data#1.csv": {"url": "./app/my%20data%231.csv"},
    }
    assert options["idbfsMountpoints"] == ["/home/pyodide/data", "/mnt/cache"]
    assert "requirements" not in options


@pytest.mark.parametrize(
    ("given", "base"),
    [("/repo", "/repo/"), ("/", "/"), ("https://me.github.io/repo/", "https://me.github.io/repo/")],
)
def test_base_urls(given: str, base: str) -> None:
    assert normalize_base_url(given) == base


@pytest.mark.parametrize("given", ["repo", "ftp://host/x/", "https:///x", "/repo/?x=1"])
def test_base_urls_that_are_not_site_urls(given: str) -> None:
    with pytest.raises(ExportError, match="--base-url"):
        normalize_base_url(given)
