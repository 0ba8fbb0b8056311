from pathlib import Path

import pytest
from wasmlit.app_folder import AppNotFound, find_app


def test_folder_with_streamlit_app_py(tmp_path: Path) -> None:
    (tmp_path / "streamlit_app.py").write_text("")
    (tmp_path / "other.py").write_text("")
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "1_page.py").write_text("")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "x.pyc").write_text("")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("")
    app = find_app(tmp_path)
    assert app.entrypoint == "streamlit_app.py"
    assert app.files() == ["streamlit_app.py", "other.py", "pages/1_page.py"]


def test_folder_with_one_python_file(tmp_path: Path) -> None:
    (tmp_path / "dashboard.py").write_text("")
    assert find_app(tmp_path).entrypoint == "dashboard.py"


def test_a_file_brings_its_folder(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("")
    (tmp_path / "data.csv").write_text("")
    app = find_app(tmp_path / "a.py")
    assert app.root == tmp_path.resolve()
    assert app.files() == ["a.py", "data.csv"]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([], "no streamlit_app.py and no other .py file"),
        (["a.py", "b.py"], "several .py files (a.py, b.py)"),
    ],
)
def test_folder_without_a_clear_entry_point(tmp_path: Path, files: list[str], message: str) -> None:
    for name in files:
        (tmp_path / name).write_text("")
    with pytest.raises(AppNotFound, match=message.replace("(", r"\(").replace(")", r"\)")):
        find_app(tmp_path)


def test_missing_path_and_non_python_file(tmp_path: Path) -> None:
    with pytest.raises(AppNotFound, match="no such file or folder"):
        find_app(tmp_path / "nope")
    (tmp_path / "notes.txt").write_text("")
    with pytest.raises(AppNotFound, match="not a Python file"):
        find_app(tmp_path / "notes.txt")


def test_streamlit_settings_ship_but_secrets_and_previous_exports_do_not(tmp_path: Path) -> None:
    (tmp_path / "streamlit_app.py").write_text("")
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "config.toml").write_text("")
    (tmp_path / ".streamlit" / "secrets.toml").write_text("")
    (tmp_path / ".env").write_text("")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "wasmlit-site.json").write_text("{}")
    (tmp_path / "site" / "index.html").write_text("")
    (tmp_path / "sub" / ".streamlit").mkdir(parents=True)
    (tmp_path / "sub" / ".streamlit" / "config.toml").write_text("")
    assert find_app(tmp_path).files() == ["streamlit_app.py", ".streamlit/config.toml"]


def test_several_python_files_suggest_naming_the_entry_point(tmp_path: Path) -> None:
    for name in ("a.py", "b.py"):
        (tmp_path / name).write_text("")
    with pytest.raises(AppNotFound, match=r"name the entry point instead of the folder, e\.g\. .*a\.py"):
        find_app(tmp_path)
