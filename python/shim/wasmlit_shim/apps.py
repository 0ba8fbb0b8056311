"""Several apps on one Streamlit runtime: what a shared worker runs.

Streamlit allows one `Runtime` per process, and a runtime has one main script. In a
shared worker, every app lives in its own folder of the one interpreter; the runtime is
started for the first app, and each WebSocket connection says which app it belongs to
(a ContextVar set while the connection's task is created, which the task inherits).
The session it opens is then created with that app's main script.

Per app: its main script, pages, session state and widgets (a session of its own); while
its script runs, its folder is the working directory and the first entry of `sys.path`,
and its local modules are its own (two apps may both have a `utils.py`); writing one of
its files reruns only its sessions.

Shared by all apps: Streamlit's config (the first app's), installed packages,
`os.environ`, `st.cache_data`/`st.cache_resource`, media and upload storage (keyed by
session, so nothing leaks), and the first app's static folder and `st.App` routes.
The working directory is set when a run starts: a script that awaits may see another
app's working directory after the await.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import ModuleType
from typing import Any

from wasmlit_shim import run_events
from wasmlit_shim.patches import internals
from wasmlit_shim.patches._upstream import require_function, require_snippets

# The main script of the app whose connection is being opened (None: the runtime's own).
_connecting: ContextVar[str | None] = ContextVar("wasmlit_connecting_app", default=None)


class AppFolders:
    """The apps sharing this interpreter, by folder, and each one's own local modules."""

    def __init__(self) -> None:
        self.folders: list[str] = []
        # Modules of apps that are not running right now, put aside by folder.
        self._aside: dict[str, dict[str, ModuleType]] = {}

    def add(self, entrypoint: str) -> str:
        """Register the app at `entrypoint`. An app taking over the folder of one that left
        (the same page, reloaded) must import its own modules, not find the old ones."""
        folder = os.path.dirname(os.path.abspath(entrypoint))
        if folder not in self.folders:
            self.folders.append(folder)
        self._aside.pop(folder, None)
        for name, module in list(sys.modules.items()):
            if self.owner(getattr(module, "__file__", None)) == folder:
                del sys.modules[name]
        return folder

    def owner(self, path: str | None) -> str | None:
        """The app folder `path` lies in, if any."""
        if not path:
            return None
        return next((folder for folder in self.folders if path.startswith(folder + os.sep)), None)

    def enter(self, folder: str) -> None:
        """Make `folder`'s app the one whose code runs: cwd, sys.path, local modules."""
        if folder not in self.folders:
            return
        os.chdir(folder)
        if sys.path[:1] != [folder]:
            if folder in sys.path:
                sys.path.remove(folder)
            sys.path.insert(0, folder)
        if len(self.folders) < 2:
            return
        for name, module in list(sys.modules.items()):
            owner = self.owner(getattr(module, "__file__", None))
            if owner is not None and owner != folder:
                self._aside.setdefault(owner, {})[name] = sys.modules.pop(name)
        sys.modules.update(self._aside.pop(folder, {}))


_apps = AppFolders()
_listening = False


def add_app(entrypoint: str) -> str:
    """Register an app of the shared runtime; returns its folder."""
    global _listening
    if not _listening:
        run_events.add_listener(_on_run_event)
        _listening = True
    return _apps.add(entrypoint)


def _on_run_event(session: Any, kind: run_events.RunEvent) -> None:
    if kind == "started":
        _apps.enter(os.path.dirname(internals.main_script_of(session)))


@contextmanager
def connecting(entrypoint: str) -> Iterator[None]:
    """Connections opened inside this block run `entrypoint`'s app."""
    token = _connecting.set(os.path.abspath(entrypoint))
    try:
        yield
    finally:
        _connecting.reset(token)


def bind_runtime(runtime: Any) -> None:
    """Make `runtime` open each new session with the main script of the connecting app.

    `Runtime.connect_session` builds the session's ScriptData from the runtime's main
    script; for the duration of that (synchronous) call it sees the connecting app's.
    """
    upstream = require_function(type(runtime), "connect_session")
    require_snippets(upstream, ["ScriptData(self._main_script_path"])
    if not hasattr(runtime, "_main_script_path"):
        from wasmlit_shim.patches._upstream import upstream_changed

        raise upstream_changed("streamlit.runtime.Runtime", "it has no _main_script_path")
    bound = runtime.connect_session

    def connect_session(*args: Any, **kwargs: Any) -> str:
        script = _connecting.get()
        if script is None:
            return bound(*args, **kwargs)
        own = runtime._main_script_path
        runtime._main_script_path = script
        try:
            return bound(*args, **kwargs)
        finally:
            runtime._main_script_path = own

    runtime.connect_session = connect_session
