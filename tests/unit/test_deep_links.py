"""Which URL paths are deep links to an app's pages (served the app's host page)."""

from __future__ import annotations

from pathlib import Path

import pytest
from wasmlit.deep_links import is_page_path


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/second", True),
        ("/Plotting_Demo", True),
        ("/", False),
        ("/index.html", False),
        ("/wasmlit.js", False),
        ("/frontend", False),  # a folder of the site
        ("/a/b", False),
        ("/_app", False),
    ],
)
def test_page_paths(tmp_path: Path, path: str, expected: bool) -> None:
    (tmp_path / "frontend").mkdir()
    assert is_page_path(path, tmp_path) is expected
