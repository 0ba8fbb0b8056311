"""What a generated page passes to `wasmlit.mount()` for an app folder.

One builder for both pages the CLI makes: `wasmlit serve`'s (files read live from the dev
server) and `wasmlit export`'s (files copied into the site). The option names are mount()'s
own (see packages/mountable/src/options.ts), so a generated page reads like a hand-written one.
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote

from .app_folder import AppFolder

# The app's folder inside the worker (APP_HOME in packages/kernel/src/python-runtime.ts).
APP_HOME = "/home/pyodide"

# Pyodide's own folders: the standard library and site-packages live under /lib.
_SYSTEM_FOLDERS = ("/dev", "/proc", "/sys", "/lib", "/bin", "/usr", "/etc")


class InvalidPersistPath(ValueError):
    """A --persist PATH that cannot be a persistent folder; the message says why."""


def persist_folder(path: str) -> str:
    """The folder in the browser's file system that `--persist PATH` keeps across visits:
    absolute as given, or relative to the app's folder; never a system folder, the app's
    folder itself or one above it (the app's files are written there at each boot)."""
    if not path.strip():
        raise InvalidPersistPath("--persist needs a folder, e.g. --persist data")
    if ".." in path.split("/"):
        raise InvalidPersistPath(f"--persist {path}: '..' is not allowed; name the folder directly")
    folder = posixpath.normpath(path if path.startswith("/") else posixpath.join(APP_HOME, path))
    if folder.startswith("//"):  # normpath keeps a leading '//' (POSIX allows it to mean something else)
        folder = "/" + folder.lstrip("/")
    if any(folder == system or folder.startswith(system + "/") for system in _SYSTEM_FOLDERS):
        raise InvalidPersistPath(f"--persist {path}: {folder} is a system folder of the Python runtime")
    if folder == APP_HOME or APP_HOME.startswith(folder.rstrip("/") + "/"):
        raise InvalidPersistPath(
            f"--persist {path}: {folder} holds the app's own files; persist a folder inside it, e.g. --persist data"
        )
    return folder


def mount_options(
    app: AppFolder,
    *,
    files_url: str,
    requirements: list[str],
    persist: list[str],
    package_index_url: str,
    host_folders: list[tuple[str, str]] | None = None,
    isolation: bool = True,
) -> dict[str, object]:
    """mount()'s options: every file of the app by URL (`files_url` + its path, relative to
    the page), the requirements to install, the persistent folders, the package index, and
    whether the page may be made cross-origin isolated (`isolation`)."""
    options: dict[str, object] = {
        "entrypoint": app.entrypoint,
        "files": {name: {"url": files_url + quote(name)} for name in app.files()},
        "packageIndexUrl": package_index_url,
    }
    if requirements:
        options["requirements"] = requirements
    if persist:
        options["idbfsMountpoints"] = [persist_folder(path) for path in persist]
    if host_folders:  # (path in the app, URL relative to the page): wasmlit desktop's --mount
        options["hostFolders"] = [{"path": path, "url": url} for path, url in host_folders]
    if not isolation:  # `--no-isolation` (mount() isolates through the service worker by default)
        options["crossOriginIsolation"] = False
    return options
