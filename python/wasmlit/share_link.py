"""`wasmlit share`: an app folder as a share link of the sharing editor.

The same format as the editor's Share dialog (sharing-editor/src/shared/link-format.ts):
`#w2=` + base64url (no padding) of raw DEFLATE of the UTF-8 JSON
`{"v": 2, "runtime", "entrypoint", "requirements", "files": {path: {"text"} | {"base64"}}, "persist"}`.
`persist` lists the app's folders (relative to its folder) kept in the browser's IndexedDB.
"""

from __future__ import annotations

import base64
import json
import posixpath
import zlib
from collections.abc import Sequence

from . import __version__
from .app_folder import AppFolder
from .mount_options import APP_HOME, InvalidPersistPath, persist_folder
from .requirements_file import FILE_NAME as REQUIREMENTS_FILE
from .requirements_file import read_requirements

LINK_VERSION = 2
LINK_KEY = f"w{LINK_VERSION}"
# Past this, common chat and mail tools cut or refuse a link (the editor warns at the same length).
LONG_LINK_CHARS = 8000


def link_persist_folder(path: str) -> str:
    """A `--persist PATH` as a link carries it: relative to the app's folder. A link opens on a
    shared preview origin, so it keeps folders inside its app's folder only."""
    folder = persist_folder(path)
    if not folder.startswith(APP_HOME + "/"):
        raise InvalidPersistPath(
            f"--persist {path}: a share link keeps folders inside the app's folder only, e.g. --persist data"
        )
    return posixpath.relpath(folder, APP_HOME)


def link_payload(app: AppFolder, persist: Sequence[str] = ()) -> dict[str, object]:
    """The app's files (text when UTF-8, else bytes), requirements, entry point and persistent folders."""
    files: dict[str, dict[str, str]] = {}
    for name in app.files():
        if name == REQUIREMENTS_FILE:
            continue  # carried as `requirements`, as the editor's Requirements tab holds it
        data = (app.root / name).read_bytes()
        try:
            files[name] = {"text": data.decode("utf-8")}
        except UnicodeDecodeError:
            files[name] = {"base64": base64.b64encode(data).decode("ascii")}
    requirements = [str(req) for req in read_requirements(app.root / REQUIREMENTS_FILE).requirements]
    return {
        "v": LINK_VERSION,
        "runtime": __version__,
        "entrypoint": app.entrypoint,
        "requirements": requirements,
        "files": files,
        "persist": list(dict.fromkeys(link_persist_folder(path) for path in persist)),
    }


def encode_fragment(payload: dict[str, object]) -> str:
    """`w2=...` (the key of the payload's version), the part of the link after `#`."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)  # negative window bits: raw DEFLATE, no zlib header
    data = compressor.compress(json.dumps(payload, ensure_ascii=False).encode("utf-8")) + compressor.flush()
    return f"w{payload['v']}=" + base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def share_link(app: AppFolder, editor_url: str, persist: Sequence[str] = ()) -> str:
    return f"{editor_url.split('#', 1)[0]}#{encode_fragment(link_payload(app, persist))}"
