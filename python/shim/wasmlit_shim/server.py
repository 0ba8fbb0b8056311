"""The API the worker calls: one Streamlit app served in-process.

`AppServer.start()` does what `streamlit run` does, minus the network server: apply the
patches, load config (defaults for a browser worker, then the app's `.streamlit/config.toml`,
then the caller's options, like CLI flags), build `streamlit.starlette.App` for the entry
point (or the `st.App` the entry point defines, found by Streamlit's own discovery), and
run its lifespan. Requests then go through the in-process ASGI driver.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from wasmlit_shim import metrics, package_problems
from wasmlit_shim.asgi import AsgiDriver, HttpResponse, WebSocketSession
from wasmlit_shim.media import MediaUrls, use_media_urls
from wasmlit_shim.patches import apply_all, internals
from wasmlit_shim.routing import app_answers
from wasmlit_shim.toolbar import default_toolbar_to_viewer

_LOGGER = logging.getLogger(__name__)

__all__ = ["DEFAULT_CONFIG", "FORCED_CONFIG", "AppServer", "HttpResponse", "MediaUrls", "WebSocketSession"]

# Streamlit options for a server that lives in a browser worker: nothing to watch, no
# telemetry, no cookies (the frontend sends PLACEHOLDER_AUTH_TOKEN and no XSRF cookie),
# and no gc.collect() after every run (~90 ms of a ~180 ms rerun in Pyodide).
DEFAULT_CONFIG: dict[str, object] = {
    "server.fileWatcherType": "none",
    "server.runOnSave": False,
    "browser.gatherUsageStats": False,
    "server.enableXsrfProtection": False,
    "server.enableCORS": False,
    "server.headless": True,
    "runner.postScriptGC": False,
    "global.developmentMode": False,
}


# Options no caller can change here: every file watcher Streamlit has runs on threads
# (watchdog observers, the polling watcher's pool), and there is no file to watch change.
FORCED_CONFIG: dict[str, object] = {
    "server.fileWatcherType": "none",
    "server.runOnSave": False,
}


def load_config(entrypoint: str, overrides: Mapping[str, object] | None) -> None:
    """Load Streamlit's config as `streamlit run` does, our defaults acting as CLI flags.

    Precedence, lowest first: Streamlit's defaults, the app's `.streamlit/config.toml`,
    `DEFAULT_CONFIG`, the caller's options, `FORCED_CONFIG`.
    """
    from streamlit import config

    internals.set_main_script(entrypoint)
    requested = dict(overrides or {})
    for key, value in FORCED_CONFIG.items():
        if key in requested and requested[key] != value:
            _LOGGER.warning("wasmlit ignores %s=%r: %s must be %r in the browser", key, requested[key], key, value)
    options = {**DEFAULT_CONFIG, **requested, **FORCED_CONFIG}
    config.get_config_options(force_reparse=True, options_from_flags=options)
    default_toolbar_to_viewer()


def _add_script_dir_to_sys_path(entrypoint: str) -> None:
    # As `streamlit run` does (bootstrap._fix_sys_path): the app imports its own modules.
    script_dir = os.path.dirname(entrypoint)
    if script_dir not in sys.path:
        sys.path.insert(0, script_dir)


def build_app(entrypoint: str) -> Any:
    """The ASGI app for the entry point, chosen the way `streamlit run` chooses it.

    If the entry point assigns an ASGI app (`app = st.App(...)`, FastAPI, Starlette),
    Streamlit's own discovery finds it and that object is served; otherwise a plain
    `streamlit.starlette.App(entrypoint)`.
    """
    from streamlit.starlette import App
    from streamlit.web.server.app_discovery import discover_asgi_app

    discovery = discover_asgi_app(Path(entrypoint))
    if discovery.is_asgi_app and discovery.import_string:
        module_name, _, attr = discovery.import_string.partition(":")
        internals.serve_as_starlette_app()
        sys.modules.pop(module_name, None)  # a restarted server imports the new code
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            # A package that could not be installed: say so once, as the install did.
            raise package_problems.missing(error) or error from error
        return getattr(module, attr)
    return App(entrypoint)


class AppServer:
    """One Streamlit app, served in-process to the worker's glue."""

    def __init__(self, entrypoint: str, app: Any, driver: AsgiDriver) -> None:
        self.entrypoint = entrypoint
        self.app = app
        self._driver = driver

    @classmethod
    async def start(
        cls,
        entrypoint: str,
        streamlit_config: dict[str, object] | None = None,
        media_urls: MediaUrls | None = None,
    ) -> AppServer:
        apply_all()
        entrypoint = os.path.abspath(entrypoint)
        load_config(entrypoint, streamlit_config)
        _add_script_dir_to_sys_path(entrypoint)

        from streamlit.starlette import App

        app = build_app(entrypoint)
        if media_urls is not None and isinstance(app, App):
            use_media_urls(app, media_urls)
        driver = AsgiDriver(app)
        await driver.startup()
        return cls(entrypoint, app, driver)

    @property
    def runtime(self) -> Any:
        """The Streamlit Runtime (None before startup or for a non-Streamlit ASGI app)."""
        return getattr(self.app, "_runtime", None)

    async def http(
        self, method: str, path: str, query_string: str, headers: list[tuple[str, str]], body: bytes
    ) -> HttpResponse:
        if path == metrics.ROUTE and method == "GET":
            return HttpResponse(200, [("content-type", "application/json")], metrics.as_json())
        return await self._driver.http(method, path, query_string, headers, body)

    def answers(self, method: str, path: str) -> bool:
        """Whether the app has a route for `path` (the service worker asks before sending
        it a request that a static host might serve instead; see routing.py)."""
        return path == metrics.ROUTE or app_answers(self.app, method, path)

    def websocket(
        self,
        path: str,
        query_string: str,
        headers: list[tuple[str, str]],
        send: Callable[[bytes | str], None],
        close: Callable[[int, str], None],
    ) -> WebSocketSession:
        return self._driver.websocket(path, query_string, headers, send, close)

    def file_changed(self, path: str, app_folder: str | None = None) -> None:
        """What `server.runOnSave` does when a watched file changes (its watchers need threads,
        so the worker reports writes instead): forget the old code, rerun every session
        (only those of the app in `app_folder`, when several apps share the runtime)."""
        changed = os.path.abspath(path)
        for name, module in list(sys.modules.items()):
            if getattr(module, "__file__", None) == changed:
                del sys.modules[name]  # the next run imports the new code, as LocalSourcesWatcher arranges
        runtime = self.runtime
        if runtime is None:
            return
        for session in internals.active_sessions(runtime):
            if app_folder is None or os.path.dirname(internals.main_script_of(session)) == app_folder:
                internals.rerun_with_new_code(session)

    async def stop(self) -> None:
        runtime = self.runtime
        await self._driver.shutdown()
        if runtime is not None:
            # Runtime.stop() only asks; wait until its loop has finished.
            await runtime.stopped
        internals.forget_runtime()
