"""wasmlit's runtime shim: stock Streamlit running inside Pyodide, served in-process.

`server.AppServer` is the one entry point the worker uses: it applies the patches in
`patches/`, builds Streamlit's own Starlette app (`streamlit.starlette.App`) and drives it
through the in-process ASGI driver in `asgi.py`. Nothing here starts a thread: Pyodide has
none, so everything runs as asyncio tasks on the worker's single event loop.
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
