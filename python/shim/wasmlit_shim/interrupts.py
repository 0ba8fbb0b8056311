"""A script that never yields still shows its output and obeys Stop and widget changes.

The worker has one thread. On a server the script has a thread of its own, while the
event loop sends its output and reads the frontend's messages; here a busy script
(`while True: pass`, a long pure-Python computation) never returns to the event loop, so
its output stays queued and a Stop or widget change waits unread in the worker's message
queue.

On a cross-origin-isolated page the page shares a SharedArrayBuffer with the worker and
writes a signal number into it (packages/kernel/src/control-buffer.ts): after each Stop
or rerun the frontend sends, and as a "tick" every 100 ms. Pyodide polls it between
bytecodes (`pyodide.setInterruptBuffer`) and Python calls `Interrupter.handle` wherever it
is. The handler acts only in a running script, in the script's own code (never inside
Streamlit's, which may hold locks); elsewhere the event loop is free or soon will be.

With JSPI it suspends the script (`run_sync`), the way a server's thread scheduler would
pause it: the event loop sends the queued output and reads the queued messages, and if
Stop or rerun messages were signalled it waits until Streamlit has handled them (the page
counts what it signals, the shim what Streamlit handled: `ControlMailbox`). Then it raises
what the script's next `st` call would raise (`_maybe_handle_execution_control_request`):
StopException, or RerunException; with fast reruns a widget change has already started
the new run, and the old one stops.

Without JSPI nothing can be read until the script ends: Stop still stops the script
(StopException), and queued widget changes apply once it has ended.
"""

from __future__ import annotations

import os
import signal
import sys
import sysconfig
import time
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from wasmlit_shim.blocking import can_suspend
from wasmlit_shim.patches import control_messages
from wasmlit_shim.patches.script_runner import current_script_runner

# How long a script waits for signalled messages to be handled before giving up on them
# (their page may have gone away with messages still queued).
WAIT_LIMIT_S = 2.0
POLL_S = 0.002
# Event-loop turns a paused script gives: enough for a queued delta to reach the page
# (runner event -> session -> WebSocket send) and for queued messages to be read.
LOOP_TURNS = 4


class ControlMailbox(Protocol):
    """The control messages (Stop, rerun) as both sides count them (bridge.py implements
    it on the SharedArrayBuffer the page writes)."""

    def signalled(self) -> int:
        """How many control messages the page has sent and signalled."""
        ...

    def received(self) -> int:
        """How many of them Streamlit has handled so far."""
        ...

    def mark_received(self) -> None:
        """Streamlit has handled one more."""
        ...

    def give_up_on(self, count: int) -> None:
        """Count the messages up to `count` as handled: they will never arrive."""
        ...

    def signal_again(self, signum: int) -> None:
        """Have Python call the handler again, a few bytecodes later."""
        ...


# --- where the script is: its own code, or Streamlit's ---------------------------------


def _directory_of(module_name: str) -> str | None:
    module = sys.modules.get(module_name)
    file = getattr(module, "__file__", None)
    return os.path.dirname(file) + os.sep if file else None


def framework_dirs() -> tuple[str, ...]:
    """Code the handler never pauses or raises in: Streamlit, the shim, protobuf (its messages)."""
    found = (_directory_of(name) for name in ("streamlit", "wasmlit_shim", "google.protobuf"))
    return tuple(directory for directory in found if directory)


def _as_dir(path: str) -> str:
    return path.rstrip(os.sep) + os.sep


# Pyodide imports the standard library from /lib/python314.zip, not sysconfig's /lib/python3.14.
_STDLIB_DIRS = tuple({_as_dir(sysconfig.get_paths()["stdlib"]), _as_dir(os.path.dirname(os.__file__))})
_SITE_DIRS = tuple({_as_dir(sysconfig.get_paths()[key]) for key in ("purelib", "platlib")})


def _is_stdlib(filename: str) -> bool:
    return filename.startswith("<frozen ") or (
        filename.startswith(_STDLIB_DIRS) and not filename.startswith(_SITE_DIRS)
    )


def in_user_code(frame: types.FrameType | None, framework: tuple[str, ...] | None = None) -> bool:
    """True if the innermost code that is not the standard library is the app's (or a
    library it called), False if it is Streamlit's (or nothing is known).

    `while True: pass` in the script, in a page, in a cached function or in a package the
    app calls is user code; so is `json.dumps` called by the app. `st.write` internals,
    and `json.dumps` called by them, are Streamlit's.
    """
    framework = framework_dirs() if framework is None else framework
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.startswith(framework):
            return False
        if not _is_stdlib(filename):
            return True
        frame = frame.f_back
    return False


# --- the handler ------------------------------------------------------------------------


@dataclass
class Interrupter:
    """Handles the page's signals in a running script (see the module docstring)."""

    mailbox: ControlMailbox
    stop_signal: int
    # Waits this long (seconds) while the event loop runs (JSPI `run_sync` in Pyodide);
    # False if the stack cannot be suspended here.
    suspend: Callable[[float], bool]
    can_suspend: Callable[[], bool]
    clock: Callable[[], float] = time.monotonic

    def handle(self, signum: int, frame: types.FrameType | None) -> None:
        runner = current_script_runner()
        if runner is None or not runner._execing:
            return  # no script is busy: the event loop runs anyway
        unread = self.mailbox.signalled() - self.mailbox.received()
        if not in_user_code(frame):
            if unread > 0:
                self.mailbox.signal_again(signum)  # once out of Streamlit's code
            return
        if self.can_suspend():
            self._pause(runner)
        elif signum == self.stop_signal and unread > 0:
            from streamlit.runtime.scriptrunner_utils.exceptions import StopException

            raise StopException()

    def _pause(self, runner: Any) -> None:
        """Let the event loop send queued output, read queued messages and have Streamlit
        handle the signalled ones; then raise what the next `st` call would raise."""
        target = self.mailbox.signalled()
        for _ in range(LOOP_TURNS):
            if not self.suspend(0):
                return  # e.g. Python called from JavaScript: cannot pause here, the next tick will
        deadline = self.clock() + WAIT_LIMIT_S
        while self.mailbox.received() < target:
            if self.clock() >= deadline:
                self.mailbox.give_up_on(target)
                break
            self.suspend(POLL_S)
        runner._maybe_handle_execution_control_request()


def _suspend_with_jspi(seconds: float) -> bool:
    import asyncio

    from pyodide.ffi import run_sync  # type: ignore[import-not-found]

    pause = asyncio.sleep(seconds)
    try:
        run_sync(pause)
    except RuntimeError:
        # JSPI cannot suspend through a JavaScript frame (Python called back from JavaScript).
        pause.close()
        return False
    return True


def install(mailbox: ControlMailbox, signals: dict[str, int]) -> Interrupter:
    """Handle the page's signals from now on (Pyodide only). `signals` maps "stop",
    "rerun" and "tick" to their signal numbers."""
    interrupter = Interrupter(mailbox, signals["stop"], suspend=_suspend_with_jspi, can_suspend=can_suspend)
    control_messages.add_listener(mailbox.mark_received)
    for signum in set(signals.values()):
        signal.signal(signum, interrupter.handle)
    return interrupter
