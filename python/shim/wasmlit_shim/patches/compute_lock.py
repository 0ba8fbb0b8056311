"""A cached function's compute lock is awaited, not blocked on, when its holder is suspended.

`st.cache_data` / `st.cache_resource` compute a missing value under a per-key
`threading.Lock`, so two runs asking for the same value compute it once. On a server the
holder is another thread. Here it is a script task suspended by JSPI (in `time.sleep`, or
interrupted by the page while computing), and a second run asking for the same value
(e.g. the fast rerun a widget change starts) would block the only thread on that lock:
the holder could never resume to release it. `blocking.acquire_lock` waits on the event
loop instead.

Replaces, in `streamlit.runtime.caching.cache_utils._hold_compute_lock`, the two blocking
`lock.acquire` calls (upstream logic kept verbatim).
"""

from __future__ import annotations

from wasmlit_shim.blocking import acquire_lock
from wasmlit_shim.patches._upstream import Edit, install_code, require_function, rewrite_function


def apply() -> None:
    from streamlit.runtime.caching import cache_utils

    hold = require_function(cache_utils, "_hold_compute_lock", unwrap=True)
    rewritten = rewrite_function(
        hold,
        [
            Edit("lock.acquire()", "_wasmlit_acquire_lock(lock)"),
            Edit(
                "lock.acquire(timeout=_COMPUTE_LOCK_POLL_SECONDS)",
                "_wasmlit_acquire_lock(lock, timeout=_COMPUTE_LOCK_POLL_SECONDS)",
            ),
        ],
        inject={"_wasmlit_acquire_lock": acquire_lock},
    )
    install_code(hold, rewritten)
