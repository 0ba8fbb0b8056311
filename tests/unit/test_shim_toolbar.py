"""No Deploy: `client.toolbarMode` is `viewer` unless the page or the app's config chose one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit import config
from wasmlit_shim.server import load_config


@pytest.fixture
def entrypoint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    script = tmp_path / "streamlit_app.py"
    script.write_text("")
    monkeypatch.chdir(tmp_path)
    yield script
    config.get_config_options(force_reparse=True)


def test_nobody_chose_so_the_toolbar_is_a_viewers(entrypoint: Path) -> None:
    load_config(str(entrypoint), None)
    assert config.get_option("client.toolbarMode") == "viewer"


def test_the_pages_choice_is_kept(entrypoint: Path) -> None:
    load_config(str(entrypoint), {"client.toolbarMode": "developer"})
    assert config.get_option("client.toolbarMode") == "developer"


def test_the_apps_config_toml_choice_is_kept(entrypoint: Path) -> None:
    (entrypoint.parent / ".streamlit").mkdir()
    (entrypoint.parent / ".streamlit" / "config.toml").write_text('[client]\ntoolbarMode = "minimal"\n')
    load_config(str(entrypoint), None)
    assert config.get_option("client.toolbarMode") == "minimal"
