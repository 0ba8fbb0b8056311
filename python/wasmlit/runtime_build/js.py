"""Last step: the TypeScript side (`npm run build:js`, owned by scripts/build-js.mjs).

It writes runtime/wasmlit.js, runtime/worker.js and runtime/frontend/boot.js into the same output
folder, which it learns from the WASMLIT_RUNTIME_DIR environment variable.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from .errors import BuildError
from .paths import BUILD_JS_SCRIPT, REPO_ROOT


def build_js(out_dir: Path) -> None:
    if not BUILD_JS_SCRIPT.exists():
        raise BuildError(
            f"{BUILD_JS_SCRIPT.relative_to(REPO_ROOT)} does not exist, so the JavaScript half "
            "(wasmlit.js, worker.js, frontend/boot.js) cannot be built",
            "restore it from git (git checkout -- scripts/build-js.mjs), or pass --skip-js to build only the Python half",
        )
    npm = shutil.which("npm")
    if npm is None:
        raise BuildError("`npm` is not on PATH", "install Node 20+ with npm")
    env = {**os.environ, "WASMLIT_RUNTIME_DIR": str(out_dir)}
    proc = subprocess.run([npm, "run", "--silent", "build:js"], cwd=REPO_ROOT, env=env)
    if proc.returncode != 0:
        raise BuildError(f"`npm run build:js` failed (exit {proc.returncode})", "see its output above")
