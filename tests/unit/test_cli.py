import pytest

from wasmlit.cli import main


def test_serve_without_an_app_is_a_one_line_error(tmp_path, capsys) -> None:
    assert main(["serve", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("wasmlit: error:") and "no such file or folder" in err
    assert "\n" not in err


def test_serve_requires_a_path(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["serve"])
    assert exit_info.value.code == 2
    assert "PATH" in capsys.readouterr().err
