"""What `npm install wasmlit` users get: the tarball `npm pack` makes, installed into a scratch
project (offline from the tarball; React from npm), bundled by esbuild into a page, with the
runtime hosted where `bundleUrl` says. `import { mount }` renders the app; so does
`<StreamlitApp>` from `wasmlit/react`, and unmounting it removes the app and its worker."""

from __future__ import annotations

import json
import os
import subprocess
import tarfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .support import REPO, RUNTIME_DIR, app_frame

PACKAGE_DIR = REPO / "packages" / "wasmlit"
ESBUILD = REPO / "node_modules" / ".bin" / "esbuild"
ROOT_PACKAGE = json.loads((REPO / "package.json").read_text())
REACT_VERSION = ROOT_PACKAGE["devDependencies"]["react"]


@pytest.fixture(scope="session")
def tarball(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pack")
    result = subprocess.run(
        ["npm", "pack", "--json", "--pack-destination", str(out)], cwd=PACKAGE_DIR, capture_output=True, text=True
    )
    if result.returncode != 0:
        pytest.fail(f"npm pack failed:\n{result.stdout}\n{result.stderr}")
    (packed,) = json.loads(result.stdout[result.stdout.index("[") :])
    path = out / packed["filename"]
    print(f"{path.name}: {path.stat().st_size / 1e3:.0f} kB packed, {packed['unpackedSize'] / 1e3:.0f} kB unpacked")
    return path


@pytest.fixture(scope="session")
def scratch_project(tarball: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("scratch")
    (project / "package.json").write_text('{ "name": "scratch", "private": true, "type": "module" }\n')
    install = ["npm", "install", "--no-audit", "--no-fund", "--prefer-offline", str(tarball)]
    install += [f"react@{REACT_VERSION}", f"react-dom@{REACT_VERSION}"]
    result = subprocess.run(install, cwd=project, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"npm install failed:\n{result.stdout}\n{result.stderr}")
    return project


def test_the_tarball_carries_both_builds_types_and_the_react_entry(tarball: Path) -> None:
    with tarfile.open(tarball) as archive:
        names = set(archive.getnames())
    for name in ("wasmlit.mjs", "wasmlit.js", "wasmlit.d.ts", "react.mjs", "react.d.ts"):
        assert f"package/dist/{name}" in names, name
    package = json.loads((PACKAGE_DIR / "package.json").read_text())
    assert package["exports"]["./react"]["default"] == "./dist/react.mjs"
    assert "react" in package["peerDependencies"] and "react" not in package.get("dependencies", {})


def bundled_site(project: Path, site: Path, entry_source: str) -> Path:
    """The page's script bundled by esbuild from the scratch project; the runtime in ./wasmlit/."""
    site.mkdir()
    os.symlink(RUNTIME_DIR, site / "wasmlit")
    entry = project / f"entry-{site.name}.js"
    entry.write_text(entry_source)
    subprocess.run(
        [str(ESBUILD), str(entry), "--bundle", "--format=esm", f"--outfile={site / 'page.js'}", "--log-level=warning"],
        cwd=project,
        check=True,
    )
    (site / "index.html").write_text(
        '<!doctype html><html><head><meta charset="utf-8"><title>Bundled</title></head>'
        '<body><h1>My bundled page</h1><div id="root"></div><script type="module" src="./page.js"></script></body></html>'
    )
    return site


def test_a_page_bundled_from_the_package_mounts_the_app(
    scratch_project: Path, page: Page, static_site, tmp_path: Path
) -> None:
    site = bundled_site(
        scratch_project,
        tmp_path / "mount",
        """import { mount } from "wasmlit";
window.controller = mount(
  { bundleUrl: "./wasmlit/", files: { "streamlit_app.py": "import streamlit as st\\nst.header('Bundled with esbuild')" } },
  document.getElementById("root"),
);
""",
    )
    page.goto(static_site(site))
    expect(app_frame(page).get_by_role("heading", name="Bundled with esbuild")).to_be_visible()


def test_the_react_component_renders_and_unmounts_cleanly(
    scratch_project: Path, page: Page, static_site, tmp_path: Path
) -> None:
    site = bundled_site(
        scratch_project,
        tmp_path / "react",
        """import { createElement, useState } from "react";
import { createRoot } from "react-dom/client";
import { StreamlitApp } from "wasmlit/react";

const files = { "main.py": "import streamlit as st\\nst.header('Rendered by React')" };

function Page() {
  const [shown, setShown] = useState(true);
  return createElement("div", null,
    createElement("button", { onClick: () => setShown(false) }, "Remove the app"),
    shown
      ? createElement(StreamlitApp, { bundleUrl: "./wasmlit/", entrypoint: "main.py", files, style: { minHeight: 200 } })
      : createElement("p", null, "The app is gone"),
  );
}
createRoot(document.getElementById("root")).render(createElement(Page));
""",
    )
    page.goto(static_site(site))
    expect(app_frame(page).get_by_role("heading", name="Rendered by React")).to_be_visible()
    assert len(page.workers) == 1
    worker = page.workers[0]
    with worker.expect_event("close"):
        page.get_by_role("button", name="Remove the app").click()
    expect(page.get_by_text("The app is gone")).to_be_visible()
    expect(page.locator("iframe")).to_have_count(0)
    expect(page.locator(".wasmlit-app")).to_have_count(0)
    assert page.workers == []
