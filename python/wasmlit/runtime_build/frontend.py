"""Ship Streamlit's own built frontend (`streamlit/static/` of the same wheel), unmodified except
for one `<script src="./boot.js">` as the first child of `<head>`.

The boot script must run before the bundle: it sets `window.__streamlit` (read once, then frozen)
and replaces `WebSocket` before the frontend connects (RESEARCH.md). A classic, non-module script
placed first runs synchronously before the deferred module bundle.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

STATIC_PREFIX = "streamlit/static/"
BOOT_SCRIPT_TAG = '<script src="./boot.js"></script>'

_HEAD_OPEN = re.compile(r"<head(\s[^>]*)?>", re.IGNORECASE)
# The bundle's entry: a module script loaded by relative path (so the folder can live anywhere).
_BUNDLE_ENTRY = re.compile(r'<script type="module"[^>]*\ssrc="\./static/js/index\.[^"]+\.js"', re.IGNORECASE)


class UnexpectedIndexHtml(ValueError):
    """Streamlit's index.html no longer has the shape the boot script relies on."""


def inject_boot_script(html: str) -> str:
    """Return `html` with BOOT_SCRIPT_TAG right after the single `<head>` opening tag."""
    heads = list(_HEAD_OPEN.finditer(html))
    if len(heads) != 1:
        raise UnexpectedIndexHtml(f"expected exactly one <head> tag in index.html, found {len(heads)}")
    if "boot.js" in html:
        raise UnexpectedIndexHtml("index.html already mentions boot.js")
    entry = _BUNDLE_ENTRY.search(html)
    if entry is None or entry.start() < heads[0].end():
        if entry is None:
            raise UnexpectedIndexHtml('no <script type="module" src="./static/js/index.*.js"> in index.html')
        raise UnexpectedIndexHtml("the bundle's <script> comes before <head>")
    end = heads[0].end()
    return f"{html[:end]}\n    {BOOT_SCRIPT_TAG}{html[end:]}"


def extract_frontend(streamlit_wheel: Path, dest: Path) -> int:
    """Unpack `streamlit/static/*` into `dest` with the boot script injected; return bytes written."""
    total = 0
    with zipfile.ZipFile(streamlit_wheel) as zf:
        names = [n for n in zf.namelist() if n.startswith(STATIC_PREFIX) and not n.endswith("/")]
        if f"{STATIC_PREFIX}index.html" not in names:
            raise UnexpectedIndexHtml(f"{streamlit_wheel.name} has no {STATIC_PREFIX}index.html")
        for name in names:
            data = zf.read(name)
            rel = name[len(STATIC_PREFIX) :]
            if rel == "index.html":
                data = inject_boot_script(data.decode("utf-8")).encode("utf-8")
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            total += len(data)
    return total
