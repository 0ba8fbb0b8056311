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

# Every wheel the runtime build vendors (PyPI name -> exact version), fetched with
# `pip download --no-deps --only-binary=:all:` and shipped next to Pyodide so that booting makes
# no third-party request. All are pure `py3-none-any` wheels; each is the newest release that
# satisfies Streamlit's own requirement range (see its METADATA) at the time it was pinned.
# Raising one is a one-line change; the build refuses anything not listed here.
VENDORED_WHEELS: dict[str, str] = {
    "streamlit": STREAMLIT_VERSION,
    # What `import streamlit` needs (RESEARCH.md): protobuf's pure build, not the C extension.
    "protobuf": "7.36.2",
    "packaging": "26.3",
    "typing-extensions": "4.16.0",
    "click": "8.5.1",
    "starlette": "1.10.0",
    "anyio": "4.16.0",
    # `streamlit.starlette.App` (sessions) and uploads (multipart form parsing).
    "itsdangerous": "2.2.0",
    "python-multipart": "0.0.34",
    # Installing an app's `requirements` at boot, and synchronous HTTP (requests/urllib) in Pyodide.
    "micropip": "0.11.1",
    "pyodide-http": "0.2.2",
}
# Vendored too, but loaded only when an app imports them (in the lock, not in the boot set): HTTP
# clients apps use most, so `requests.get(...)` works offline and in exports instead of coming
# from Pyodide's CDN. urllib3 2.x fetches through JSPI in the browser (sync XHR without it);
# httpx goes through fetch via the shim (wasmlit_shim.sync_http). charset-normalizer is the
# pyemscripten wheel of this ABI (pip prefers it for the Pyodide platform).
ON_DEMAND_WHEELS: dict[str, str] = {
    "requests": "2.34.2",
    "urllib3": "2.8.0",
    "certifi": "2026.10.18",
    "idna": "3.20",
    "charset-normalizer": "3.5.2",
    "httpx": "0.28.1",
    "httpcore": "1.0.9",
    "h11": "0.16.0",
}
# Not vendored on purpose: anyio imports `idna` only to resolve non-ASCII host names for TCP
# connects (none happen in a worker) and `sniffio` only if it is installed (optional since
# anyio 4.x). Both stay reachable through Pyodide's lock if an app installs them.

# The sharing editor's completion (jedi in the preview's Pyodide): `wasmlit editor` and
# `wasmlit export-editor` vendor these pure wheels from PyPI as an export vendors an app's
# packages (vendoring.py), so the preview installs them from its own site, offline too.
EDITOR_WHEELS: dict[str, str] = {
    "jedi": "0.20.1",
    "parso": "0.8.7",
}
