"""A `concurrent.futures.Executor` that runs each task at once, on the caller's thread.

Stands in for the `ThreadPoolExecutor`s some Streamlit code creates (Pyodide cannot start
threads). Work submitted to it runs in submission order before `submit` returns; the
returned future is already done, so `as_completed`, `result()` and `shutdown` all work.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any, TypeVar

T = TypeVar("T")


class InlineExecutor(Executor):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Accepts (and ignores) ThreadPoolExecutor's arguments: max_workers, thread_name_prefix...
        self._shutdown = False

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        if self._shutdown:
            raise RuntimeError("cannot schedule new futures after shutdown")
        future: Future[T] = Future()
        if future.set_running_or_notify_cancel():
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as exc:  # the future carries it, as a pool's would
                future.set_exception(exc)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._shutdown = True
