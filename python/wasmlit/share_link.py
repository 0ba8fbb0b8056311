"""`wasmlit share`: an app folder as a share link of the sharing editor.

The same format as the editor's Share dialog (sharing-editor/src/shared/link-format.ts):
`#w1=` + base64url (no padding) of raw DEFLATE of the UTF-8 JSON
`{"v": 1, "runtime", "entrypoint", "requirements", "files": {path: {"text"} | {"base64"}}}`.
"""

from __future__ import annotations

import base64
import json
import zlib

from . import __version__
from .app_folder import AppFolder
from .requirements_file import FILE_NAME as REQUIREMENTS_FILE
from .requirements_file import read_requirements

LINK_KEY = "w1"
# Past this, common chat and mail tools cut or refuse a link (the editor warns at the same length).
LONG_LINK_CHARS = 8000


def link_payload(app: AppFolder) -> dict[str, object]:
    """The app's files (text when UTF-8, else bytes), requirements and entry point."""
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
    return {"v": 1, "runtime": __version__, "entrypoint": app.entrypoint, "requirements": requirements, "files": files}


def encode_fragment(payload: dict[str, object]) -> str:
    """`w1=...`, the part of the link after `#`."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)  # negative window bits: raw DEFLATE, no zlib header
    data = compressor.compress(json.dumps(payload, ensure_ascii=False).encode("utf-8")) + compressor.flush()
    return f"{LINK_KEY}=" + base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def share_link(app: AppFolder, editor_url: str) -> str:
    return f"{editor_url.split('#', 1)[0]}#{encode_fragment(link_payload(app))}"
