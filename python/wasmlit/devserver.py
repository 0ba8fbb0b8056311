"""`wasmlit serve`: the runtime bundle, one app's files and a PyPI proxy on one local port.

/                  the host page that mounts the app full-page
/<runtime files>   wasmlit.js, worker.js, frontend/, pyodide/
/_app/<path>       the app's files, read from disk at each request
/pyodide/pyodide-lock.json   the runtime's lock plus the app's resolved packages (see vendoring)
/pyodide/<wheel>   the runtime's wheels, then the app's from the PyPI cache
/_pypi/simple/...  a PEP 691 index for packages the bundle lacks (see pypi_proxy)
/_live/events      live reload: the app folder's changes as server-sent events
/_live/errors      live reload: the page reports changes it could not apply (POST)
"""

from __future__ import annotations

import json
import mimetypes
import posixpath
import queue
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from packaging.utils import canonicalize_name

from .app_folder import AppFolder
from .app_imports import project_names, third_party_imports
from .deep_links import is_page_path
from .host_page import host_page
from .live_reload import CLIENT_SCRIPT, LiveReload, client_call
from .mount_options import mount_options
from .package_resolution import ResolutionConflict
from .pypi_proxy import SIMPLE_JSON, PackageUnavailable, PypiProxy
from .requirements_file import FILE_NAME as REQUIREMENTS_FILE
from .requirements_file import read_requirements
from .runtime_bundle import LOCK_FILE, hashed_file_predicate, runtime_lock
from .static_files import ServingPolicy, resolve, send_file
from .vendoring import OnlineSources, SitePackages, WheelSources, runtime_packages, vendor

APP_PREFIX = "/_app/"
LOCK_PATH = f"/pyodide/{LOCK_FILE}"
WHEELS_PREFIX = "/pyodide/"
SIMPLE_PREFIX = "/_pypi/simple/"
FILES_PREFIX = "/_pypi/files/"
EVENTS_PATH = "/_live/events"
ERRORS_PATH = "/_live/errors"

# An idle event stream sends a comment this often, so proxies and browsers keep it open.
KEEPALIVE_SECONDS = 15

# What makes a page cross-origin isolated (`crossOriginIsolated`), on every response: the
# frontend's iframe and the worker script must be isolated too.
ISOLATION_HEADERS = {
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Embedder-Policy": "credentialless",
}

mimetypes.add_type("text/javascript", ".mjs")
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("application/wasm", ".wasm")


@dataclass
class DevSite:
    """What the dev server serves: the runtime folder, one app, and what the app needs."""

    app: AppFolder
    pypi: PypiProxy
    runtime_dir: Path
    persist: list[str] = field(default_factory=list)
    live: LiveReload | None = None
    isolation: bool = True  # False: `--no-isolation`, no COOP/COEP headers

    sources: WheelSources | None = None  # default: pip and PyPI through the proxy's cache

    def __post_init__(self) -> None:
        self.lock = runtime_lock(self.runtime_dir)
        self.serving = ServingPolicy(is_hashed=hashed_file_predicate(self.runtime_dir), gzip_on_the_fly=True)
        self.shipped = set(runtime_packages(self.lock))  # never reinstalled: Streamlit & co.
        if self.sources is None:
            self.sources = OnlineSources(self.pypi.cache_dir.parent, fetch_cdn=False)
        self._packages: dict[tuple[str, ...], SitePackages] = {}
        self._reported: set[str] = set()

    def packages(self) -> SitePackages:
        """The app's packages, resolved as an export resolves them (pip, for Pyodide): the
        lock the page boots with. Resolved again only when the app's imports or
        requirements.txt change; a conflict is printed and the page then names what fails."""
        requirements = read_requirements(self.app.root / REQUIREMENTS_FILE).requirements
        imports = third_party_imports(self.app, self.runtime_dir)
        key = (*map(str, requirements), "|", *imports)
        if key not in self._packages:
            assert self.sources is not None
            try:
                self._packages[key] = vendor(self.lock, imports, requirements, self.sources)
            except ResolutionConflict as conflict:
                self._packages[key] = SitePackages(self.lock, [], [], [], [str(r) for r in requirements])
                self._print_once(f"  packages conflict:\n{conflict}")
            for note in self._packages[key].notes:
                self._print_once(f"  note: {note}")
        return self._packages[key]

    def _print_once(self, message: str) -> None:
        if message not in self._reported:
            self._reported.add(message)
            print(message, flush=True)

    def requirements(self) -> list[str]:
        """requirements.txt, as the page installs it."""
        listed = read_requirements(self.app.root / REQUIREMENTS_FILE).requirements
        return [str(req) for req in listed if canonicalize_name(req.name) not in self.shipped]

    def wanted_packages(self) -> list[str]:
        """requirements.txt and the projects the app imports: what the page installs at boot."""
        imported = project_names(self.lock, third_party_imports(self.app, self.runtime_dir))
        new_imports = [name for name in imported if canonicalize_name(name) not in self.shipped]
        return list(dict.fromkeys(self.requirements() + new_imports))

    def page(self) -> str:
        """The host page, built at each request so new files and requirements are in it."""
        options = mount_options(
            self.app,
            files_url="." + APP_PREFIX,
            requirements=self.packages().requirements,
            persist=self.persist,
            package_index_url="." + SIMPLE_PREFIX,
            isolation=self.isolation,
        )
        if not self.live:
            return host_page(self.app.root.name, options)
        live = client_call("." + EVENTS_PATH, "." + APP_PREFIX, "." + ERRORS_PATH)
        return host_page(self.app.root.name, options, after_mount=live, scripts=(CLIENT_SCRIPT,))


class DevRequestHandler(SimpleHTTPRequestHandler):
    # HTTP/1.1: Chromium neither revalidates nor reuses the large runtime files of an HTTP/1.0
    # answer, so every reload downloaded them again (the snapshot is 13 MB). Every answer here
    # carries its length, except the event stream, which closes its connection.
    protocol_version = "HTTP/1.1"

    def __init__(self, *args, site: DevSite, **kwargs) -> None:
        self.site = site
        super().__init__(*args, directory=str(site.runtime_dir), **kwargs)

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        if is_page_path(path, Path(self.directory)):
            path = "/"  # a deep link to one of the app's pages: the app's page (it opens that page)
        if path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", self.site.page().encode())
        elif path == LOCK_PATH:
            self._send(HTTPStatus.OK, "application/json", json.dumps(self.site.packages().lock).encode())
        elif self._is_app_wheel(path):
            self._send_wheel(path[len(WHEELS_PREFIX) :])
        elif path.startswith(APP_PREFIX):
            self._send_app_file(path[len(APP_PREFIX) :])
        elif path.startswith(SIMPLE_PREFIX):
            self._send_project(path[len(SIMPLE_PREFIX) :].strip("/"))
        elif path.startswith(FILES_PREFIX):
            self._send_wheel(path[len(FILES_PREFIX) :])
        elif path == EVENTS_PATH and self.site.live:
            self._stream_changes(self.site.live)
        else:
            self._send_runtime_file(path)

    def do_POST(self) -> None:
        if urlsplit(self.path).path == ERRORS_PATH:
            length = min(int(self.headers.get("Content-Length") or 0), 10_000)
            message = self.rfile.read(length).decode("utf-8", "replace").strip()
            print(f"  error in the page: {message}", flush=True)
            self._send(HTTPStatus.NO_CONTENT, "text/plain", b"")
        else:
            self.send_error(HTTPStatus.NOT_FOUND)

    def end_headers(self) -> None:
        # Cross-origin isolation: SharedArrayBuffer, so Stop reaches a script that never yields
        # (packages/kernel/src/control-buffer.ts). `credentialless` still lets the app show images
        # from other sites that send no Cross-Origin-Resource-Policy header.
        if self.site.isolation:
            for name, value in ISOLATION_HEADERS.items():
                self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal shows what matters (URL, changes, errors), not every request

    def _send_runtime_file(self, path: str) -> None:
        """As a good static host: compressed, with validators (a reload revalidates, so a rebuilt
        runtime is picked up); content-hashed files immutable."""
        file = resolve(self.site.runtime_dir, path)
        if file is None:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        send_file(self, file, file.relative_to(self.site.runtime_dir).as_posix(), self.site.serving)

    def _send_app_file(self, name: str) -> None:
        name = posixpath.normpath(name)
        if name not in self.site.app.files():
            self.send_error(HTTPStatus.NOT_FOUND, f"{name} is not a file of this app")
            return
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        self._send(HTTPStatus.OK, content_type, (self.site.app.root / name).read_bytes())

    def _is_app_wheel(self, path: str) -> bool:
        """A wheel next to the lock that the runtime does not ship: one of the app's, from the PyPI cache."""
        return (
            path.startswith(WHEELS_PREFIX)
            and path.endswith(".whl")
            and not Path(super().translate_path(path)).is_file()
        )

    def _send_wheel(self, name: str) -> None:
        wheel = self.site.pypi.wheel_file(name)
        if wheel is None:
            self.send_error(HTTPStatus.NOT_FOUND)
        else:
            self._send(HTTPStatus.OK, "application/octet-stream", wheel.read_bytes())

    def _send_project(self, project: str) -> None:
        try:
            # Absolute: micropip does not resolve file URLs against the index page.
            page = self.site.pypi.project_json(project, files_url=f"http://{self.headers['Host']}{FILES_PREFIX}")
        except PackageUnavailable as error:
            print(f"  package {project}: {error}", flush=True)
            self.send_error(HTTPStatus.NOT_FOUND, str(error))
            return
        self._send(HTTPStatus.OK, SIMPLE_JSON, json.dumps(page).encode())

    def _stream_changes(self, live: LiveReload) -> None:
        """One page's event stream: open until the page goes away or the server stops."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.close_connection = True
        self.end_headers()
        changes = live.subscribe()
        try:
            self.wfile.write(b"retry: 1000\n\n")  # reconnect quickly after a server restart
            self.wfile.flush()
            while True:
                try:
                    change = changes.get(timeout=KEEPALIVE_SECONDS)
                except queue.Empty:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    if change is None:
                        return
                    self.wfile.write(f"data: {change.event_data()}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed or reloaded
        finally:
            live.unsubscribe(changes)

    def _send(self, status: HTTPStatus, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        # The page and the app's files change as the developer works: never reuse them unasked.
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        self.wfile.write(body)


def make_server(site: DevSite, host: str, port: int) -> ThreadingHTTPServer:
    handler = partial(DevRequestHandler, site=site)
    return ThreadingHTTPServer((host, port), handler)
