"""`time.sleep` in a script waits without blocking the worker, and ends early for Stop.

Pyodide already makes `time.sleep` suspend the WebAssembly stack when JSPI is available
(`pyodide.webloop._sleep` runs `run_sync(asyncio.sleep(t))`), and a script task may
suspend (Pyodide runs event-loop callbacks as "promising" calls). So while a script
sleeps, the worker keeps serving the page: the output before the sleep is on screen and
widget changes are read at once (with fast reruns, the new run starts while the old one
sleeps, as on a server).

Upstream only acts on Stop at the script's next `st` call, so a script in
`time.sleep(60)` would show "Stopping…" for a minute. Here a sleeping script checks
every `POLL_S` whether a Stop or rerun awaits its runner, and if so raises what its
next `st` call would raise (StopException / RerunException), straight away.

Without JSPI (browsers other than Chromium's) a sleep can only block the worker: the page
cannot update until the script ends. It still sleeps, and the page says why, once.

Replaces `time.sleep` in Pyodide only (CPython keeps its own): in a script task with
JSPI available, the sleep above; anywhere else, the `time.sleep` it replaced.
"""

from __future__ import annotations

import asyncio
import functools
import sys
import time
from collections.abc import Callable
from typing import Any

from wasmlit_shim import page_notices
from wasmlit_shim.blocking import can_suspend
from wasmlit_shim.patches._upstream import ORIGINAL_ATTR
from wasmlit_shim.patches.script_runner import current_script_runner, has_pending_request

# How often a sleeping script looks for a Stop or rerun: the delay a person may notice.
POLL_S = 0.05

Suspend = Callable[[float], None]

NO_JSPI = "time.sleep() blocks this app: this browser cannot pause Python without freezing the page."
NO_JSPI_DETAIL = (
    "Pausing a script while the page stays live needs WebAssembly JSPI (stack switching), which "
    "Chromium-based browsers (Chrome, Edge) have and this one does not. While the script sleeps, "
    "nothing it wrote before the sleep appears and Stop waits for it. At the top level of the "
    "script, `await asyncio.sleep(seconds)` pauses without blocking in every browser."
)


def sleep_in_script(runner: Any, seconds: float, suspend: Suspend, clock: Callable[[], float] = time.monotonic) -> None:
    """Sleep `seconds` in `runner`'s script task, raising at once if a Stop or rerun arrives.

    `suspend(s)` waits `s` seconds while the event loop runs (JSPI `run_sync` in Pyodide).
    """
    deadline = clock() + seconds
    while (remaining := deadline - clock()) > 0:
        suspend(min(POLL_S, remaining))
        if has_pending_request(runner):
            # Raises StopException, or RerunException for a rerun that preempts this run.
            runner._maybe_handle_execution_control_request()
            # A fragment rerun waits for this run to end: finish the sleep undisturbed.
            rest = deadline - clock()
            if rest > 0:
                suspend(rest)
            return


def _suspend_with_jspi(seconds: float) -> None:
    from pyodide.ffi import run_sync  # type: ignore[import-not-found]

    run_sync(asyncio.sleep(seconds))


def interruptible(previous: Callable[[float], None]) -> Callable[[float], None]:
    @functools.wraps(previous)
    def sleep(seconds: float, /) -> None:
        runner = current_script_runner()
        if runner is None or seconds <= 0:
            previous(seconds)
            return
        if not can_suspend():
            page_notices.show_once("time.sleep without JSPI", NO_JSPI, NO_JSPI_DETAIL)
            previous(seconds)
            return
        sleep_in_script(runner, float(seconds), _suspend_with_jspi)

    setattr(sleep, ORIGINAL_ATTR, previous)
    return sleep


def apply() -> None:
    # The runner's parts used here are shape-checked by the script_runner patch.
    if sys.platform != "emscripten" or hasattr(time.sleep, ORIGINAL_ATTR):
        return
    time.sleep = interruptible(time.sleep)
