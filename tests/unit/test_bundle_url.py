"""How wasmlit.js finds its own folder when `document.currentScript` is null (loaded with
`<script type="module" src>`): the first script URL of a stack trace, in the formats of
Chromium, Firefox and Safari (packages/mountable/src/bundle-url.ts, run under Node)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BUNDLE_URL_TS = REPO / "packages" / "mountable" / "src" / "bundle-url.ts"
ESBUILD = REPO / "node_modules" / ".bin" / "esbuild"

STACKS = [
    # Chromium: a top-level frame, then a named one
    ("Error\n    at https://cdn.example/wasmlit/wasmlit.js:1:2345\n    at f (https://page.example/app.js:3:4)",
     "https://cdn.example/wasmlit/wasmlit.js"),
    ("Error\n    at Object.<anonymous> (http://127.0.0.1:8000/w/wasmlit.js:12:34)", "http://127.0.0.1:8000/w/wasmlit.js"),
    # Firefox and Safari: function@url:line:column
    ("@https://host:8443/a/b/wasmlit.js:1:5\n", "https://host:8443/a/b/wasmlit.js"),
    ("global code@file:///home/me/site/wasmlit.js:1:99", "file:///home/me/site/wasmlit.js"),
    ("Error\n    at <anonymous>", None),
]  # fmt: skip


@pytest.fixture(scope="module")
def bundle_url_module(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("node") is None or not ESBUILD.exists():
        pytest.fail("needs node and node_modules (npm ci)")
    out = tmp_path_factory.mktemp("bundle-url") / "bundle-url.mjs"
    subprocess.run(
        [str(ESBUILD), str(BUNDLE_URL_TS), "--bundle", "--format=esm", f"--outfile={out}", "--log-level=warning"],
        check=True,
    )
    return out


def test_script_url_from_stack(bundle_url_module: Path) -> None:
    stacks = [stack for stack, _ in STACKS]
    code = (
        f"import {{ scriptUrlFromStack }} from {json.dumps(bundle_url_module.as_uri())};\n"
        f"console.log(JSON.stringify({json.dumps(stacks)}.map(scriptUrlFromStack)));"
    )
    result = subprocess.run(["node", "--input-type=module", "-e", code], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == [expected for _, expected in STACKS]
