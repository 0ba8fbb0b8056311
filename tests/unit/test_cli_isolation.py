"""`--no-isolation`: `wasmlit serve` sends no COOP/COEP headers and its page, like an exported
site's, tells mount() not to isolate through the service worker; by default both isolate."""

from __future__ import annotations

import threading
import urllib.request
from pathlib import Path

from wasmlit.app_folder import AppFolder, find_app
from wasmlit.cli import build_parser
from wasmlit.devserver import DevSite, make_server
from wasmlit.mount_options import mount_options
from wasmlit.pypi_proxy import PypiProxy

from .pages import mount_options_of
from .test_export_site import runtime  # noqa: F401  (a fixture: a miniature runtime bundle)


def test_mount_options_turn_isolation_off_only_when_told(tmp_path: Path) -> None:
    (tmp_path / "streamlit_app.py").write_text("")
    app = AppFolder(tmp_path, "streamlit_app.py")
    common = {"files_url": "./app/", "requirements": [], "persist": [], "package_index_url": "./simple/"}
    assert "crossOriginIsolation" not in mount_options(app, **common)  # mount()'s default: isolate
    assert mount_options(app, **common, isolation=False)["crossOriginIsolation"] is False


def test_the_flag_is_offered_by_serve_and_export() -> None:
    parser = build_parser()
    assert parser.parse_args(["serve", "app", "--no-isolation"]).no_isolation
    assert not parser.parse_args(["serve", "app"]).no_isolation
    assert parser.parse_args(["export", "app", "-o", "site", "--no-isolation"]).no_isolation


def headers_of_page(site: DevSite) -> dict[str, str]:
    server = make_server(site, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/") as response:
            return {name.lower(): value for name, value in response.headers.items()}
    finally:
        server.shutdown()
        server.server_close()


def test_serve_isolates_unless_told_not_to(tmp_path: Path, runtime: Path) -> None:  # noqa: F811
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "streamlit_app.py").write_text("import streamlit as st\n")
    app = find_app(tmp_path / "app")
    isolated = DevSite(app, PypiProxy(tmp_path / "cache"), runtime)
    assert headers_of_page(isolated)["cross-origin-opener-policy"] == "same-origin"
    assert "crossOriginIsolation" not in mount_options_of(isolated.page())

    plain = DevSite(app, PypiProxy(tmp_path / "cache"), runtime, isolation=False)
    headers = headers_of_page(plain)
    assert "cross-origin-opener-policy" not in headers and "cross-origin-embedder-policy" not in headers
    assert mount_options_of(plain.page())["crossOriginIsolation"] is False
