"""What `pip install wasmlit` users get: the wheel `make dist` builds, installed into a fresh
virtual environment with no Node on PATH and no clone around it, exports an app that renders
in Chromium, and `wasmlit --version` names what it carries."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from itertools import takewhile
from pathlib import Path
from shutil import which

import pytest
from playwright.sync_api import Page, expect
from wasmlit.github_pages import plan_workflow
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


def fresh_venv(folder: Path) -> dict[str, str]:
    """A new venv, and an environment with only it on PATH: no node, no npm, no git."""
    subprocess.run([sys.executable, "-m", "venv", str(folder / "venv")], check=True)
    (folder / "home").mkdir()
    return {"PATH": str(folder / "venv" / "bin"), "HOME": str(folder / "home"), "LANG": "C.UTF-8"}


@pytest.fixture(scope="session")
def installed(built_wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A fresh venv with the wheel installed; yields the environment to run its `wasmlit` in."""
    env = fresh_venv(tmp_path_factory.mktemp("installed"))
    started = time.perf_counter()
    subprocess.run(["pip", "install", "--quiet", "--disable-pip-version-check", str(built_wheel)], env=env, check=True)
    print(f"pip install of {built_wheel.name} took {time.perf_counter() - started:.1f} s")
    yield env


def test_the_wheel_fits_on_pypi_and_carries_the_runtime(built_wheel: Path) -> None:
    size = built_wheel.stat().st_size
    print(f"{built_wheel.name}: {size / 1e6:.1f} MB")
    assert size < PYPI_LIMIT_BYTES
    names = set(zipfile.ZipFile(built_wheel).namelist())
    for part in ("wasmlit.js", "wasmlit.mjs", "wasmlit.d.ts", "worker.js", "wasmlit-sw.js", "frontend/index.html"):
        assert f"wasmlit/runtime/{part}" in names, part
    assert f"wasmlit/runtime/pyodide/streamlit-{STREAMLIT_VERSION}-py3-none-any.whl" in names
    # The sharing editor's built folder (python/wasmlit/editor/, from `make build`) comes along too.
    for part in ("index.html", "editor.js", "preview/index.html"):
        assert f"wasmlit/editor/{part}" in names, part


def test_installed_wheel_exports_an_app_that_renders(
    installed: dict[str, str], page: Page, static_site, tmp_path: Path
) -> None:
    assert which("node", path=installed["PATH"]) is None
    wasmlit = which("wasmlit", path=installed["PATH"])
    assert wasmlit is not None
    version = subprocess.run([wasmlit, "--version"], env=installed, capture_output=True, text=True, check=True)
    assert f"Streamlit {STREAMLIT_VERSION}" in version.stdout
    assert f"Pyodide {PYODIDE_VERSION}" in version.stdout

    app = write_app(tmp_path / "my_app", "import streamlit as st\nst.title('Installed with pip')\n")
    subprocess.run([wasmlit, "export", str(app), "-o", str(tmp_path / "site")], env=installed, check=True, cwd=tmp_path)
    page.goto(static_site(tmp_path / "site"))
    expect(app_frame(page).get_by_role("heading", name="Installed with pip")).to_be_visible()
    # The sharing editor's files are in the wheel too: export-editor writes its site.
    subprocess.run([wasmlit, "export-editor", "-o", str(tmp_path / "editor")], env=installed, check=True)
    assert (tmp_path / "editor" / "preview" / "index.html").is_file()


def test_installed_wheel_serves_an_app(installed: dict[str, str], page: Page, tmp_path: Path) -> None:
    wasmlit = which("wasmlit", path=installed["PATH"])
    assert wasmlit is not None
    app = write_app(tmp_path / "served", "import streamlit as st\nst.title('Served from the wheel')\n")
    server = subprocess.Popen(
        [wasmlit, "serve", str(app), "--port", "0", "--no-reload"],
        env=installed,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert server.stdout is not None
        url = next((line.split("URL: ", 1)[1].strip() for line in server.stdout if "URL: " in line), None)
        assert url, f"wasmlit serve exited with {server.poll()} before printing its URL"
        threading.Thread(target=server.stdout.read, daemon=True).start()  # keep the pipe drained
        page.goto(url)
        expect(app_frame(page).get_by_role("heading", name="Served from the wheel")).to_be_visible()
    finally:
        server.terminate()
        server.wait(timeout=10)


def workflow_run_steps(workflow: str) -> list[str]:
    """The shell of each `run:` step of a workflow (one-line or `run: |` block)."""
    steps: list[str] = []
    lines = workflow.splitlines()
    for index, line in enumerate(lines):
        command = line.strip().removeprefix("- ")
        if not command.startswith("run:"):
            continue
        inline = command.removeprefix("run:").strip()
        if inline != "|":
            steps.append(inline)
            continue
        steps.append(indented_block(lines[index + 1 :], len(line) - len(line.lstrip()) + 2))
    return steps


def indented_block(lines: list[str], indent: int) -> str:
    """The leading lines indented by at least `indent` (or blank), with that indent removed."""
    block = takewhile(lambda line: not line.strip() or line[:indent].isspace(), lines)
    return "\n".join(line[indent:] for line in block)


def test_the_pages_workflow_installs_a_wheel_with_pip_and_exports(built_wheel: Path, tmp_path: Path) -> None:
    """The workflow's own shell steps, as GitHub runs them, with WASMLIT_PACKAGE set to a wheel
    file as the README says to until wasmlit is on PyPI."""
    repo = tmp_path / "repo"
    write_app(repo, "import streamlit as st\nst.title('Published')\n")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    workflow = plan_workflow(repo, ["--title", "My app"]).text
    steps = workflow_run_steps(workflow)
    assert len(steps) == 2 and "pip install" in steps[0] and "wasmlit export" in steps[1]
    env = fresh_venv(tmp_path) | {"WASMLIT_PACKAGE": str(built_wheel), "RUNNER_TEMP": str(tmp_path / "runner")}
    for step in steps:
        script = step.replace("${{ steps.pages.outputs.base_path }}", "/repo")
        subprocess.run(["/bin/bash", "-e", "-c", script], env=env, cwd=repo, check=True)
    site = tmp_path / "runner" / "site"
    assert "<title>My app</title>" in (site / "index.html").read_text()
    assert '<base href="/repo/">' in (site / "404.html").read_text()
