"""Live reload for `wasmlit serve`: a saved file reaches the running app without a page reload.

A thread polls the app folder a few times a second (no extra dependency, and it works on
every file system, network and container mounts included). Each change goes to every open
page as a server-sent event; the page's script (`live-reload.js`, from TypeScript) writes the new content
into the worker or deletes the file there through the mount controller, and the app reruns
as Streamlit's run-on-save would. A package the app starts to import (or lists in
requirements.txt) is installed first, as the page does at boot; otherwise the rerun would
stop at the import. The terminal says what changed, what gets installed, and when a saved
Python file does not compile.
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .app_folder import AppFolder
from .requirements_file import FILE_NAME as REQUIREMENTS_FILE

POLL_SECONDS = 0.3

# What identifies a version of a file without reading it.
Snapshot = dict[str, tuple[int, int]]  # path -> (mtime in ns, size)


@dataclass(frozen=True)
class Changes:
    added: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    install: list[str] = field(default_factory=list)  # requirements new since the page booted

    def __bool__(self) -> bool:
        return bool(self.added or self.modified or self.removed)

    def event_data(self) -> str:
        """What the page's script receives: packages to install, files to (re)write and to delete."""
        return json.dumps({"install": self.install, "written": self.added + self.modified, "removed": self.removed})


def snapshot(app: AppFolder) -> Snapshot:
    found: Snapshot = {}
    for name in app.files():
        try:
            stat = (app.root / name).stat()
        except FileNotFoundError:  # deleted between listing and stat: the next poll sees it gone
            continue
        found[name] = (stat.st_mtime_ns, stat.st_size)
    return found


def diff(before: Snapshot, after: Snapshot) -> Changes:
    return Changes(
        added=sorted(after.keys() - before.keys()),
        modified=sorted(name for name in after.keys() & before.keys() if after[name] != before[name]),
        removed=sorted(before.keys() - after.keys()),
    )


def compile_error(path: Path) -> str | None:
    """The SyntaxError a Python file would raise, in one line, or None."""
    try:
        compile(path.read_bytes(), str(path), "exec", dont_inherit=True)
    except SyntaxError as error:
        return f"line {error.lineno}: {error.msg}"
    except (OSError, ValueError):
        return None  # unreadable or gone: not a syntax problem, the next poll reports it
    return None


class LiveReload:
    """Watches an app folder and fans its changes out to subscribed pages."""

    def __init__(
        self,
        app: AppFolder,
        log: Callable[[str], None],
        wanted_packages: Callable[[], list[str]] = list,
        interval: float = POLL_SECONDS,
    ) -> None:
        """`wanted_packages` lists the requirements the app needs now (its imports and
        requirements.txt); the page installs them at boot, so only new ones go in events."""
        self.app = app
        self.log = log
        self.interval = interval
        self._wanted_packages = wanted_packages
        self._packages = set(wanted_packages())
        self._last = snapshot(app)
        self._subscribers: set[queue.Queue[Changes | None]] = set()
        self._guard = threading.Lock()
        self._stopped = threading.Event()

    def start(self) -> None:
        threading.Thread(target=self._run, name="wasmlit-live-reload", daemon=True).start()

    def stop(self) -> None:
        self._stopped.set()
        with self._guard:
            for subscriber in self._subscribers:
                subscriber.put(None)  # ends each page's event stream

    def subscribe(self) -> queue.Queue[Changes | None]:
        subscriber: queue.Queue[Changes | None] = queue.Queue()
        with self._guard:
            self._subscribers.add(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: queue.Queue[Changes | None]) -> None:
        with self._guard:
            self._subscribers.discard(subscriber)

    def poll(self) -> Changes:
        """Compare the folder with the last poll; tell the terminal and every page what changed."""
        current = snapshot(self.app)
        changes = diff(self._last, current)
        self._last = current
        if any(name.endswith(".py") or name == REQUIREMENTS_FILE for name in changes.added + changes.modified):
            changes = replace(changes, install=self._new_packages())
        if changes:
            self._log_changes(changes)
            with self._guard:
                for subscriber in self._subscribers:
                    subscriber.put(changes)
        return changes

    def _new_packages(self) -> list[str]:
        wanted = self._wanted_packages()
        new = [requirement for requirement in wanted if requirement not in self._packages]
        self._packages.update(new)
        return new

    def _run(self) -> None:
        while not self._stopped.wait(self.interval):
            try:
                self.poll()
            except OSError as error:  # e.g. the app folder was moved away; keep watching
                self.log(f"  error: cannot read {self.app.root}: {error.strerror}")

    def _log_changes(self, changes: Changes) -> None:
        lists = ("added", changes.added), ("changed", changes.modified), ("removed", changes.removed)
        for kind, names in (*lists, ("installing", changes.install)):
            for name in names:
                self.log(f"  {kind}: {name}")
        if self.app.entrypoint in changes.removed:
            self.log(f"  warning: the entry point {self.app.entrypoint} is gone; the app cannot run until it is back")
        for name in changes.added + changes.modified:
            error = compile_error(self.app.root / name) if name.endswith(".py") else None
            if error:
                self.log(f"  error: {name}, {error}")


# The page's half, bundled next to wasmlit.js (packages/mountable/src/dev-server/live-reload.ts).
CLIENT_SCRIPT = "live-reload.js"


def client_call(events_url: str, files_url: str, errors_url: str) -> str:
    """The page's script after mount(): follow this server's changes with the controller `app`."""
    urls = json.dumps({"events": events_url, "files": files_url, "errors": errors_url})
    return f"wasmlitLiveReload(app, {urls});"
