"""Streamlit's ScriptRunner runs the script as an asyncio task instead of a thread.

Upstream starts one thread per ScriptRunner and runs the script synchronously in it.
Pyodide has no threads, so the runner's loop becomes a task on the worker's event loop,
and the script's code is awaited, so top-level `await` in the app works and the page keeps
receiving deltas while the script awaits. All other upstream logic (rerun/stop requests
raised as RerunException/StopException at the script's next Streamlit call, widget state,
fragments, error display) is kept verbatim: the two big methods are rewritten from their
own source with a handful of checked edits.

Replaces, on `streamlit.runtime.scriptrunner.script_runner.ScriptRunner`:
- `start`: creates a task (in a fresh context, as a new thread would have) instead of a thread,
  and remembers which runner the task belongs to (`current_script_runner`, used by code that
  blocks in a script: `sleep.py`, `interrupts.py`);
- `_is_in_script_thread`: "is the current task the script task";
- `_install_event_loop`: nothing to install, the running loop is the script's loop;
- `_run_script_thread`: async; binds the ScriptRunContext to the task (ContextVar) and
  never detaches the shared running loop;
- `_run_script`: async; awaits the script's code (compiled with top-level await allowed,
  see `top_level_await.py`) and an async twin of
  `streamlit.runtime.scriptrunner.exec_code.exec_func_with_error_handling`.
"""

from __future__ import annotations

import asyncio
import contextvars
import inspect
import logging
from typing import Any

from wasmlit_shim.patches import script_exit
from wasmlit_shim.patches._upstream import (
    Edit,
    install_code,
    replace_attr,
    require_function,
    require_snippets,
    rewrite_function,
)
from wasmlit_shim.patches.script_context import attach_to_current_task

_LOGGER = logging.getLogger(__name__)


# The ScriptRunner whose task this code runs in. Set in the task's own context at `start`, so
# callbacks and tasks the script starts inherit it too: `current_script_runner` checks the task.
_script_runner_var: contextvars.ContextVar[Any] = contextvars.ContextVar("wasmlit_script_runner", default=None)


def current_script_runner() -> Any | None:
    """The ScriptRunner whose script task is running this code, or None (any other task)."""
    runner = _script_runner_var.get()
    if runner is not None and runner._is_in_script_thread():
        return runner
    return None


def has_pending_request(runner: Any) -> bool:
    """True if a Stop or rerun awaits the runner's next interrupt point (upstream reads the
    request at the script's next `st` call; `_maybe_handle_execution_control_request` raises it)."""
    from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequestType

    return runner._requests._state is not ScriptRequestType.CONTINUE


class _AlreadyDone:
    """An awaitable that finishes at once (what a script without `await` evaluates to)."""

    def __await__(self) -> Any:
        return iter(())


_ALREADY_DONE = _AlreadyDone()


def awaitable_script_result(result: Any) -> Any:
    """The script's coroutine (top-level `await`) itself, or something that awaits to None.

    The rewritten runner runs `await _wasmlit_awaitable_script_result(eval(code, ...))`:
    `exec` would drop the coroutine that code compiled with `ast.PyCF_ALLOW_TOP_LEVEL_AWAIT`
    returns, `eval` hands it back. Evaluating and awaiting in upstream's own frame (no
    helper frame in between) keeps the user's traceback free of wasmlit frames, as
    Streamlit hides only its own package's frames.
    """
    return result if inspect.isawaitable(result) else _ALREADY_DONE


def _log_task_failure(task: asyncio.Task[Any]) -> None:
    # Upstream's thread would print an escaped exception; a task would keep it silently.
    if not task.cancelled() and task.exception() is not None:
        _LOGGER.error("ScriptRunner task failed", exc_info=task.exception())


def start(self: Any) -> None:
    """Start the script loop as an asyncio task. Must be called only once."""
    if self._script_thread is not None:
        raise RuntimeError("ScriptRunner was already started")
    loop = asyncio.get_running_loop()
    # A new thread starts with an empty context; so does this task (it must not inherit
    # the ScriptRunContext of whichever script task triggered the rerun).
    context = contextvars.Context()
    context.run(_script_runner_var.set, self)
    task = context.run(loop.create_task, self._run_script_thread(), name="ScriptRunner.scriptTask")
    task.add_done_callback(_log_task_failure)
    self._script_thread = task  # also keeps a strong reference to the task


def _is_in_script_thread(self: Any) -> bool:
    """True if the caller runs in this runner's script task."""
    task = self._script_thread
    if task is None:
        return False
    try:
        return asyncio.current_task() is task
    except RuntimeError:  # no running loop: certainly not the script task
        return False


def _install_event_loop(self: Any) -> None:
    """The script task runs on the worker's loop already; there is nothing to install."""
    if self._event_loop is None:
        raise RuntimeError("ScriptRunner event loop is no longer available")


def apply() -> None:
    from streamlit.runtime.scriptrunner import exec_code, script_runner

    runner_cls = script_runner.ScriptRunner
    start_fn = require_function(runner_cls, "start")
    is_in_fn = require_function(runner_cls, "_is_in_script_thread")
    install_fn = require_function(runner_cls, "_install_event_loop")
    thread_fn = require_function(runner_cls, "_run_script_thread")
    run_fn = require_function(runner_cls, "_run_script")
    exec_fn = require_function(exec_code, "exec_func_with_error_handling")

    # Check everything first, so a mismatch changes nothing.
    require_snippets(start_fn, ["threading.Thread(", "target=self._run_script_thread", "self._script_thread.start()"])
    require_snippets(is_in_fn, ["self._script_thread == threading.current_thread()"])
    require_snippets(install_fn, ["asyncio.set_event_loop(loop)"])
    # What current_script_runner / has_pending_request read, and what they let callers raise.
    require_snippets(
        require_function(runner_cls, "__init__"),
        ["self._requests = ScriptRequests()", "self._execing = False"],
    )
    require_function(runner_cls, "_maybe_handle_execution_control_request")
    from streamlit.runtime.scriptrunner_utils import script_requests

    require_snippets(
        require_function(script_requests.ScriptRequests, "__init__"),
        ["self._state = ScriptRequestType.CONTINUE"],
    )

    async_exec = rewrite_function(
        exec_fn,
        [
            Edit("def exec_func_with_error_handling(", "async def exec_func_with_error_handling("),
            Edit("result = func()", "result = await func()"),
            *script_exit.EDITS,  # sys.exit() / KeyboardInterrupt end the run with a notice
        ],
        inject=script_exit.INJECT,
    )
    new_thread_fn = rewrite_function(
        thread_fn,
        [
            Edit("def _run_script_thread(self) -> None:", "async def _run_script_thread(self) -> None:"),
            Edit(
                "add_script_run_ctx(threading.current_thread(), ctx)",
                "_wasmlit_attach_to_current_task(ctx)",
            ),
            Edit("self._run_script(request.rerun_data)", "await self._run_script(request.rerun_data)"),
            # The running loop is shared by every session: never detach it.
            Edit("asyncio.set_event_loop(None)", "pass"),
        ],
        inject={"_wasmlit_attach_to_current_task": attach_to_current_task},
    )
    new_run_fn = rewrite_function(
        run_fn,
        [
            Edit(
                "def _run_script(self, rerun_data: RerunData) -> None:",
                "async def _run_script(self, rerun_data: RerunData) -> None:",
            ),
            Edit("def code_to_exec(", "async def code_to_exec("),
            Edit(
                "exec(code, module.__dict__)  # noqa: S102",
                "await _wasmlit_awaitable_script_result(eval(code, module.__dict__))",
            ),
            Edit(
                ") = exec_func_with_error_handling(code_to_exec, ctx)",
                ") = await _wasmlit_exec_func_with_error_handling_async(code_to_exec, ctx)",
            ),
        ],
        inject={
            "_wasmlit_awaitable_script_result": awaitable_script_result,
            "_wasmlit_exec_func_with_error_handling_async": async_exec,
        },
    )

    replace_attr(runner_cls, "start", start)
    replace_attr(runner_cls, "_is_in_script_thread", _is_in_script_thread)
    replace_attr(runner_cls, "_install_event_loop", _install_event_loop)
    install_code(thread_fn, new_thread_fn)
    install_code(run_fn, new_run_fn)
