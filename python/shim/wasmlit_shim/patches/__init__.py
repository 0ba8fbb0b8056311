"""Boot-time patches that let stock Streamlit run on one thread inside Pyodide.

One module per concern; each names the upstream functions it replaces and checks their
shape first (`_upstream.UpstreamChanged`). `apply_all()` applies them all, once.
"""

from __future__ import annotations

from wasmlit_shim import run_events
from wasmlit_shim.patches import (
    async_generators,
    components_without_pyarrow,
    compute_lock,
    control_messages,
    event_loop,
    file_watchers,
    images_without_pil,
    internals,
    manifest_scan,
    script_context,
    script_runner,
    sleep,
    thread_offload,
    timers,
    top_level_await,
    type_checks,
)
from wasmlit_shim.patches._upstream import UpstreamChanged

__all__ = ["PATCHES", "UpstreamChanged", "apply_all"]

# In application order: the script context before the runner that binds it.
PATCHES = (
    internals,
    script_context,
    script_runner,
    sleep,
    control_messages,
    compute_lock,
    top_level_await,
    event_loop,
    timers,
    manifest_scan,
    file_watchers,
    thread_offload,
    async_generators,
    type_checks,
    images_without_pil,
    components_without_pyarrow,
)

_applied = False


def apply_all() -> None:
    """Apply every patch. Idempotent: later calls do nothing."""
    global _applied
    if _applied:
        return
    for patch in PATCHES:
        patch.apply()
    # The run-event hook is installed here, not when its first listener comes (persistence, a
    # shared worker), so a Streamlit release that moved it fails at every boot, not some.
    run_events.install()
    _applied = True
