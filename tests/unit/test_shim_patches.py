"""The patches: shape checks fail loudly, application is idempotent, helpers behave."""

from __future__ import annotations

import asyncio
import inspect
import re
import types
from collections.abc import Callable
from typing import Any

import pytest
import streamlit
from wasmlit_shim.patches import (
    PATCHES,
    UpstreamChanged,
    apply_all,
    async_generators,
    components_without_pyarrow,
    compute_lock,
    control_messages,
    event_loop,
    file_watchers,
    images_without_pil,
    internals,
    manifest_scan,
    script_context,
    script_runner,
    thread_offload,
    timers,
    top_level_await,
    type_checks,
)
from wasmlit_shim.patches._upstream import ORIGINAL_ATTR

# Every shape failure names the Streamlit version it found, so a bump says where it broke.
VERSION = re.escape(f"Streamlit {streamlit.__version__}")


def fake_function(*args: Any, **kwargs: Any) -> None:
    """Stands in for an upstream function whose source changed shape."""
    return None


def fake_method(self: Any, *args: Any, **kwargs: Any) -> None:
    return None


def _module(path: str) -> types.ModuleType:
    import importlib

    return importlib.import_module(path)


# (patch module, owner import path, optional class name, attribute, replacement)
SHAPE_CASES: list[tuple[types.ModuleType, str, str | None, str, Callable[..., Any]]] = [
    (
        script_context,
        "streamlit.runtime.scriptrunner_utils.script_run_context",
        None,
        "get_script_run_ctx",
        fake_function,
    ),
    (
        script_context,
        "streamlit.runtime.scriptrunner_utils.script_run_context",
        None,
        "add_script_run_ctx",
        fake_function,
    ),
    (script_runner, "streamlit.runtime.scriptrunner.script_runner", "ScriptRunner", "start", fake_method),
    (
        script_runner,
        "streamlit.runtime.scriptrunner.script_runner",
        "ScriptRunner",
        "_is_in_script_thread",
        fake_method,
    ),
    (script_runner, "streamlit.runtime.scriptrunner.script_runner", "ScriptRunner", "_install_event_loop", fake_method),
    (script_runner, "streamlit.runtime.scriptrunner.script_runner", "ScriptRunner", "_run_script_thread", fake_method),
    (script_runner, "streamlit.runtime.scriptrunner.script_runner", "ScriptRunner", "_run_script", fake_method),
    (script_runner, "streamlit.runtime.scriptrunner.exec_code", None, "exec_func_with_error_handling", fake_function),
    (top_level_await, "streamlit.runtime.scriptrunner.script_cache", "ScriptCache", "get_bytecode", fake_method),
    (top_level_await, "streamlit.navigation.page", "StreamlitPage", "run", fake_method),
    (event_loop, "streamlit.runtime.app_session", "AppSession", "__init__", fake_method),
    (event_loop, "streamlit.runtime.app_session", "AppSession", "_create_scriptrunner", fake_method),
    (event_loop, "streamlit.runtime.app_session", None, "_close_script_event_loop", fake_function),
    (timers, "streamlit.elements.lib.skeleton_placeholder", "SkeletonPlaceholder", "__enter__", fake_method),
    (manifest_scan, "streamlit.components.v2.manifest_scanner", None, "scan_component_manifests", fake_function),
    (file_watchers, "streamlit.watcher.path_watcher", None, "_watch_path", fake_function),
    (thread_offload, "anyio.to_thread", None, "run_sync", fake_function),
    (thread_offload, "asyncio", None, "to_thread", fake_method),
    (thread_offload, "streamlit.runtime.parallel_coordinator", "ParallelFragmentCoordinator", "__init__", fake_method),
    (async_generators, "streamlit.type_util", None, "async_generator_to_sync", fake_function),
    (type_checks, "streamlit.dataframe_util", None, "determine_data_format", fake_function),
    (type_checks, "streamlit.dataframe_util", None, "_is_list_of_scalars", fake_function),
    (type_checks, "streamlit.elements.image", None, "_is_image_list", fake_function),
    (type_checks, "streamlit.elements.lib.image_utils", None, "marshall_images", fake_function),
    (type_checks, "streamlit.elements.lib.image_utils", None, "image_to_url", fake_function),
    (type_checks, "streamlit.elements.table", None, "_compute_hide_index", fake_function),
    (control_messages, "streamlit.runtime.app_session", "AppSession", "handle_backmsg", fake_method),
    (compute_lock, "streamlit.runtime.caching.cache_utils", None, "_hold_compute_lock", fake_function),
    (images_without_pil, "streamlit.elements.lib.image_utils", None, "_validate_image_format_string", fake_function),
    (images_without_pil, "streamlit.elements.lib.image_utils", None, "_ensure_image_size_and_format", fake_function),
    (
        components_without_pyarrow,
        "streamlit.components.v1.custom_component",
        "CustomComponent",
        "create_instance",
        fake_method,
    ),
    (internals, "streamlit.runtime", "Runtime", "__init__", fake_method),
    (internals, "streamlit.runtime.app_session", "AppSession", "__init__", fake_method),
    (internals, "streamlit.starlette", "App", "__init__", fake_method),
]


@pytest.mark.parametrize(
    ("patch", "module_path", "class_name", "attribute", "replacement"),
    SHAPE_CASES,
    ids=[
        f"{case[0].__name__.rsplit('.', 1)[-1]}:{case[2] or case[1].rsplit('.', 1)[-1]}.{case[3]}"
        for case in SHAPE_CASES
    ],
)
def test_shape_check_names_function_and_version(
    monkeypatch: pytest.MonkeyPatch,
    patch: types.ModuleType,
    module_path: str,
    class_name: str | None,
    attribute: str,
    replacement: Callable[..., Any],
) -> None:
    owner: Any = _module(module_path)
    if class_name:
        owner = getattr(owner, class_name)
    # A fresh copy of the fake each time, so no earlier patching marks it as done.
    fake = types.FunctionType(replacement.__code__, replacement.__globals__, attribute)
    monkeypatch.setattr(owner, attribute, fake)
    with pytest.raises(UpstreamChanged) as raised:
        patch.apply()
    message = str(raised.value)
    assert streamlit.__version__ in message
    assert attribute in message


def test_internals_check_the_config_state_streamlit_run_sets(monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit import config

    monkeypatch.delattr(config, "_server_mode")
    with pytest.raises(UpstreamChanged, match=rf"streamlit\.config\._server_mode in {VERSION}"):
        internals.apply()


def test_the_run_event_hook_is_checked_at_every_boot(monkeypatch: pytest.MonkeyPatch) -> None:
    # Not only when a listener (persistence, a shared worker) first asks for it.
    import wasmlit_shim.patches as patches
    from streamlit.runtime.app_session import AppSession

    fake = types.FunctionType(fake_method.__code__, fake_method.__globals__, "_on_scriptrunner_event")
    monkeypatch.setattr(AppSession, "_on_scriptrunner_event", fake)
    monkeypatch.setattr(patches, "_applied", False)
    with pytest.raises(UpstreamChanged, match=rf"_on_scriptrunner_event in {VERSION}.*expected parameters"):
        apply_all()


def test_routing_refuses_an_st_app_without_its_starlette_app() -> None:
    # Answering every path would send every static file of the site to the app.
    from streamlit.starlette import App
    from wasmlit_shim.routing import app_answers

    app = App.__new__(App)  # as if a release renamed the attribute __init__ sets
    with pytest.raises(UpstreamChanged, match=rf"streamlit\.starlette\.App in {VERSION}: it has no _starlette_app"):
        app_answers(app, "GET", "/api/users")


def test_shape_check_on_a_missing_attribute(monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit import type_util

    monkeypatch.delattr(type_util, "async_generator_to_sync")
    with pytest.raises(
        UpstreamChanged, match=rf"async_generator_to_sync.*{VERSION}|{VERSION}.*async_generator_to_sync"
    ):
        async_generators.apply()


def test_shape_check_on_a_changed_snippet_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    # The fake has the right name and signature but not the snippet the rewrite needs.
    from streamlit.runtime.scriptrunner import script_cache

    def get_bytecode(self: Any, script_path: str) -> Any:
        return compile("", script_path, "exec", flags=0x0, dont_inherit=1)

    monkeypatch.setattr(script_cache.ScriptCache, "get_bytecode", get_bytecode)
    with pytest.raises(UpstreamChanged, match="flags=0,"):
        top_level_await.apply()
    assert not hasattr(get_bytecode, ORIGINAL_ATTR)


def test_apply_all_is_idempotent() -> None:
    from streamlit.runtime.scriptrunner import script_runner as upstream

    apply_all()
    run_script = upstream.ScriptRunner._run_script
    code = run_script.__code__
    start = upstream.ScriptRunner.start
    apply_all()
    for patch in PATCHES:  # each patch on its own is idempotent too
        patch.apply()
    assert upstream.ScriptRunner._run_script.__code__ is code
    assert upstream.ScriptRunner.start is start
    assert inspect.iscoroutinefunction(upstream.ScriptRunner._run_script)
    assert inspect.iscoroutinefunction(upstream.ScriptRunner._run_script_thread)


def test_get_script_run_ctx_reads_the_context_var_first() -> None:
    apply_all()
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    marker = object()

    async def in_task() -> object:
        script_context.script_run_ctx_var.set(marker)  # type: ignore[arg-type]
        return get_script_run_ctx(suppress_warning=True)

    async def main() -> tuple[object, object]:
        inside = await asyncio.get_running_loop().create_task(in_task())
        return inside, get_script_run_ctx(suppress_warning=True)

    inside, outside = asyncio.run(main())
    assert inside is marker
    assert outside is None  # the task's binding did not leak out of it


def test_loop_timer_fires_on_the_loop_and_can_be_cancelled() -> None:
    fired: list[str] = []

    async def main() -> None:
        kept = timers.LoopTimer(0.01, fired.append, args=["kept"])
        cancelled = timers.LoopTimer(0.01, fired.append, args=["cancelled"])
        kept.start()
        cancelled.start()
        cancelled.cancel()
        await asyncio.sleep(0.05)

    asyncio.run(main())
    assert fired == ["kept"]


def test_thread_offloads_run_inline() -> None:
    apply_all()
    import anyio.to_thread

    async def main() -> tuple[int, int]:
        return await anyio.to_thread.run_sync(lambda: 41 + 1), await asyncio.to_thread(lambda x: x * 2, 21)

    assert asyncio.run(main()) == (42, 42)


def test_inline_executor_runs_at_submit() -> None:
    from concurrent.futures import as_completed

    from wasmlit_shim.inline_executor import InlineExecutor

    with InlineExecutor(max_workers=4) as executor:
        futures = [executor.submit(pow, 2, n) for n in range(4)]
        failing = executor.submit(lambda: 1 / 0)
    assert sorted(f.result() for f in as_completed(futures)) == [1, 2, 4, 8]
    assert isinstance(failing.exception(), ZeroDivisionError)


def test_manifest_scan_runs_without_threads() -> None:
    apply_all()
    from streamlit.components.v2.manifest_scanner import scan_component_manifests

    assert isinstance(scan_component_manifests(), list)


def test_async_generator_to_sync_inside_a_running_loop() -> None:
    apply_all()
    from streamlit.type_util import async_generator_to_sync

    async def numbers() -> Any:
        for n in range(3):
            await asyncio.sleep(0.001)
            yield n

    async def main() -> list[int]:
        # As st.write_stream calls it: synchronously, from code running on the loop.
        return list(async_generator_to_sync(numbers()))

    assert asyncio.run(main()) == [0, 1, 2]


PLAIN_INPUTS: list[list[Any]] = [
    [],
    [1, 2, 3],
    [1.5, 2.5],
    [1, 2.5],
    [1, None],
    [1.0, float("nan")],
    ["a", "b"],
    ["a", None],
    ["a", 1],
    ["a", 1.5],
    [True, False],
    [True, 1],
    [True, "a"],
    [None, None],
    [b"x", b"y"],
    [b"x", "y"],
    [{"a": 1}],
    [{"a": 1}, {"b": 2}],
    [[1, 2], [3]],
    [(1, 2)],
    [1, [2]],
    [object()],
    [1j, 2j],
    ["a", [1]],
    [1.5, "a", None],
    [None, "a"],
    [False, None],
]


@pytest.mark.parametrize("values", PLAIN_INPUTS, ids=[repr(v)[:40] for v in PLAIN_INPUTS])
def test_plain_infer_dtype_agrees_with_pandas_on_mixed(values: list[Any]) -> None:
    pandas_types = pytest.importorskip("pandas.api.types")
    expected = pandas_types.infer_dtype(values, skipna=True)
    actual = type_checks.plain_infer_dtype(values, skipna=True)
    # Streamlit only asks "mixed or not" (_is_list_of_scalars); the kind should match too.
    assert (actual in {"mixed", "unknown-array"}) == (expected in {"mixed", "unknown-array"}), (actual, expected)
    assert actual == expected


def test_loaded_or_absent_stand_ins_match_nothing() -> None:
    absent = type_checks.loaded_or_absent("surely_not_a_loaded_module")
    assert not isinstance([1], absent.ndarray)
    assert not isinstance({}, absent.api.extensions.ExtensionArray)
    assert type_checks.loaded_or_absent("asyncio") is asyncio


def test_spinner_shape_check(monkeypatch: pytest.MonkeyPatch) -> None:
    import contextlib

    from streamlit.elements import spinner

    @contextlib.contextmanager
    def fake_spinner(self: Any, text: str = "") -> Any:
        yield  # no threading.Timer: the patch has nothing to replace

    monkeypatch.setattr(spinner.SpinnerMixin, "spinner", fake_spinner)
    with pytest.raises(UpstreamChanged, match=rf"SpinnerMixin\.spinner in {VERSION}.*threading\.Timer\("):
        timers.apply()


def test_spinner_must_stay_a_context_manager(monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.elements import spinner

    monkeypatch.setattr(spinner.SpinnerMixin, "spinner", fake_method)
    with pytest.raises(UpstreamChanged, match="no longer a decorated function"):
        timers.apply()


def test_background_refresh_shape_check(monkeypatch: pytest.MonkeyPatch) -> None:
    owner = thread_offload._find_background_refresh_executor_owner()
    monkeypatch.setattr(
        owner, "_ensure_executor", types.FunctionType(fake_method.__code__, fake_method.__globals__, "_ensure_executor")
    )
    with pytest.raises(UpstreamChanged, match=rf"_ensure_executor in {VERSION}"):
        thread_offload.apply()
