"""The current ScriptRunContext travels in a ContextVar, not on a thread.

Upstream keeps the ScriptRunContext as an attribute of the script thread and
`get_script_run_ctx` reads `threading.current_thread()`. Here every script run is an
asyncio task on the one thread Pyodide has, so a thread attribute would be shared by every
session. A ContextVar is per task (a task copies the context it was created in), so each
script task sees its own context, and code outside any script sees none.

Replaces: `streamlit.runtime.scriptrunner_utils.script_run_context.get_script_run_ctx`
(the ContextVar is consulted first, then upstream's thread attribute as before).
"""

from __future__ import annotations

import contextvars
from typing import TYPE_CHECKING

from wasmlit_shim.patches._upstream import Edit, install_code, require_function, require_snippets, rewrite_function

if TYPE_CHECKING:
    from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext

# The script run context of the script task this code runs in (None outside one).
script_run_ctx_var: contextvars.ContextVar[ScriptRunContext | None] = contextvars.ContextVar(
    "wasmlit_script_run_ctx", default=None
)

_THREAD_LOOKUP = "ctx: ScriptRunContext | None = getattr(thread, SCRIPT_RUN_CONTEXT_ATTR_NAME, None)"
# What upstream's add_script_run_ctx does when a script thread attaches its own context.
_SELF_ATTACH = "ThreadState.initialize(\n            active_script_hash=ctx.pages_manager.main_script_hash,\n        )"


def attach_to_current_task(ctx: ScriptRunContext) -> None:
    """Make `ctx` the script run context of the running task.

    Stands in for upstream's `add_script_run_ctx(threading.current_thread(), ctx)` as
    called by the script thread on itself: bind the context, then seed the fragment
    ThreadState exactly as upstream's self-attach branch does.
    """
    from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState

    script_run_ctx_var.set(ctx)
    ThreadState.initialize(active_script_hash=ctx.pages_manager.main_script_hash)


def apply() -> None:
    from streamlit.runtime.scriptrunner_utils import script_run_context as module

    get_ctx = require_function(module, "get_script_run_ctx")
    add_ctx = require_function(module, "add_script_run_ctx")
    require_snippets(add_ctx, [_SELF_ATTACH])
    require_function(module.ThreadState, "initialize")
    rewritten = rewrite_function(
        get_ctx,
        [Edit(_THREAD_LOOKUP, _THREAD_LOOKUP.replace("= getattr(", "= _wasmlit_script_run_ctx_var.get() or getattr("))],
        inject={"_wasmlit_script_run_ctx_var": script_run_ctx_var},
    )
    install_code(get_ctx, rewritten)
