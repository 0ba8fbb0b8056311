"""AppSession shares the running event loop instead of creating one per session.

Upstream gives each AppSession a private, non-running loop that its script thread
installs (so libraries calling `asyncio.get_event_loop()` on that thread find one). In
Pyodide, `asyncio.new_event_loop()` returns a WebLoop that takes over as the loop of the
only thread and breaks every task already running ("Cannot enter into task ... while
another task ... is being executed"). The script task runs on the running loop, so that
loop is what the session hands to its runners, and it is never closed by a session.

Replaces:
- `streamlit.runtime.app_session.AppSession.__init__` and `._create_scriptrunner`:
  `asyncio.new_event_loop()` becomes the running loop;
- `streamlit.runtime.app_session._close_script_event_loop`: leaves the shared loop alone.
"""

from __future__ import annotations

import asyncio

from wasmlit_shim.patches._upstream import Edit, install_code, require_function, rewrite_function


def shared_event_loop() -> asyncio.AbstractEventLoop:
    return asyncio.get_running_loop()


def is_shared_loop(loop: asyncio.AbstractEventLoop) -> bool:
    return loop is asyncio.events._get_running_loop()


def apply() -> None:
    from streamlit.runtime import app_session

    init = require_function(app_session.AppSession, "__init__")
    create_runner = require_function(app_session.AppSession, "_create_scriptrunner")
    close_loop = require_function(app_session, "_close_script_event_loop")
    new_loop = Edit("asyncio.new_event_loop()", "_wasmlit_shared_event_loop()")
    inject = {"_wasmlit_shared_event_loop": shared_event_loop, "_wasmlit_is_shared_loop": is_shared_loop}
    new_init = rewrite_function(init, [new_loop], inject)
    new_create_runner = rewrite_function(create_runner, [new_loop], inject)
    new_close_loop = rewrite_function(
        close_loop,
        [
            Edit(
                "if loop.is_closed():\n        return",
                "if loop.is_closed() or _wasmlit_is_shared_loop(loop):\n        return",
            )
        ],
        inject,
    )
    install_code(init, new_init)
    install_code(create_runner, new_create_runner)
    install_code(close_loop, new_close_loop)
