"""`st.write_stream` with an async generator runs without a second event loop.

Upstream's `async_generator_to_sync` creates a new event loop and runs it on the script
thread. Here the script runs on the worker's (running) loop, and in Pyodide a new loop
would hijack it; each step of the generator is run by `blocking.BlockingRunner` instead
(JSPI `run_sync` in Chromium, a private loop on CPython).

Replaces: `streamlit.type_util.async_generator_to_sync`.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Generator
from typing import Any

from wasmlit_shim.blocking import BlockingRunner
from wasmlit_shim.patches._upstream import install_code, require_function, require_snippets


def async_generator_to_sync(
    async_gen: AsyncGenerator[Any, Any],
) -> Generator[Any, Any, Any]:
    """Convert an async generator to a synchronous generator."""
    runner = _wasmlit_BlockingRunner()  # type: ignore[name-defined]  # noqa: F821 - injected into streamlit.type_util
    try:
        while True:
            try:
                item = runner.run(anext(async_gen))
            except StopAsyncIteration:
                return
            yield item
    finally:
        runner.close()


def apply() -> None:
    from streamlit import type_util

    upstream = require_function(type_util, "async_generator_to_sync")
    require_snippets(upstream, ["asyncio.new_event_loop()", "loop.run_until_complete(anext(async_gen))"])
    # The replacement's code runs with streamlit.type_util's globals.
    type_util._wasmlit_BlockingRunner = BlockingRunner  # type: ignore[attr-defined]
    install_code(upstream, async_generator_to_sync)
