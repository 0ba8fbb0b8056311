"""`wasmlit export --github-pages`: the workflow file it writes into the app's repository.
(tests/e2e/test_wheel_install.py runs its install and export steps against a real wheel.)"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from wasmlit import __version__
from wasmlit.cli import main
from wasmlit.github_pages import GENERATED_MARK, WorkflowError, plan_workflow, write_workflow


def git_repo(folder: Path, branch: str = "trunk") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", branch, str(folder)], check=True)
    return folder


def test_the_workflow_goes_to_the_repository_root_and_exports_the_app_from_there(tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "repo")
    (repo / "apps" / "sales").mkdir(parents=True)
    plan = plan_workflow(repo / "apps" / "sales", ["--title", "Sales & more", "--persist", "data"])
    assert plan.path == repo / ".github" / "workflows" / "wasmlit-pages.yml"
    assert plan.repository_root == repo
    text = plan.text
    assert text.startswith(GENERATED_MARK)
    assert "branches: [trunk]" in text  # the branch the user works on
    assert "wasmlit export apps/sales --title 'Sales & more' --persist data \\\n" in text
    assert '--base-url "${{ steps.pages.outputs.base_path }}/"' in text
    for action in ("actions/configure-pages@", "actions/upload-pages-artifact@", "actions/deploy-pages@"):
        assert action in text


def test_the_workflow_installs_the_wheel_of_the_version_that_wrote_it_with_pip(tmp_path: Path) -> None:
    text = plan_workflow(git_repo(tmp_path / "repo"), []).text
    assert f"  WASMLIT_PACKAGE: wasmlit=={__version__}\n" in text
    assert 'run: python -m pip install "$WASMLIT_PACKAGE"' in text
    assert "wasmlit export . \\\n" in text
    # No clone, no Node, no build, nothing for the user to fill in.
    for absent in ("git clone", "setup-node", "npm", "make ", "OWNER"):
        assert absent not in text, absent
    assert plan_workflow(tmp_path / "repo", [], version="2.3.4").text.count("wasmlit==2.3.4") == 1


def test_a_workflow_someone_else_wrote_is_never_overwritten(tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "repo")
    mine = plan_workflow(repo, [])
    write_workflow(mine)
    plan_workflow(repo, ["--title", "again"])  # ours: may be replaced
    mine.path.write_text("name: hand-written\n")
    with pytest.raises(WorkflowError, match="was not written by wasmlit"):
        plan_workflow(repo, [])


def test_the_cli_refuses_before_exporting_when_the_workflow_cannot_be_written(tmp_path: Path, capsys) -> None:
    repo = git_repo(tmp_path / "repo")
    (repo / "streamlit_app.py").write_text("import streamlit as st\n")
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "wasmlit-pages.yml").write_text("name: mine\n")
    assert main(["export", str(repo), "-o", str(tmp_path / "site"), "--github-pages"]) == 2
    assert "was not written by wasmlit" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()
