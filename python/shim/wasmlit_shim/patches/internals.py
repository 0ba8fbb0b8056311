"""Streamlit internals the shim reads or sets without patching code, checked like a patch.

`streamlit run` sets module state (`config._main_script_path`, `config._server_mode`) that the
in-process server must set too; live reload reaches a session's script data, cache and
client state, as Streamlit's own file watcher does from inside the session; a restarted
server must clear the Runtime singleton; `st.App` builds its Starlette app into
`_starlette_app`, which the service worker's routing reads. None of these is public API, so
`apply()` checks each one's shape at boot (UpstreamChanged, naming the Streamlit version),
and the rest of the shim reaches them only through the functions here.
"""

from __future__ import annotations

from typing import Any

from wasmlit_shim.patches._upstream import require_attr, require_function, require_snippets, upstream_changed

_CONFIG_STATE = ("_main_script_path", "_server_mode")


def apply() -> None:
    """Check every internal this module reaches (changes nothing)."""
    from streamlit import config
    from streamlit.runtime import Runtime
    from streamlit.runtime.app_session import AppSession
    from streamlit.starlette import App

    for name in _CONFIG_STATE:
        require_attr(config, name, f"streamlit.config.{name}")
    require_attr(Runtime, "_instance", "streamlit.runtime.Runtime._instance")
    require_snippets(require_function(Runtime, "__init__"), ["self._session_mgr = "])
    require_snippets(
        require_function(AppSession, "__init__"),
        ["self._script_data = script_data", "self._script_cache = script_cache", "self._client_state = ClientState()"],
    )
    require_function(AppSession, "request_rerun")
    require_snippets(require_function(App, "__init__"), ["self._starlette_app", "self._runtime"])


def set_main_script(path: str) -> None:
    """What `streamlit run` records first: it locates the app's .streamlit/ config and secrets."""
    from streamlit import config

    config._main_script_path = path


def serve_as_starlette_app() -> None:
    """What `streamlit run` records when the entry point defines its own ASGI app."""
    from streamlit import config

    config._server_mode = "starlette-app"


def forget_runtime() -> None:
    """Let a later server create a Runtime again (Streamlit allows one per process)."""
    from streamlit.runtime import Runtime

    Runtime._instance = None


def starlette_app_of(app: Any) -> Any | None:
    """The Starlette app an `st.App` built at its lifespan (None before it)."""
    from streamlit.starlette import App

    if isinstance(app, App) and not hasattr(app, "_starlette_app"):
        raise upstream_changed("streamlit.starlette.App", "it has no _starlette_app")
    return getattr(app, "_starlette_app", None)


def main_script_of(session: Any) -> str:
    return str(session._script_data.main_script_path)


def rerun_with_new_code(session: Any) -> None:
    """What Streamlit's file watcher does for a session when a source file changes."""
    session._script_cache.clear()
    session.request_rerun(session._client_state)


def active_sessions(runtime: Any) -> list[Any]:
    return [active.session for active in runtime._session_mgr.list_active_sessions()]
