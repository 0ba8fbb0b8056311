"""Run a TypeScript module of packages/ under Node from a Python test, to check a seam
between the two languages with real values from both sides."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ESBUILD = REPO / "node_modules" / ".bin" / "esbuild"


def bundle(source: Path, out_dir: Path) -> Path:
    """`source` bundled by esbuild as one ES module for Node."""
    if shutil.which("node") is None or not ESBUILD.exists():
        pytest.fail("these tests need node and node_modules: run `make build` first")
    out = out_dir / (source.stem + ".mjs")
    subprocess.run(
        [
            str(ESBUILD),
            str(source),
            "--bundle",
            "--format=esm",
            "--platform=node",
            f"--outfile={out}",
            "--log-level=warning",
        ],
        check=True,
    )
    return out


def run_node(module: Path, script: str) -> object:
    """Run `script` with the module's exports as `mod`; it prints one JSON value, returned here."""
    code = f"import * as mod from {json.dumps(module.as_uri())};\n{script}"
    result = subprocess.run(["node", "--input-type=module", "-e", code], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)
