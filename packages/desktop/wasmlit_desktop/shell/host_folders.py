"""`--mount HOST_DIR:APP_PATH`: the user's folders, served to the app by the loopback server.

The protocol is the kernel's (packages/kernel/src/host-folder-wire.ts): the worker copies a
folder in at boot (`?list`, then each file) and writes every change through at once (PUT,
DELETE, MOVE). Requests must carry the program's cookie, which only its own web view has:
other programs on the machine can reach 127.0.0.1 too, but not the user's files.
A file is replaced atomically (written beside it, then renamed), so a program killed
mid-write leaves the old file or the new one, never half of one.
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from http import HTTPStatus
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..bundle import HOST_FOLDERS_URL, HostFolder
from .loopback_server import SiteHandler

COOKIE = "wasmlit_host_folders"
DESTINATION_HEADER = "Destination"
LIST_QUERY = "list"


class HostFolderRoutes:
    def __init__(self, folders: tuple[HostFolder, ...]) -> None:
        self.roots = [Path(folder.host_dir).expanduser() for folder in folders]
        for root in self.roots:
            root.mkdir(parents=True, exist_ok=True)
        self.token = secrets.token_urlsafe(32)

    def cookie(self) -> tuple[str, str]:
        """The cookie the web view sends with every request (name, value)."""
        return COOKIE, self.token

    def __call__(self, request: SiteHandler) -> None:
        if not self._authorized(request):
            request.send_error(HTTPStatus.FORBIDDEN, "not this program's web view")
            return
        url = urlsplit(request.path)
        target = self._resolve(url.path)
        if target is None:
            request.send_error(HTTPStatus.NOT_FOUND, "no such mounted folder")
            return
        root, path = target
        try:
            self._answer(request, root, path, url.query)
        except OSError as error:
            request.send_error(HTTPStatus.CONFLICT, f"{error.strerror}: {path.relative_to(root)}")

    def _answer(self, request: SiteHandler, root: Path, path: Path, query: str) -> None:
        method = request.command
        if method == "GET" and query == LIST_QUERY and path == root:
            _send(request, HTTPStatus.OK, json.dumps(listing(root)).encode(), "application/json")
        elif method == "GET" and path.is_file():
            _send(request, HTTPStatus.OK, path.read_bytes(), "application/octet-stream")
        elif method == "PUT" and request.path.endswith("/"):
            path.mkdir(parents=True, exist_ok=True)
            _send(request, HTTPStatus.NO_CONTENT)
        elif method == "PUT":
            length = int(request.headers.get("Content-Length", "0"))
            write_atomically(path, request.rfile.read(length))
            _send(request, HTTPStatus.NO_CONTENT)
        elif method == "DELETE":
            if path.is_dir():
                path.rmdir()
            else:
                path.unlink(missing_ok=True)
            _send(request, HTTPStatus.NO_CONTENT)
        elif method == "MOVE":
            destination = self._resolve(urlsplit(request.headers.get(DESTINATION_HEADER, "")).path)
            if destination is None or destination[0] != root:
                request.send_error(HTTPStatus.BAD_REQUEST, "the destination is not in the same mounted folder")
                return
            destination[1].parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, destination[1])
            _send(request, HTTPStatus.NO_CONTENT)
        else:
            request.send_error(HTTPStatus.NOT_FOUND, "no such file")

    def _authorized(self, request: SiteHandler) -> bool:
        cookie = SimpleCookie(request.headers.get("Cookie", ""))
        return COOKIE in cookie and secrets.compare_digest(cookie[COOKIE].value, self.token)

    def _resolve(self, url_path: str) -> tuple[Path, Path] | None:
        """The mounted folder and the path inside it that a URL names; None outside every folder."""
        index, _, relative = url_path.removeprefix(HOST_FOLDERS_URL).partition("/")
        if not index.isdigit() or int(index) >= len(self.roots):
            return None
        root = self.roots[int(index)].resolve()
        path = (root / unquote(relative)).resolve()
        return (root, path) if path == root or path.is_relative_to(root) else None


def listing(root: Path) -> dict[str, object]:
    folders: list[str] = []
    files: list[dict[str, object]] = []
    for folder, names, file_names in os.walk(root):
        names.sort()
        here = Path(folder)
        folders.extend((here / name).relative_to(root).as_posix() for name in names)
        for name in sorted(file_names):
            path = here / name
            if path.is_file():
                files.append({"path": path.relative_to(root).as_posix(), "size": path.stat().st_size})
    return {"folders": folders, "files": files}


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _send(request: SiteHandler, status: HTTPStatus, body: bytes = b"", content_type: str = "") -> None:
    request.send_response(status)
    if content_type:
        request.send_header("Content-Type", content_type)
    request.send_header("Content-Length", str(len(body)))
    request.end_headers()
    if body and request.command != "HEAD":
        request.wfile.write(body)
