"""The sharing editor as a site: `wasmlit editor` serves it, `wasmlit export-editor` writes it.

The editor and its preview must be on different origins, so an app opened from a link (its
code runs on the preview's origin) can never read the editor's drafts or DOM:

    editor origin   /                 the editor (python/wasmlit/editor/, built by `make build`)
    preview origin  /preview/         the preview page; it loads /runtime/wasmlit.js
    both            /runtime/...      the runtime bundle
                    /config.json      where the preview is (SiteConfig in site-config.ts)
    preview origin  /_pypi/...        (`wasmlit editor` only) packages the bundle lacks, from PyPI

Completion runs jedi in the preview's Pyodide. jedi and parso (pinned in pins.EDITOR_WHEELS) are
vendored into the site's runtime as an export vendors an app's packages (vendoring.py): their
wheels next to Pyodide's and entries in /runtime/pyodide/pyodide-lock.json, so the preview
installs them from its own site, never from PyPI, and offline too.
"""

from __future__ import annotations

import json
import shutil
import threading
from dataclasses import dataclass
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from packaging.requirements import Requirement

from . import pins
from .pypi_proxy import SIMPLE_JSON, PackageUnavailable, PypiProxy
from .runtime_bundle import LOCK_FILE, REBUILD, check_runtime, runtime_lock
from .vendoring import SitePackages, WheelSources, vendor

EDITOR_DIR = Path(__file__).parent / "editor"
SITE_MARKER = "wasmlit-editor-site.json"
RUNTIME_PREFIX = "/runtime/"
SIMPLE_PREFIX = "/_pypi/simple/"
FILES_PREFIX = "/_pypi/files/"
RUNTIME_LOCK_PATH = f"{RUNTIME_PREFIX}pyodide/{LOCK_FILE}"
RUNTIME_WHEELS_PREFIX = f"{RUNTIME_PREFIX}pyodide/"
# Built for unit tests only; not part of a site.
_NOT_SHIPPED = {"test"}


class EditorMissing(Exception):
    """The editor is not built; the message says what to run."""


class EditorServeError(Exception):
    """`wasmlit editor` cannot listen where it was asked."""


class EditorExportError(Exception):
    """export-editor cannot write where it was asked; the message says why."""


def check_editor(editor_dir: Path = EDITOR_DIR) -> None:
    for part in ("index.html", "editor.js", "preview/index.html", "preview/preview.js", "samples.json"):
        if not (editor_dir / part).is_file():
            raise EditorMissing(f"the editor in {editor_dir} has no {part}; {REBUILD}")


def site_config(preview_url: str | None, package_index_url: str | None, editor_origins: list[str] | None) -> bytes:
    config = {"previewUrl": preview_url, "packageIndexUrl": package_index_url, "editorOrigins": editor_origins}
    return json.dumps(config).encode()


def completion_packages(runtime_dir: Path, sources: WheelSources) -> SitePackages:
    """The runtime's lock plus jedi and parso, with their wheels (from PyPI, through the cache)."""
    requirements = [Requirement(f"{name}=={version}") for name, version in pins.EDITOR_WHEELS.items()]
    return vendor(runtime_lock(runtime_dir), [], requirements, sources)


@dataclass
class EditorServing:
    """What one of the two ports serves."""

    editor_dir: Path
    runtime_dir: Path
    config: bytes
    pypi: PypiProxy | None  # the preview's port only
    packages: SitePackages  # the runtime's lock with completion's packages, and their wheels

    def vendored_wheel(self, name: str) -> Path | None:
        return next((wheel for wheel in self.packages.wheels if wheel.name == name), None)


class EditorRequestHandler(SimpleHTTPRequestHandler):
    def __init__(self, *args, serving: EditorServing, **kwargs) -> None:
        self.serving = serving
        super().__init__(*args, directory=str(serving.editor_dir), **kwargs)

    def translate_path(self, path: str) -> str:
        clean = unquote(urlsplit(path).path)
        if clean.startswith(RUNTIME_PREFIX):
            relative = clean[len(RUNTIME_PREFIX) :]
            self.directory = str(self.serving.runtime_dir)
            return super().translate_path("/" + relative)
        self.directory = str(self.serving.editor_dir)
        return super().translate_path(path)

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        if path == "/config.json":
            self._send(HTTPStatus.OK, "application/json", self.serving.config)
        elif path == RUNTIME_LOCK_PATH:
            self._send(HTTPStatus.OK, "application/json", json.dumps(self.serving.packages.lock).encode())
        elif path.startswith(RUNTIME_WHEELS_PREFIX) and (wheel := self.serving.vendored_wheel(path.rsplit("/", 1)[1])):
            self._send(HTTPStatus.OK, "application/octet-stream", wheel.read_bytes())
        elif self.serving.pypi and path.startswith(SIMPLE_PREFIX):
            self._send_project(self.serving.pypi, path[len(SIMPLE_PREFIX) :].strip("/"))
        elif self.serving.pypi and path.startswith(FILES_PREFIX):
            wheel = self.serving.pypi.wheel_file(path[len(FILES_PREFIX) :])
            if wheel is None:
                self.send_error(HTTPStatus.NOT_FOUND)
            else:
                self._send(HTTPStatus.OK, "application/octet-stream", wheel.read_bytes())
        elif path.startswith("/test/"):
            self.send_error(HTTPStatus.NOT_FOUND)
        else:
            super().do_GET()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")  # a rebuilt editor or runtime is picked up on reload
        if unquote(urlsplit(self.path).path).startswith(RUNTIME_PREFIX):
            # Pages downloaded from the editor (.html) load the runtime from here, as static hosts allow.
            self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send_project(self, pypi: PypiProxy, project: str) -> None:
        try:
            page = pypi.project_json(project, files_url=f"http://{self.headers['Host']}{FILES_PREFIX}")
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


@dataclass
class EditorServers:
    editor: ThreadingHTTPServer
    preview: ThreadingHTTPServer
    editor_url: str
    preview_url: str

    def serve_forever(self) -> None:
        thread = threading.Thread(target=self.preview.serve_forever, daemon=True)
        thread.start()
        try:
            self.editor.serve_forever()
        finally:
            self.preview.shutdown()
            self.editor.server_close()
            self.preview.server_close()


def _url(server: ThreadingHTTPServer, host: str) -> str:
    port = server.server_address[1]
    shown = "127.0.0.1" if host in ("", "0.0.0.0") else host
    return f"http://{shown}:{port}/"


def make_editor_servers(
    host: str, port: int, pypi: PypiProxy, runtime_dir: Path, packages: SitePackages, editor_dir: Path = EDITOR_DIR
) -> EditorServers:
    """Two servers: the editor on `port`, the preview on the next free port (another origin).
    `packages`: completion_packages(), served as the runtime's lock and wheels."""
    check_editor(editor_dir)
    check_runtime(runtime_dir)
    editor_handler_serving = EditorServing(editor_dir, runtime_dir, b"{}", None, packages)
    try:
        editor = ThreadingHTTPServer((host, port), partial(EditorRequestHandler, serving=editor_handler_serving))
    except OSError as error:
        raise EditorServeError(f"cannot listen on {host}:{port}: {error.strerror}") from error
    preview_port = port + 1 if port else 0
    try:
        preview_serving = EditorServing(editor_dir, runtime_dir, b"{}", pypi, packages)
        preview = ThreadingHTTPServer((host, preview_port), partial(EditorRequestHandler, serving=preview_serving))
    except OSError:
        preview = ThreadingHTTPServer((host, 0), partial(EditorRequestHandler, serving=preview_serving))
    editor_url, preview_root = _url(editor, host), _url(preview, host)
    preview_url = preview_root + "preview/"
    index_url = preview_root.rstrip("/") + SIMPLE_PREFIX
    editor_handler_serving.config = site_config(preview_url, index_url, None)
    preview_serving.config = site_config(preview_url, index_url, [editor_url.rstrip("/")])
    return EditorServers(editor, preview, editor_url, preview_url)


def export_editor(
    out_dir: Path, preview_url: str | None, runtime_dir: Path, packages: SitePackages, editor_dir: Path = EDITOR_DIR
) -> Path:
    """Writes the editor, its preview page and the runtime as one static site; `packages`
    (completion_packages()) become the runtime's lock and wheels."""
    check_editor(editor_dir)
    check_runtime(runtime_dir)
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / SITE_MARKER).is_file():
        raise EditorExportError(
            f"{out_dir} is not empty and is not an editor export ({SITE_MARKER} missing); pick an empty folder"
        )
    staging = out_dir.with_name(f".{out_dir.name}.building")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(
        editor_dir,
        staging,
        ignore=lambda folder, names: [n for n in names if Path(folder) == editor_dir and n in _NOT_SHIPPED],
    )
    shutil.copytree(runtime_dir, staging / "runtime")
    for wheel in packages.wheels:
        shutil.copy2(wheel, staging / "runtime" / "pyodide" / wheel.name)
    (staging / "runtime" / "pyodide" / LOCK_FILE).write_text(json.dumps(packages.lock, indent=1) + "\n")
    (staging / "config.json").write_bytes(site_config(preview_url, None, None))
    (staging / SITE_MARKER).write_text(json.dumps({"previewUrl": preview_url}) + "\n")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    staging.rename(out_dir)
    return out_dir
