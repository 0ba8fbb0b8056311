"""Interrupting a busy script (wasmlit_shim.interrupts) and the pieces it relies on, on CPython.

Pyodide's JSPI cannot be had here, so the handler's "pause the script while the event loop
runs" is a fake `suspend` that plays the part of the event loop (it delivers the messages
the page signalled); tests/pyodide/test_jspi.py runs the real thing.
"""

from __future__ import annotations

import asyncio
import json
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from wasmlit_shim import interrupts
from wasmlit_shim.blocking import acquire_lock
from wasmlit_shim.import_hooks import when_imported
from wasmlit_shim.interrupts import Interrupter, in_user_code
from wasmlit_shim.patches import apply_all, control_messages
from wasmlit_shim.patches.sleep import sleep_in_script
from wasmlit_shim.server import AppServer

from .conftest import StreamSession, run, serving, texts

STOP, RERUN, TICK = 12, 10, 14


class FakeMailbox:
    """The page's counters; `deliver()` is what the worker's event loop would do."""

    def __init__(self, signalled: int = 0, received: int = 0) -> None:
        self.signalled_count = signalled
        self.received_count = received
        self.signalled_again: list[int] = []
        self.given_up: list[int] = []

    def signalled(self) -> int:
        return self.signalled_count

    def received(self) -> int:
        return self.received_count

    def mark_received(self) -> None:
        self.received_count += 1

    def give_up_on(self, count: int) -> None:
        self.given_up.append(count)
        self.received_count = max(self.received_count, count)

    def signal_again(self, signum: int) -> None:
        self.signalled_again.append(signum)


class FakeRunner:
    """What the handler uses of a ScriptRunner: its exec flag and its interrupt point."""

    def __init__(self, request: str | None = None) -> None:
        self._execing = True
        self.request = request
        self.checks = 0

    def _maybe_handle_execution_control_request(self) -> None:
        from streamlit.runtime.scriptrunner_utils.exceptions import RerunException, StopException

        self.checks += 1
        if self.request == "stop":
            raise StopException()
        if self.request == "rerun":
            from streamlit.runtime.scriptrunner_utils.script_requests import RerunData

            raise RerunException(RerunData())


def user_frame() -> types.FrameType:
    """A frame of "app code": compiled from a file outside Streamlit and the stdlib."""
    namespace: dict[str, Any] = {"sys": sys}
    exec(compile("def here():\n    return sys._getframe()\n", "/home/pyodide/streamlit_app.py", "exec"), namespace)
    frame: types.FrameType = namespace["here"]()
    return frame


def streamlit_frame() -> types.FrameType:
    """A frame inside Streamlit's own code (a callback Streamlit calls, seen from inside)."""
    import streamlit.util as util

    namespace: dict[str, Any] = {"sys": sys}
    exec(compile("def here():\n    return sys._getframe()\n", util.__file__, "exec"), namespace)
    frame: types.FrameType = namespace["here"]()
    return frame


def interrupter(
    mailbox: FakeMailbox, runner: FakeRunner, *, jspi: bool, on_suspend: Callable[[], None] = lambda: None
) -> Interrupter:
    def suspend(seconds: float) -> bool:
        on_suspend()
        return True

    return Interrupter(mailbox, STOP, suspend=suspend, can_suspend=lambda: jspi, clock=iter(range(1000)).__next__)


@pytest.fixture
def as_script(monkeypatch: pytest.MonkeyPatch) -> Callable[[FakeRunner | None], None]:
    def use(runner: FakeRunner | None) -> None:
        monkeypatch.setattr(interrupts, "current_script_runner", lambda: runner)

    return use


# --- where the script is --------------------------------------------------------------


def test_app_code_is_user_code_and_streamlit_code_is_not() -> None:
    assert in_user_code(user_frame())
    assert not in_user_code(streamlit_frame())
    assert not in_user_code(None)


def test_stdlib_frames_count_as_their_caller() -> None:
    import json as stdlib_json

    namespace: dict[str, Any] = {"sys": sys}
    exec(compile("def inner():\n    return sys._getframe()\n", stdlib_json.__file__, "exec"), namespace)

    def called_from(filename: str) -> types.FrameType:
        code = compile("def outer(inner):\n    return inner()\n", filename, "exec")
        scope: dict[str, Any] = {}
        exec(code, scope)
        frame: types.FrameType = scope["outer"](namespace["inner"])
        return frame

    import streamlit.util as util

    assert in_user_code(called_from("/home/pyodide/streamlit_app.py"))  # json.dumps called by the app
    assert not in_user_code(called_from(util.__file__))  # json.dumps called by Streamlit


# --- the handler ------------------------------------------------------------------------


def test_outside_a_script_the_handler_does_nothing(as_script: Callable[..., None]) -> None:
    as_script(None)
    mailbox = FakeMailbox(signalled=1)
    interrupter(mailbox, FakeRunner("stop"), jspi=True).handle(STOP, user_frame())
    assert mailbox.given_up == [] and mailbox.signalled_again == []


def test_with_jspi_the_script_waits_for_the_signalled_messages_then_stops(as_script: Callable[..., None]) -> None:
    from streamlit.runtime.scriptrunner_utils.exceptions import StopException

    runner = FakeRunner()
    as_script(runner)
    mailbox = FakeMailbox(signalled=2, received=0)

    def event_loop_turn() -> None:
        # While the script is paused the worker reads one queued message per turn.
        if mailbox.received_count < mailbox.signalled_count:
            mailbox.mark_received()
            if mailbox.received_count == 2:
                runner.request = "stop"

    with pytest.raises(StopException):
        interrupter(mailbox, runner, jspi=True, on_suspend=event_loop_turn).handle(STOP, user_frame())
    assert mailbox.received_count == 2 and mailbox.given_up == []


def test_a_tick_in_a_busy_script_pauses_it_and_lets_it_go_on(as_script: Callable[..., None]) -> None:
    runner = FakeRunner()
    as_script(runner)
    turns: list[int] = []
    interrupter(FakeMailbox(), runner, jspi=True, on_suspend=lambda: turns.append(1)).handle(TICK, user_frame())
    assert turns and runner.checks == 1  # paused, then the interrupt point found nothing to do


def test_messages_that_never_arrive_are_given_up_on(as_script: Callable[..., None]) -> None:
    runner = FakeRunner()
    as_script(runner)
    mailbox = FakeMailbox(signalled=3, received=1)
    interrupter(mailbox, runner, jspi=True).handle(RERUN, user_frame())
    assert mailbox.given_up == [3]


def test_inside_streamlit_code_the_handler_never_pauses_or_raises(as_script: Callable[..., None]) -> None:
    runner = FakeRunner("stop")
    as_script(runner)
    mailbox = FakeMailbox(signalled=1)
    paused: list[int] = []
    interrupter(mailbox, runner, jspi=True, on_suspend=lambda: paused.append(1)).handle(STOP, streamlit_frame())
    assert paused == [] and runner.checks == 0
    assert mailbox.signalled_again == [STOP]  # tried again once out of Streamlit's code


def test_without_jspi_stop_raises_at_once(as_script: Callable[..., None]) -> None:
    from streamlit.runtime.scriptrunner_utils.exceptions import StopException

    as_script(FakeRunner())
    with pytest.raises(StopException):
        interrupter(FakeMailbox(signalled=1), FakeRunner(), jspi=False).handle(STOP, user_frame())


def test_without_jspi_a_rerun_or_tick_waits_for_the_script_to_end(as_script: Callable[..., None]) -> None:
    runner = FakeRunner("rerun")
    as_script(runner)
    interrupter(FakeMailbox(signalled=1), runner, jspi=False).handle(RERUN, user_frame())
    interrupter(FakeMailbox(), runner, jspi=False).handle(TICK, user_frame())
    assert runner.checks == 0


def test_a_stale_stop_signal_does_not_stop_the_next_run(as_script: Callable[..., None]) -> None:
    # The Stop was handled before this run began: the signal that arrives now is old news.
    runner = FakeRunner()
    as_script(runner)
    interrupter(FakeMailbox(signalled=1, received=1), runner, jspi=False).handle(STOP, user_frame())
    assert runner.checks == 0


# --- sleeping in a script ----------------------------------------------------------------


class FakeRequests:
    def __init__(self) -> None:
        from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequestType

        self._state = ScriptRequestType.CONTINUE


def test_a_sleeping_script_raises_as_soon_as_stop_arrives() -> None:
    from streamlit.runtime.scriptrunner_utils.exceptions import StopException
    from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequestType

    runner = FakeRunner()
    runner._requests = FakeRequests()  # type: ignore[attr-defined]
    now = [0.0]

    def suspend(seconds: float) -> None:
        now[0] += seconds
        if now[0] >= 0.3:  # Stop arrives 0.3 s into a 60 s sleep
            runner._requests._state = ScriptRequestType.STOP  # type: ignore[attr-defined]
            runner.request = "stop"

    with pytest.raises(StopException):
        sleep_in_script(runner, 60, suspend, clock=lambda: now[0])
    assert now[0] < 1


def test_a_sleep_that_nothing_interrupts_lasts_its_length() -> None:
    runner = FakeRunner()
    runner._requests = FakeRequests()  # type: ignore[attr-defined]
    now = [0.0]

    def suspend(seconds: float) -> None:
        now[0] += seconds

    sleep_in_script(runner, 1.5, suspend, clock=lambda: now[0])
    assert now[0] == pytest.approx(1.5)


# --- Streamlit's side: the current runner, counting control messages -------------------


def test_streamlit_counts_the_stop_and_rerun_messages_it_handles(write_app: Callable[..., str]) -> None:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    app = "import streamlit as st\nst.write('hi')\n"
    handled: list[int] = []

    async def main() -> list[str]:
        listener = lambda: handled.append(1)  # noqa: E731
        control_messages.add_listener(listener)
        server = await AppServer.start(write_app(app))
        try:
            session = StreamSession(server)
            session.rerun()
            await session.wait_for_runs(1)
            heartbeat = BackMsg()
            heartbeat.app_heartbeat = True
            session.send(heartbeat)  # not a control message
            stop = BackMsg()
            stop.stop_script = True
            session.send(stop)
            await asyncio.sleep(0.05)
            return texts(session.messages)
        finally:
            control_messages.remove_listener(listener)
            await server.stop()

    assert "hi" in run(main())
    assert len(handled) == 2  # the rerun and the stop


def test_the_script_task_knows_its_runner(write_app: Callable[..., str], tmp_path: Path) -> None:
    apply_all()
    app = """
import streamlit as st
from wasmlit_shim.patches.script_runner import current_script_runner
runner = current_script_runner()
st.write(f"runner {type(runner).__name__} execing {runner._execing}")
"""

    async def main() -> tuple[list[str], Any]:
        from wasmlit_shim.patches.script_runner import current_script_runner

        async with serving(write_app(app)) as server:
            session = StreamSession(server)
            session.rerun()
            await session.wait_for_runs(1)
            return texts(session.messages), current_script_runner()

    found, outside = run(main())
    assert "runner ScriptRunner execing True" in found
    assert outside is None


# --- small helpers -----------------------------------------------------------------------


def test_acquire_lock_is_a_plain_acquire_on_cpython() -> None:
    import threading

    lock = threading.Lock()
    assert acquire_lock(lock)
    assert not acquire_lock(lock, timeout=0.01)
    lock.release()


def test_when_imported_runs_after_the_module_executes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "wasmlit_probe_module.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    seen: list[int] = []
    when_imported("wasmlit_probe_module", lambda module: seen.append(module.VALUE))
    assert seen == []
    import wasmlit_probe_module  # noqa: F401

    assert seen == [1]
    when_imported("json", lambda module: seen.append(len(module.dumps([]))))  # already imported: at once
    assert seen == [1, len(json.dumps([]))]
    sys.modules.pop("wasmlit_probe_module", None)
