"""The one place that pins what a runtime build contains.

Raising a pin is a one-line change here plus a green `make test`.
"""

PYODIDE_VERSION = "314.0.7"
STREAMLIT_VERSION = "1.67.0"

# Where Pyodide packages we do not vendor (numpy, pandas, ...) are fetched from at run time.
PYODIDE_CDN_URL = f"https://cdn.jsdelivr.net/pyodide/v{PYODIDE_VERSION}/full/"

# The wheel platform tag of this Pyodide build (from its pyodide-lock.json `info.abi_version`).
PYODIDE_PLATFORM = "pyemscripten_2026_0_wasm32"
PYODIDE_PYTHON = "3.14"
