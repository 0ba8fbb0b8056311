"""No file watchers: every Streamlit path watcher runs on threads.

`server.fileWatcherType=none` (forced by the server) turns off source watching, but some
watchers ignore it: secrets files are always watched with the polling watcher, whose
`ThreadPoolExecutor` starts a thread on the first poll. In the worker the app's files only
change when the worker itself writes them, so no watcher is installed at all.

Replaces: `streamlit.watcher.path_watcher._watch_path` (behind `watch_file` and `watch_dir`):
it always picks `NoOpPathWatcher` and reports "not watched", as upstream does when no
watcher class is available.
"""

from __future__ import annotations

from wasmlit_shim.patches._upstream import (
    Edit,
    install_code,
    require_attr,
    require_function,
    require_snippets,
    rewrite_function,
)


def apply() -> None:
    from streamlit.watcher import path_watcher

    require_attr(path_watcher, "NoOpPathWatcher", "streamlit.watcher.path_watcher.NoOpPathWatcher")
    watch_path = require_function(path_watcher, "_watch_path")
    # The early return the edit below relies on: NoOpPathWatcher means "not watched".
    require_snippets(watch_path, ["if watcher_class is NoOpPathWatcher:\n        return False"])
    new_watch_path = rewrite_function(
        watch_path, [Edit("watcher_class = get_path_watcher_class(watcher_type)", "watcher_class = NoOpPathWatcher")]
    )
    install_code(watch_path, new_watch_path)
