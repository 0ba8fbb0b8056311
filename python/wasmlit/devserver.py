"""`wasmlit serve`: the runtime bundle, one app's files and a PyPI proxy on one local port.

    /                  the host page that mounts the app full-page
    /<runtime files>   wasmlit.js, worker.js, frontend/, pyodide/
    /_app/<path>       the app's files, read from disk at each request
    /_pypi/simple/...  a PEP 691 index for packages the bundle lacks (see pypi_proxy)
"""

from __future__ import annotations

import json
import mimetypes
import posixpath
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .app_folder import AppFolder
from .host_page import host_page
from .pypi_proxy import SIMPLE_JSON, PackageUnavailable, PypiProxy

APP_PREFIX = "/_app/"
SIMPLE_PREFIX = "/_pypi/simple/"
FILES_PREFIX = "/_pypi/files/"

mimetypes.add_type("text/javascript", ".mjs")
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("application/wasm", ".wasm")


def mount_options(app: AppFolder) -> dict[str, object]:
    return {
        "entrypoint": app.entrypoint,
        "files": {name: {"url": "." + APP_PREFIX + name} for name in app.files()},
        "packageIndexUrl": "." + SIMPLE_PREFIX,
    }


class DevRequestHandler(SimpleHTTPRequestHandler):
    def __init__(self, *args, app: AppFolder, runtime_dir: Path, pypi: PypiProxy, **kwargs) -> None:
        self.app = app
        self.pypi = pypi
        super().__init__(*args, directory=str(runtime_dir), **kwargs)

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        if path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", host_page(self.app.root.name, mount_options(self.app)).encode())
        elif path.startswith(APP_PREFIX):
            self._send_app_file(path[len(APP_PREFIX) :])
        elif path.startswith(SIMPLE_PREFIX):
            self._send_project(path[len(SIMPLE_PREFIX) :].strip("/"))
        elif path.startswith(FILES_PREFIX):
            wheel = self.pypi.wheel_file(path[len(FILES_PREFIX) :])
            if wheel is None:
                self.send_error(HTTPStatus.NOT_FOUND)
            else:
                self._send(HTTPStatus.OK, "application/octet-stream", wheel.read_bytes())
        else:
            super().do_GET()

    def end_headers(self) -> None:
        # A dev server: always revalidate, so a rebuilt runtime is picked up on reload.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal shows what matters (URL, changes, errors), not every request

    def _send_app_file(self, name: str) -> None:
        name = posixpath.normpath(name)
        if name not in self.app.files():
            self.send_error(HTTPStatus.NOT_FOUND, f"{name} is not a file of this app")
            return
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        self._send(HTTPStatus.OK, content_type, (self.app.root / name).read_bytes())

    def _send_project(self, project: str) -> None:
        try:
            # Absolute: micropip does not resolve file URLs against the index page.
            page = self.pypi.project_json(project, files_url=f"http://{self.headers['Host']}{FILES_PREFIX}")
        except PackageUnavailable as error:
            print(f"  package {project}: {error}", flush=True)
            self.send_error(HTTPStatus.NOT_FOUND, str(error))
            return
        self._send(HTTPStatus.OK, SIMPLE_JSON, json.dumps(page).encode())

    def _send(self, status: HTTPStatus, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def make_server(app: AppFolder, runtime_dir: Path, host: str, port: int, cache_dir: Path) -> ThreadingHTTPServer:
    handler = partial(DevRequestHandler, app=app, runtime_dir=runtime_dir, pypi=PypiProxy(cache_dir))
    return ThreadingHTTPServer((host, port), handler)
