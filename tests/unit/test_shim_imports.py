"""find_third_party_imports: what an app imports, before its first run."""

from __future__ import annotations

from pathlib import Path

from wasmlit_shim.imports import find_third_party_imports


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_entry_point_imports_without_stdlib_streamlit_or_boot_packages(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "app.py": (
                "import os, json\nimport streamlit as st\nimport numpy as np\n"
                "from pandas import DataFrame\nimport matplotlib.pyplot as plt\n"
                "from google.protobuf import message\nimport google.generativeai\n"
                "from starlette.routing import Route\nfrom __future__ import annotations\n"
            )
        },
    )
    assert find_third_party_imports(str(tmp_path), "app.py") == ["google", "matplotlib", "numpy", "pandas"]


def test_local_modules_are_followed_and_not_reported(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "app.py": "import helpers\nfrom lib import charts\nfrom lib.models import Model\n",
            "helpers.py": "import requests\n",
            "lib/__init__.py": "import yaml\n",
            "lib/charts.py": "import altair\nfrom . import themes\nfrom .models import base\n",
            "lib/themes.py": "import toolz\n",
            "lib/models/__init__.py": "",
            "lib/models/base.py": "import pydantic\nfrom .. import themes\n",
            "unused.py": "import should_not_appear\n",
        },
    )
    assert find_third_party_imports(str(tmp_path), "app.py") == ["altair", "pydantic", "requests", "toolz", "yaml"]


def test_pages_are_scanned(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "Home.py": "import streamlit as st\n",
            "pages/1_Plot.py": "import plotly.express as px\n",
            "pages/2_Data.py": "import polars\nimport shared\n",
            "shared.py": "import httpx\n",
        },
    )
    assert find_third_party_imports(str(tmp_path), "Home.py") == ["httpx", "plotly", "polars"]


def test_files_with_syntax_errors_are_skipped(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "app.py": "import scipy\nimport broken\n",
            "broken.py": "import sympy\ndef oops(:\n",
        },
    )
    assert find_third_party_imports(str(tmp_path), "app.py") == ["scipy"]


def test_imports_inside_functions_and_try_blocks_count(tmp_path: Path) -> None:
    write(
        tmp_path,
        {"app.py": "def f():\n    import bokeh\ntry:\n    import ujson\nexcept ImportError:\n    pass\n"},
    )
    assert find_third_party_imports(str(tmp_path), "app.py") == ["bokeh", "ujson"]


def test_absolute_entry_point_path(tmp_path: Path) -> None:
    write(tmp_path, {"app.py": "import faker\n"})
    assert find_third_party_imports(str(tmp_path), str(tmp_path / "app.py")) == ["faker"]
