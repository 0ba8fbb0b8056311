"""Tell listeners when an app's script run starts and ends.

The worker saves persistent folders (IndexedDB) after every run, and a shared worker sets
each app's folder up just before its script runs. Streamlit reports its script runner's
events to `AppSession._on_scriptrunner_event`, synchronously and from the script's own
task (the "script thread" upstream), so a listener called there runs right before the
script's code, or right after it stopped.

Replaces `streamlit.runtime.app_session.AppSession._on_scriptrunner_event` with a wrapper
that calls the listeners, then upstream. Sessions connect the method when they create a
script runner, so `install()` must run before the first session (AppServer.start does).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Literal

from wasmlit_shim.patches._upstream import is_patched, replace_attr, require_function, require_parameters

_LOGGER = logging.getLogger(__name__)

RunEvent = Literal["started", "finished"]
Listener = Callable[[Any, RunEvent], None]

# Upstream event names -> what listeners hear. A fragment's run ends without a
# SCRIPT_STOPPED event, and may have written files too.
_EVENTS: dict[str, RunEvent] = {
    "SCRIPT_STARTED": "started",
    "SCRIPT_STOPPED_WITH_SUCCESS": "finished",
    "SCRIPT_STOPPED_WITH_COMPILE_ERROR": "finished",
    "SCRIPT_STOPPED_FOR_RERUN": "finished",
    "FRAGMENT_STOPPED_WITH_SUCCESS": "finished",
    "SHUTDOWN": "finished",
}

_listeners: list[Listener] = []


def add_listener(listener: Listener) -> Callable[[], None]:
    """Call `listener(session, "started" | "finished")` on every run; returns its remover."""
    install()
    _listeners.append(listener)

    def remove() -> None:
        if listener in _listeners:
            _listeners.remove(listener)

    return remove


def install() -> None:
    """Wrap `AppSession._on_scriptrunner_event` (once; checks upstream's shape first)."""
    from streamlit.runtime.app_session import AppSession
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunnerEvent

    if is_patched(AppSession._on_scriptrunner_event):
        return
    upstream = require_function(AppSession, "_on_scriptrunner_event")
    require_parameters(
        upstream,
        [
            "self",
            "sender",
            "event",
            "forward_msg",
            "exception",
            "client_state",
            "page_script_hash",
            "fragment_ids_this_run",
            "pages",
            "run_descriptor",
        ],
    )
    missing = [name for name in _EVENTS if not hasattr(ScriptRunnerEvent, name)]
    if missing:
        from wasmlit_shim.patches._upstream import upstream_changed

        raise upstream_changed("streamlit.runtime.scriptrunner.script_runner.ScriptRunnerEvent", f"no {missing}")

    def _on_scriptrunner_event(self: Any, sender: Any, event: Any, *args: Any, **kwargs: Any) -> None:
        kind = _EVENTS.get(getattr(event, "name", ""))
        if kind is not None:
            _notify(self, kind)
        upstream(self, sender, event, *args, **kwargs)

    replace_attr(AppSession, "_on_scriptrunner_event", _on_scriptrunner_event)


def _notify(session: Any, kind: RunEvent) -> None:
    for listener in list(_listeners):
        try:
            listener(session, kind)
        except Exception:  # a listener's failure must never break the app's run
            _LOGGER.exception("wasmlit run-event listener failed")
