"""App scripts may use top-level `await`.

Replaces:
- `streamlit.runtime.scriptrunner.script_cache.ScriptCache.get_bytecode`: compiles with
  `ast.PyCF_ALLOW_TOP_LEVEL_AWAIT` (code without `await` compiles exactly as before; code
  with it becomes a coroutine the script task awaits, see `script_runner.py`);
- `streamlit.navigation.page.StreamlitPage.run`: a page script (st.navigation, or a
  `pages/` folder) that uses top-level `await`, or an `async def` page function, is run
  to completion (`blocking.py`) instead of its coroutine being dropped.
"""

from __future__ import annotations

import ast
import inspect
from typing import Any

from wasmlit_shim.blocking import run_blocking
from wasmlit_shim.patches._upstream import Edit, install_code, require_function, rewrite_function


def finish_if_coroutine(result: Any) -> Any:
    """An `async def` page (or a page script with top-level await) runs to completion."""
    if inspect.iscoroutine(result):
        return run_blocking(result)
    return result


def apply() -> None:
    from streamlit.navigation import page
    from streamlit.runtime.scriptrunner import script_cache

    get_bytecode = require_function(script_cache.ScriptCache, "get_bytecode")
    page_run = require_function(page.StreamlitPage, "run")
    new_get_bytecode = rewrite_function(
        get_bytecode,
        [Edit("flags=0,", "flags=_wasmlit_top_level_await_flags,")],
        inject={"_wasmlit_top_level_await_flags": ast.PyCF_ALLOW_TOP_LEVEL_AWAIT},
    )
    new_page_run = rewrite_function(
        page_run,
        [
            # eval (not exec) hands back the coroutine of a page with top-level await; it
            # runs in upstream's frame so user tracebacks stay free of wasmlit frames.
            Edit(
                "exec(code, module.__dict__)  # noqa: S102", "_wasmlit_finish_if_coroutine(eval(code, module.__dict__))"
            ),
            Edit("self._page()", "_wasmlit_finish_if_coroutine(self._page())"),
        ],
        inject={"_wasmlit_finish_if_coroutine": finish_if_coroutine},
    )
    install_code(get_bytecode, new_get_bytecode)
    install_code(page_run, new_page_run)
