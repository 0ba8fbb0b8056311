"""What `pip install wasmlit` users get: the wheel `make dist` builds, installed into a fresh
virtual environment with no Node on PATH and no clone around it, exports an app that renders
in Chromium, and `wasmlit --version` names what it carries."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from shutil import which

import pytest
from playwright.sync_api import Page, expect
from wasmlit.pins import PYODIDE_VERSION, STREAMLIT_VERSION

from .support import REPO, app_frame, write_app

PYPI_LIMIT_BYTES = 100 * 1024 * 1024


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once per session, as `make dist` does: the sdist, then the wheel from it."""
    out = tmp_path_factory.mktemp("dist")
    build = [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(REPO)]
    result = subprocess.run(build, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    (wheel,) = out.glob("wasmlit-*-py3-none-any.whl")
    assert list(out.glob("wasmlit-*.tar.gz")), "make dist writes an sdist too"
    return wheel


@pytest.fixture(scope="session")
def installed(built_wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A fresh venv with the wheel installed; yields the environment to run its `wasmlit` in."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    started = time.perf_counter()
    subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", str(built_wheel)], check=True)
    print(f"pip install of {built_wheel.name} took {time.perf_counter() - started:.1f} s")
    home = tmp_path_factory.mktemp("home")
    # Only the venv on PATH: no node, no npm, no git.
    yield {"PATH": str(venv / "bin"), "HOME": str(home), "LANG": "C.UTF-8"}


def test_the_wheel_fits_on_pypi_and_carries_the_runtime(built_wheel: Path) -> None:
    size = built_wheel.stat().st_size
    print(f"{built_wheel.name}: {size / 1e6:.1f} MB")
    assert size < PYPI_LIMIT_BYTES
    names = set(zipfile.ZipFile(built_wheel).namelist())
    for part in ("wasmlit.js", "wasmlit.mjs", "wasmlit.d.ts", "worker.js", "wasmlit-sw.js", "frontend/index.html"):
        assert f"wasmlit/runtime/{part}" in names, part
    assert f"wasmlit/runtime/pyodide/streamlit-{STREAMLIT_VERSION}-py3-none-any.whl" in names


def test_installed_wheel_exports_an_app_that_renders(
    installed: dict[str, str], page: Page, static_site, tmp_path: Path
) -> None:
    assert which("node", path=installed["PATH"]) is None
    wasmlit = os.path.join(installed["PATH"], "wasmlit")
    version = subprocess.run([wasmlit, "--version"], env=installed, capture_output=True, text=True, check=True)
    assert f"Streamlit {STREAMLIT_VERSION}" in version.stdout
    assert f"Pyodide {PYODIDE_VERSION}" in version.stdout

    app = write_app(tmp_path / "my_app", "import streamlit as st\nst.title('Installed with pip')\n")
    subprocess.run([wasmlit, "export", str(app), "-o", str(tmp_path / "site")], env=installed, check=True, cwd=tmp_path)
    page.goto(static_site(tmp_path / "site"))
    expect(app_frame(page).get_by_role("heading", name="Installed with pip")).to_be_visible()
