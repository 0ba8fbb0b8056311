"""Build the offline runtime: Pyodide + vendored wheels + the stock Streamlit frontend.

Run it as `python -m wasmlit.runtime_build [--out DIR]`. The output (default
`python/wasmlit/runtime/`) is what the CLI and the JavaScript loader serve:

    runtime/pyodide/   Pyodide core (from npm), pyodide-lock.json (generated), *.whl (vendored)
    runtime/frontend/  Streamlit's own `static/` with `./boot.js` loaded first in <head>
    runtime/*.js       written by `npm run build:js` (scripts/build-js.mjs) (wasmlit.js, worker.js, frontend/boot.js)

One module per step: `fetch` (PyPI), `slim`, `shim_wheel`, `precompile` (in Pyodide under Node),
`lock`, `pyodide_core`, `frontend`, `js`; `wheelfile` reads and writes wheels; `build` runs them in
order. Every version comes from `wasmlit.pins`.
"""
