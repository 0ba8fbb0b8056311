"""Work that servers offload to threads runs inline on the event loop.

Starlette and anyio hand blocking work (file responses, static files, uploads spooled to
disk past 1 MB, `/_stcore/metrics`) to worker threads through `anyio.to_thread.run_sync`
(also behind `starlette.concurrency.run_in_threadpool`), and Streamlit itself awaits
`asyncio.to_thread` in a few handlers. Pyodide has no threads: the call runs inline and
its result is returned, with the caller's context (as `asyncio.to_thread` copies it).
Two pools Streamlit creates for its own work run their tasks inline too.

Replaces:
- `anyio.to_thread.run_sync` and `asyncio.to_thread` (module attributes);
- `streamlit.runtime.parallel_coordinator.ParallelFragmentCoordinator.__init__`
  (`ThreadPoolExecutor(` -> `InlineExecutor(`: parallel fragments run one after another);
- `streamlit.runtime.caching.cache_background_refresh` `_ensure_executor`
  (background cache refreshes run in place).
"""

from __future__ import annotations

import asyncio
import asyncio.threads
import contextvars
from collections.abc import Callable
from typing import Any, TypeVar

from wasmlit_shim.inline_executor import InlineExecutor
from wasmlit_shim.patches._upstream import (
    Edit,
    install_code,
    replace_attr,
    require_function,
    require_parameters,
    rewrite_function,
    upstream_changed,
)

T = TypeVar("T")


async def anyio_run_sync_inline(
    func: Callable[..., T],
    *args: Any,
    abandon_on_cancel: bool = False,
    cancellable: bool | None = None,
    limiter: Any = None,
) -> T:
    """`anyio.to_thread.run_sync`, run on the calling thread."""
    return func(*args)


async def asyncio_to_thread_inline(func: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """`asyncio.to_thread`, run on the calling thread in a copy of the caller's context."""
    return contextvars.copy_context().run(func, *args, **kwargs)


def _find_background_refresh_executor_owner() -> Any:
    from streamlit.runtime.caching import cache_background_refresh

    for value in vars(cache_background_refresh).values():
        if isinstance(value, type) and "_ensure_executor" in vars(value):
            return value
    raise upstream_changed(
        "streamlit.runtime.caching.cache_background_refresh._ensure_executor",
        "no class in the module defines _ensure_executor",
    )


def apply() -> None:
    import anyio.to_thread
    from streamlit.runtime import parallel_coordinator

    run_sync = require_function(anyio.to_thread, "run_sync")
    require_parameters(run_sync, ["func", "args", "abandon_on_cancel", "cancellable", "limiter"])
    to_thread = require_function(asyncio, "to_thread")
    require_parameters(to_thread, ["func", "args", "kwargs"])
    coordinator_init = require_function(parallel_coordinator.ParallelFragmentCoordinator, "__init__")
    refresh_owner = _find_background_refresh_executor_owner()
    ensure_executor = require_function(refresh_owner, "_ensure_executor")

    inject = {"_wasmlit_InlineExecutor": InlineExecutor}
    new_init = rewrite_function(
        coordinator_init,
        [Edit("ThreadPoolExecutor(max_workers=max_workers)", "_wasmlit_InlineExecutor(max_workers=max_workers)")],
        inject,
    )
    new_ensure = rewrite_function(ensure_executor, [Edit("ThreadPoolExecutor(", "_wasmlit_InlineExecutor(")], inject)

    replace_attr(anyio.to_thread, "run_sync", anyio_run_sync_inline)
    replace_attr(asyncio, "to_thread", asyncio_to_thread_inline)
    replace_attr(asyncio.threads, "to_thread", asyncio_to_thread_inline)
    install_code(coordinator_init, new_init)
    install_code(ensure_executor, new_ensure)
