"""`wasmlit export --github-pages`: the workflow file it writes into the app's repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from wasmlit.cli import main
from wasmlit.github_pages import (
    GENERATED_MARK,
    PLACEHOLDER_REPOSITORY,
    WasmlitSource,
    WorkflowError,
    plan_workflow,
    write_workflow,
)

SOURCE = WasmlitSource("https://github.com/example/wasmlit.git", "0123abc", known=True)


def git_repo(folder: Path, branch: str = "trunk") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", branch, str(folder)], check=True)
    return folder


def test_the_workflow_goes_to_the_repository_root_and_exports_the_app_from_there(tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "repo")
    (repo / "apps" / "sales").mkdir(parents=True)
    plan = plan_workflow(repo / "apps" / "sales", ["--title", "Sales & more", "--persist", "data"], SOURCE)
    assert plan.path == repo / ".github" / "workflows" / "wasmlit-pages.yml"
    assert plan.repository_root == repo
    text = plan.text
    assert text.startswith(GENERATED_MARK)
    assert "branches: [trunk]" in text  # the branch the user works on
    assert "WASMLIT_REPOSITORY: https://github.com/example/wasmlit.git\n" in text
    assert "WASMLIT_REF: 0123abc" in text
    assert 'make -C "$RUNNER_TEMP/wasmlit" build' in text  # installed as the README says
    assert "wasmlit\" export apps/sales --title 'Sales & more' --persist data" in text
    assert '--base-url "${{ steps.pages.outputs.base_path }}/"' in text
    for action in ("actions/configure-pages@", "actions/upload-pages-artifact@", "actions/deploy-pages@"):
        assert action in text


def test_an_app_at_the_repository_root_and_an_unknown_wasmlit_source(tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "repo")
    plan = plan_workflow(repo, [], WasmlitSource(PLACEHOLDER_REPOSITORY, "main", known=False))
    assert 'wasmlit" export . \\' in plan.text
    assert f"WASMLIT_REPOSITORY: {PLACEHOLDER_REPOSITORY}  # <- " in plan.text


def test_a_workflow_someone_else_wrote_is_never_overwritten(tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "repo")
    mine = plan_workflow(repo, [], SOURCE)
    write_workflow(mine)
    plan_workflow(repo, ["--title", "again"], SOURCE)  # ours: may be replaced
    mine.path.write_text("name: hand-written\n")
    with pytest.raises(WorkflowError, match="was not written by wasmlit"):
        plan_workflow(repo, [], SOURCE)


def test_the_cli_refuses_before_exporting_when_the_workflow_cannot_be_written(tmp_path: Path, capsys) -> None:
    repo = git_repo(tmp_path / "repo")
    (repo / "streamlit_app.py").write_text("import streamlit as st\n")
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "wasmlit-pages.yml").write_text("name: mine\n")
    assert main(["export", str(repo), "-o", str(tmp_path / "site"), "--github-pages"]) == 2
    assert "was not written by wasmlit" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()
