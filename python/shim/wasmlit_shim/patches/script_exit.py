"""A script that raises SystemExit (`sys.exit(3)`, `exit()`) or KeyboardInterrupt ends its run
cleanly, with a notice in the app saying what it did.

Upstream's `exec_func_with_error_handling` catches `Exception` only: these two derive from
`BaseException` and escape the script runner. On a server that ends the script thread; here
it ended the runner's task, so the app stayed "Running" with greyed-out output until the next
interaction, and nothing said why. The edit below (applied by `script_runner.py` to its async
rewrite of that function) treats them like `st.stop()`: the run ends early, the next rerun
works, and the app shows one warning naming what the script raised.

Edits `streamlit.runtime.scriptrunner.exec_code.exec_func_with_error_handling`.
"""

from __future__ import annotations

import logging

from wasmlit_shim.patches._upstream import Edit

_LOGGER = logging.getLogger(__name__)

# Inserted before upstream's `except Exception as ex:` (the handler of the script's errors).
EDITS = [
    Edit(
        "    except Exception as ex:\n",
        "    except (SystemExit, KeyboardInterrupt) as ex:\n"
        "        premature_stop = True\n"
        "        _wasmlit_report_script_exit(ex)\n"
        "    except Exception as ex:\n",
    ),
]


def describe_exit(error: BaseException) -> str:
    """What the script did, in words for the app's notice."""
    if isinstance(error, KeyboardInterrupt):
        return "The script raised KeyboardInterrupt, so this run ended there. The next rerun runs the script again."
    code = error.code if isinstance(error, SystemExit) else None
    called = "sys.exit()" if code is None else f"sys.exit({code!r})"
    return (
        f"The script called {called}, so this run ended there. A Streamlit app ends each run by "
        "reaching the end of the script (or with st.stop()); the next rerun runs it again."
    )


def report_script_exit(error: BaseException) -> None:
    """Show the notice in the app, unless a Stop or rerun is already waiting (it would be
    raised by the next `st` call here, outside the script's error handling)."""
    import streamlit as st

    from wasmlit_shim.patches.script_runner import current_script_runner, has_pending_request

    _LOGGER.info("script ended early: %r", error)
    runner = current_script_runner()
    if runner is not None and has_pending_request(runner):
        return
    st.warning(describe_exit(error), icon=":material/logout:")


INJECT = {"_wasmlit_report_script_exit": report_script_exit}
