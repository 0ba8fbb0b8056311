"""Step 2: drop from the vendored wheels what never runs in the worker.

Every byte of a boot wheel is fetched and unpacked on every cold start, so Streamlit's wheel goes
from 11.2 MB to about 1.8 MB.
"""

from __future__ import annotations

from .wheelfile import WheelFiles

STREAMLIT_DROPPED_DIRS = (
    # The frontend: shipped once, unpacked, as runtime/frontend/ (see `frontend.py`); the worker
    # never serves it (the page loads it directly), so a second copy inside Pyodide is dead weight.
    "streamlit/static/",
    # `streamlit hello`'s demo pages: only reachable from the CLI command, which has no place here.
    "streamlit/hello/",
    # Notes for coding agents shipped in the wheel; not Python, never read at run time.
    "streamlit/.agents/",
)


def is_type_stub(name: str) -> bool:
    # `.pyi` stubs are for type checkers; the interpreter never reads them.
    return name.endswith(".pyi")


def slim_wheel(files: WheelFiles, dropped_dirs: tuple[str, ...] = ()) -> WheelFiles:
    """A copy of `files` without `dropped_dirs` and type stubs (RECORD is rewritten on write)."""
    return {name: data for name, data in files.items() if not name.startswith(dropped_dirs) and not is_type_stub(name)}


def slim_streamlit(files: WheelFiles) -> WheelFiles:
    slimmed = slim_wheel(files, STREAMLIT_DROPPED_DIRS)
    if "streamlit/__init__.py" not in slimmed:
        raise ValueError("slimming removed streamlit/__init__.py: the drop list is wrong")
    return slimmed
