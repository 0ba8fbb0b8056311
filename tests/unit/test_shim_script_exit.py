"""sys.exit() / KeyboardInterrupt in a script: the checked edit applies to the pinned Streamlit,
and the run's exception handler ends the run the way st.stop() does, naming what happened."""

from __future__ import annotations

import asyncio
from typing import Any
from unittest import mock

import pytest
from streamlit.runtime.scriptrunner import exec_code
from wasmlit_shim.patches import script_exit
from wasmlit_shim.patches._upstream import Edit, UpstreamChanged, require_function, rewrite_function


def async_exec_func() -> Any:
    exec_fn = require_function(exec_code, "exec_func_with_error_handling")
    return rewrite_function(
        exec_fn,
        [
            Edit("def exec_func_with_error_handling(", "async def exec_func_with_error_handling("),
            Edit("result = func()", "result = await func()"),
            *script_exit.EDITS,
        ],
        inject=script_exit.INJECT,
    )


@pytest.mark.parametrize("error", [SystemExit(3), KeyboardInterrupt()])
def test_an_exit_ends_the_run_as_a_premature_stop_and_reports_it(error: BaseException) -> None:
    run = async_exec_func()

    async def script() -> None:
        raise error

    with mock.patch.object(script_exit, "report_script_exit") as report:
        run.__globals__["_wasmlit_report_script_exit"] = report
        try:
            result, without_errors, rerun_data, premature_stop, uncaught = asyncio.run(run(script, mock.Mock()))
        finally:
            run.__globals__["_wasmlit_report_script_exit"] = script_exit.report_script_exit
    assert (without_errors, rerun_data, premature_stop, uncaught) == (True, None, True, None)
    report.assert_called_once_with(error)


def test_the_notice_names_what_the_script_did() -> None:
    assert "sys.exit(3)" in script_exit.describe_exit(SystemExit(3))
    assert "sys.exit('bye')" in script_exit.describe_exit(SystemExit("bye"))
    assert "sys.exit()" in script_exit.describe_exit(SystemExit())
    assert "KeyboardInterrupt" in script_exit.describe_exit(KeyboardInterrupt())


def test_the_edit_fails_loudly_when_upstream_changes_shape() -> None:
    exec_fn = require_function(exec_code, "exec_func_with_error_handling")
    with mock.patch.object(script_exit, "EDITS", [Edit("    except SomethingElse as ex:\n", "")]):
        with pytest.raises(UpstreamChanged, match="Streamlit"):
            rewrite_function(exec_fn, script_exit.EDITS)
