"""The sharing editor's commands: `wasmlit editor`, `wasmlit export-editor`, `wasmlit share`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .app_folder import find_app
from .editor_site import completion_packages, make_editor_servers
from .editor_site import export_editor as write_editor_site
from .pypi_proxy import PypiProxy
from .runtime_bundle import RUNTIME_DIR
from .share_link import LONG_LINK_CHARS, share_link
from .vendoring import OnlineSources, SitePackages, Status

CACHE_DIR = Path.home() / ".cache" / "wasmlit"

DEFAULT_PORT = 8600
DEFAULT_EDITOR_URL = f"http://127.0.0.1:{DEFAULT_PORT}/"

NO_PREVIEW_URL = (
    "  warning: no --preview-url: the preview runs on the editor's own origin, so an app opened from a link\n"
    "  could read the drafts kept in that browser for this site. The editor says so on every visit.\n"
    "  Publish this same folder on a second host (another domain or subdomain) and export with\n"
    "  --preview-url https://that-host/path/preview/ to keep them apart."
)


def add_editor_commands(commands: Any, app_help: str) -> None:
    editor = commands.add_parser(
        "editor",
        help="serve the sharing editor locally",
        description=(
            "Serve the sharing editor (write, run and share apps in the browser) and print its URL. The preview "
            "runs on the next port, another origin, so apps opened from links cannot read your drafts. Packages "
            "the runtime lacks come from PyPI through this server (cached in ~/.cache/wasmlit)."
        ),
    )
    editor.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port of the editor (default: {DEFAULT_PORT}); the preview takes the next one",
    )
    editor.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")

    export = commands.add_parser(
        "export-editor",
        help="write the sharing editor as a static site",
        description=(
            "Write the sharing editor, its preview page and the runtime as one static site. Publish the same "
            "folder on two hosts (two origins) and pass the second one's preview page as --preview-url."
        ),
    )
    export.add_argument("-o", "--output", required=True, type=Path, metavar="SITE", help="the folder to write")
    export.add_argument(
        "--preview-url", metavar="URL",
        help="the preview page on another origin, e.g. https://preview.example.org/preview/ (this same site "
        "published there). Without it the preview shares the editor's origin, and apps from links could read drafts",
    )  # fmt: skip

    share = commands.add_parser(
        "share",
        help="print the editor link of an app folder",
        description="Print a link that opens the app (files, requirements, entry point) in the sharing editor.",
    )
    share.add_argument("app", metavar="APP", help=app_help)
    share.add_argument(
        "--editor-url",
        default=DEFAULT_EDITOR_URL,
        help=f"the editor's address (default: {DEFAULT_EDITOR_URL}, `wasmlit editor`)",
    )
    share.add_argument(
        "--persist", action="append", default=[], metavar="PATH",
        help="a folder of the app (relative to its folder, as for serve) whose files the browser keeps across "
        "reloads and visits, in IndexedDB on the preview's origin; repeatable",
    )  # fmt: skip


def run_editor_command(args: argparse.Namespace, say: Any) -> int:
    if args.command == "editor":
        packages = completion_packages(RUNTIME_DIR, OnlineSources(CACHE_DIR, fetch_cdn=False))
        servers = make_editor_servers(args.host, args.port, PypiProxy(CACHE_DIR / "pypi"), RUNTIME_DIR, packages)
        say("Serving the sharing editor")
        say(f"  URL: {servers.editor_url}")
        say(f"  preview (another origin): {servers.preview_url}")
        say(completion_report(packages))
        try:
            servers.serve_forever()
        except KeyboardInterrupt:
            pass
        return 0
    if args.command == "export-editor":
        packages = completion_packages(RUNTIME_DIR, OnlineSources(CACHE_DIR))
        site = write_editor_site(args.output, args.preview_url, RUNTIME_DIR, packages)
        say(f"Wrote the sharing editor to {site}")
        say(completion_report(packages))
        if args.preview_url:
            say(f"  preview: {args.preview_url} (publish this same folder there)")
        else:
            say(NO_PREVIEW_URL)
        say(f"  try it: python -m http.server -d {site}  (then open http://localhost:8000/)")
        return 0
    link = share_link(find_app(args.app), args.editor_url, args.persist)
    say(link)
    if len(link) > LONG_LINK_CHARS:
        say(f"warning: this link is {len(link)} characters; many chat and mail tools cut links past {LONG_LINK_CHARS}.")
    return 0


def completion_report(packages: SitePackages) -> str:
    """One line: what completion (jedi in the preview) loads from the site, or why it cannot."""
    missing = [o for o in packages.outcomes if o.status is not Status.VENDORED]
    if not missing:
        shown = ", ".join(f"{o.name} {o.version}" for o in packages.outcomes)
        return f"  completion: {shown} vendored (the preview loads them from this site)"
    reasons = "; ".join(f"{o.name}: {o.detail}" for o in missing)
    return f"  warning: completion's packages are not vendored ({reasons}); completion installs them from the package index on first use"
