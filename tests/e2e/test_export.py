"""`wasmlit export`: the site a person publishes, opened in Chromium from a plain static server."""

from __future__ import annotations

import http.server
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Request, expect

from .support import app_frame, write_app

HUMANIZE_APP = """\
import importlib

import humanize
import streamlit as st

st.title("Exported app")
st.write("Size: " + humanize.naturalsize(3_000_000))
# Not an import statement: only requirements.txt can bring this one in.
tabulate = importlib.import_module("tabulate")
st.write("tabulate " + tabulate.__version__ + " is here")
"""


def export(app: Path, site: Path, *options: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "wasmlit.cli", "export", str(app), "-o", str(site), *options],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def http_server() -> Iterator[Callable[[Path], str]]:
    """`python -m http.server` itself, as the README tells people to try a site."""
    servers: list[subprocess.Popen[str]] = []

    def start(root: Path) -> str:
        server = subprocess.Popen(
            [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", str(root)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        servers.append(server)
        assert server.stdout is not None
        match = re.search(r"port (\d+)", server.stdout.readline())
        assert match, "python -m http.server did not say its port"
        threading.Thread(target=server.stdout.read, daemon=True).start()  # keep the pipe drained
        return f"http://127.0.0.1:{match[1]}/"

    yield start
    for server in servers:
        server.terminate()
        server.wait(timeout=10)


class PagesLikeHandler(http.server.SimpleHTTPRequestHandler):
    """A static host with GitHub Pages' one rule: a missing path gets the nearest 404.html
    above it, with status 404."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            return super().send_error(code, message, explain)
        folder = Path(self.translate_path(urlsplit(self.path).path))
        for candidate in (folder, *folder.parents):
            page = candidate / "404.html"
            if page.is_file() and Path(self.directory) in (candidate, *candidate.parents):
                body = page.read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return None
        return super().send_error(code, message, explain)

    def log_message(self, format: str, *args: object) -> None:
        pass


def record_requests(page: Page) -> list[str]:
    """Every URL the page, its frames and its workers ask for."""
    urls: list[str] = []

    def on_request(request: Request) -> None:
        urls.append(request.url)

    page.context.on("request", on_request)
    return urls


def expect_humanize_app(page: Page) -> None:
    app = app_frame(page)
    expect(app.get_by_role("heading", name="Exported app")).to_be_visible()
    expect(app.get_by_text("Size: 3.0 MB")).to_be_visible()
    expect(app.get_by_text(re.compile(r"tabulate [\d.]+ is here"))).to_be_visible()


def test_exported_app_from_a_subpath_of_a_plain_static_server(page: Page, http_server, tmp_path: Path) -> None:
    app = write_app(tmp_path / "app", HUMANIZE_APP)
    (app / "requirements.txt").write_text("tabulate  # only used through importlib\n")
    output = export(app, tmp_path / "www" / "team" / "dashboard")
    assert re.search(r"vendored\s+humanize \S+\s+from PyPI", output), output
    assert re.search(r"vendored\s+tabulate \S+\s+from PyPI", output), output

    requests = record_requests(page)
    site_url = http_server(tmp_path / "www") + "team/dashboard/"
    page.goto(site_url)
    expect_humanize_app(page)

    hosts = {urlsplit(url).hostname for url in requests if urlsplit(url).scheme in ("http", "https")}
    assert hosts == {"127.0.0.1"}, sorted(url for url in requests if "127.0.0.1" not in url)
    # The worker's own requests are recorded too: the vendored wheel came from the site.
    assert any(re.search(r"/team/dashboard/pyodide/humanize-[^/]+\.whl$", url) for url in requests), requests

    page.evaluate("window.sessionMarker = 'before reload'")
    page.reload()
    expect_humanize_app(page)
    assert page.evaluate("window.sessionMarker") is None  # it really reloaded


@pytest.mark.parametrize("base_url", ["", "/team/dashboard/"], ids=["root-found-by-marker", "with-base-url"])
def test_deep_links_show_the_app_via_404_html(page: Page, static_site, tmp_path: Path, base_url: str) -> None:
    app = write_app(tmp_path / "app", "import streamlit as st\nst.title('Deep link landed')\n")
    export(app, tmp_path / "www" / "team" / "dashboard", *(["--base-url", base_url] if base_url else []))
    deep_link = static_site(tmp_path / "www", PagesLikeHandler) + "team/dashboard/reports/2024/summary"
    page.goto(deep_link)
    expect(app_frame(page).get_by_role("heading", name="Deep link landed")).to_be_visible()
    assert page.url == deep_link  # the address a person shared stays in the address bar


def test_re_export_replaces_the_site_and_keeps_foreign_folders_safe(tmp_path: Path) -> None:
    app = write_app(tmp_path / "app", "import streamlit as st\nst.title('One')\n")
    site = tmp_path / "site"
    export(app, site)
    (app / "streamlit_app.py").write_text("import streamlit as st\nst.title('Two')\n")
    (site / "left-over.txt").write_text("from the first export")
    export(app, site)
    assert "Two" in (site / "app" / "streamlit_app.py").read_text()
    assert not (site / "left-over.txt").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging folder left behind
