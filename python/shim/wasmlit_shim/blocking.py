"""Run a coroutine to completion from synchronous code.

A few upstream Streamlit APIs are synchronous but may be handed async code: `st.write_stream`
with an async generator (upstream runs it on a private event loop) and a page script with
top-level `await` run by `st.navigation`'s `page.run()`. Upstream can block its script
thread; here the caller runs on the event loop's own thread, so:

- in Pyodide with JSPI (Chromium), `pyodide.ffi.run_sync` suspends the WebAssembly stack
  and lets the worker's event loop run until the coroutine is done;
- on CPython (tests, native tooling), a private event loop runs the coroutine while the
  outer loop is set aside for the duration of the call (the outer loop is paused, as a
  blocking call would pause it);
- in Pyodide without JSPI, a coroutine that never really suspends is stepped by hand;
  one that waits on anything raises a RuntimeError that says why.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

NEEDS_JSPI = (
    "this code awaits something from synchronous Streamlit code (for example an async "
    "generator passed to st.write_stream, or top-level await in a page run by "
    "st.navigation); in the browser that needs WebAssembly JSPI (stack switching), "
    "which this browser does not offer. Use a synchronous generator, or await at the "
    "top level of the main script."
)


def can_suspend() -> bool:
    """Whether Python can suspend here and now (JSPI): the one probe every blocking call
    asks (time.sleep, synchronous HTTP, interrupts, a package loaded while the app runs).
    False on CPython and without JSPI."""
    if sys.platform != "emscripten":
        return False
    try:
        from pyodide.ffi import can_run_sync
    except ImportError:
        return False
    return bool(can_run_sync())


def _step_without_loop(coro: Coroutine[Any, Any, T]) -> T:
    """Drive a coroutine that only ever yields bare `None` (e.g. `asyncio.sleep(0)`)."""
    try:
        while True:
            yielded = coro.send(None)
            if yielded is not None:
                coro.close()
                raise RuntimeError(NEEDS_JSPI)
    except StopIteration as stop:
        return stop.value  # type: ignore[no-any-return]


class BlockingRunner:
    """Runs coroutines to completion, one at a time, from synchronous code.

    One runner keeps one private loop (CPython) so that a sequence of calls on the same
    async generator stays on one loop, as upstream's `async_generator_to_sync` does.
    """

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        if can_suspend():
            from pyodide.ffi import run_sync

            return run_sync(coro)  # type: ignore[no-any-return]
        if sys.platform == "emscripten":
            return _step_without_loop(coro)
        return self._run_on_private_loop(coro)

    def _run_on_private_loop(self, coro: Coroutine[Any, Any, T]) -> T:
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
        outer = asyncio.events._get_running_loop()
        # run_until_complete refuses to start while another loop runs on this thread;
        # set the outer one aside for the duration of the call, then put it back.
        asyncio.events._set_running_loop(None)
        try:
            return self._loop.run_until_complete(coro)
        finally:
            asyncio.events._set_running_loop(outer)

    def close(self) -> None:
        if self._loop is not None and not self._loop.is_closed():
            self._loop.close()
        self._loop = None


def run_blocking(coro: Coroutine[Any, Any, T]) -> T:
    """Run one coroutine to completion from synchronous code."""
    runner = BlockingRunner()
    try:
        return runner.run(coro)
    finally:
        runner.close()


# How often a task waiting for a lock held by a suspended task looks again.
LOCK_POLL_S = 0.005


def acquire_lock(lock: Any, timeout: float = -1) -> bool:
    """`lock.acquire(timeout=timeout)`, safe when the holder is a suspended task.

    Pyodide has one thread: a script suspended by JSPI (in `time.sleep`, or interrupted by
    the page) may hold a `threading.Lock` while another task runs. Blocking on that lock
    would block the only thread, so the holder could never resume to release it. Where
    the caller can suspend too, it waits on the event loop instead; elsewhere (CPython,
    no JSPI) this is a plain `acquire`.
    """
    if lock.acquire(blocking=False):
        return True
    if not can_suspend():
        return bool(lock.acquire(timeout=timeout))
    import time

    from pyodide.ffi import run_sync  # type: ignore[import-not-found]

    deadline = None if timeout < 0 else time.monotonic() + timeout
    while not lock.acquire(blocking=False):
        if deadline is not None and time.monotonic() >= deadline:
            return False
        run_sync(asyncio.sleep(LOCK_POLL_S))
    return True
