"""Where the build reads from and writes to, all relative to the repository root.

The build runs from a source checkout (it needs node_modules/ and the shim's sources), so the
repository root is found from this file's location rather than from the working directory.
"""

from pathlib import Path

# python/wasmlit/runtime_build/paths.py -> the checkout's root is three levels above the package.
REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_OUT_DIR = REPO_ROOT / "python" / "wasmlit" / "runtime"
# Downloaded and precompiled wheels, keyed so that a rebuild needs no network and no Node run.
CACHE_DIR = REPO_ROOT / "build" / "cache"
NODE_MODULES = REPO_ROOT / "node_modules"
NODE_PYODIDE = NODE_MODULES / "pyodide"
SHIM_SOURCE_DIR = REPO_ROOT / "python" / "shim" / "wasmlit_shim"
BUILD_JS_SCRIPT = REPO_ROOT / "scripts" / "build-js.mjs"
