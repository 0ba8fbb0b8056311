"""Delayed spinners and skeletons use the event loop instead of `threading.Timer`.

`st.spinner` and skeleton placeholders show their element only if the block takes longer
than 0.5 s, using a `threading.Timer`. Here the timer is `loop.call_later` on the running
loop: the callback runs in a copy of the script task's context (so it finds the
ScriptRunContext), whenever the script awaits for longer than the delay.

Replaces:
- `streamlit.elements.spinner.SpinnerMixin.spinner` (`threading.Timer(` -> LoopTimer);
- `streamlit.elements.lib.skeleton_placeholder.SkeletonPlaceholder.__enter__` (same).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from wasmlit_shim.patches._upstream import Edit, install_code, require_attr, require_function, rewrite_function


class LoopTimer:
    """`threading.Timer`'s interface (start/cancel/run) on the running event loop.

    `add_script_run_ctx(timer)` may wrap `run`; firing calls `self.run()` so that wrap runs.
    """

    def __init__(
        self,
        interval: float,
        function: Callable[..., Any],
        args: Iterable[Any] | None = None,
        kwargs: Mapping[str, Any] | None = None,
    ) -> None:
        self.interval = interval
        self.function = function
        self.args = list(args or [])
        self.kwargs = dict(kwargs or {})
        self._handle: asyncio.TimerHandle | None = None
        self._cancelled = False

    def start(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # no loop to wait on: the delayed element simply never shows
        self._handle = loop.call_later(self.interval, self._fire)

    def _fire(self) -> None:
        self._handle = None
        if not self._cancelled:
            self.run()

    def run(self) -> None:
        self.function(*self.args, **self.kwargs)

    def cancel(self) -> None:
        self._cancelled = True
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def is_alive(self) -> bool:
        return self._handle is not None


_TIMER = Edit("threading.Timer(", "_wasmlit_LoopTimer(")


def apply() -> None:
    from streamlit.elements import spinner
    from streamlit.elements.lib import skeleton_placeholder

    spinner_fn = require_function(spinner.SpinnerMixin, "spinner", unwrap=True)
    placeholder_cls = require_attr(
        skeleton_placeholder, "SkeletonPlaceholder", "streamlit.elements.lib.skeleton_placeholder.SkeletonPlaceholder"
    )
    enter_fn = require_function(placeholder_cls, "__enter__")
    inject = {"_wasmlit_LoopTimer": LoopTimer}
    new_spinner = rewrite_function(spinner_fn, [_TIMER], inject)
    new_enter = rewrite_function(enter_fn, [_TIMER], inject)
    install_code(spinner_fn, new_spinner)
    install_code(enter_fn, new_enter)
