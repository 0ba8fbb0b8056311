"""The `wasmlit` command as a person types it: help that explains, and one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .support import write_app


def wasmlit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wasmlit.cli", *args], capture_output=True, text=True, timeout=120)


def test_help_lists_the_commands_and_their_options() -> None:
    top = wasmlit("--help")
    assert top.returncode == 0
    assert "serve" in top.stdout and "export" in top.stdout and "examples:" in top.stdout
    export = wasmlit("export", "--help")
    for option in ("-o SITE", "--persist PATH", "--title", "--base-url URL", "--github-pages"):
        assert option in export.stdout
    assert "--no-reload" in wasmlit("serve", "--help").stdout


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("missing app", "no such file or folder"),
        ("no entry point", "no streamlit_app.py and no other .py file"),
        ("unwritable output", "cannot write"),
        ("foreign output", "is not empty and was not made by wasmlit export"),
        ("bad persist", "is a system folder"),
        ("bad base url", "--base-url"),
    ],
)
def test_bad_arguments_give_one_line_errors(tmp_path: Path, case: str, expected: str) -> None:
    app = write_app(tmp_path / "app", "import streamlit as st\nst.write('hi')\n")
    (tmp_path / "empty").mkdir()
    (tmp_path / "a-file").write_text("")
    (tmp_path / "foreign").mkdir()
    (tmp_path / "foreign" / "thesis.tex").write_text("precious")
    args = {
        "missing app": [str(tmp_path / "nope"), "-o", str(tmp_path / "site")],
        "no entry point": [str(tmp_path / "empty"), "-o", str(tmp_path / "site")],
        "unwritable output": [str(app), "-o", str(tmp_path / "a-file" / "site")],
        "foreign output": [str(app), "-o", str(tmp_path / "foreign")],
        "bad persist": [str(app), "-o", str(tmp_path / "site"), "--persist", "/lib/python3.14"],
        "bad base url": [str(app), "-o", str(tmp_path / "site"), "--base-url", "my-repo"],
    }[case]
    result = wasmlit("export", *args)
    assert result.returncode != 0
    assert result.stderr.startswith("wasmlit: error:") and expected in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr  # one line, no traceback
    assert (tmp_path / "foreign" / "thesis.tex").read_text() == "precious"
    assert not (tmp_path / "site").exists()


def test_missing_output_option_is_a_usage_error(tmp_path: Path) -> None:
    result = wasmlit("export", str(write_app(tmp_path, "import streamlit\n")))
    assert result.returncode == 2
    assert "-o/--output" in result.stderr
