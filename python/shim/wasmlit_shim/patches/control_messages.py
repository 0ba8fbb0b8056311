"""Tell the shim each time Streamlit has handled a Stop or rerun message from a frontend.

A busy script can be interrupted by the page (`wasmlit_shim.interrupts`): the page counts
the Stop/rerun BackMsgs it sends, and the interrupted script waits until Streamlit has
handled as many, i.e. until AppSession has recorded the Stop or started the new run.
This patch does the counting on the worker's side.

Replaces `streamlit.runtime.app_session.AppSession.handle_backmsg` by a wrapper that calls
upstream's, then the listeners (for `stop_script` and `rerun_script` messages only).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from wasmlit_shim.patches._upstream import replace_attr, require_function, require_snippets

# The BackMsg kinds the page signals (packages/mountable/src/frame/control-messages.ts).
CONTROL_KINDS = frozenset({"stop_script", "rerun_script"})

_listeners: list[Callable[[], None]] = []


def add_listener(listener: Callable[[], None]) -> None:
    """Call `listener()` after Streamlit handles each Stop or rerun message."""
    _listeners.append(listener)


def remove_listener(listener: Callable[[], None]) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def _counting(handle_backmsg: Callable[[Any, Any], None]) -> Callable[[Any, Any], None]:
    @functools.wraps(handle_backmsg)
    def wrapper(self: Any, msg: Any) -> None:
        try:
            handle_backmsg(self, msg)
        finally:
            if msg.WhichOneof("type") in CONTROL_KINDS:
                for listener in list(_listeners):
                    listener()

    return wrapper


def apply() -> None:
    from streamlit.runtime.app_session import AppSession

    upstream = require_function(AppSession, "handle_backmsg")
    require_snippets(
        upstream,
        ['msg_type = msg.WhichOneof("type")', 'msg_type == "rerun_script"', 'msg_type == "stop_script"'],
    )
    replace_attr(AppSession, "handle_backmsg", _counting(upstream))
