"""static_files: what a browser gets from `wasmlit serve` and the benchmark's hosts."""

from __future__ import annotations

import gzip
import http.server
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from wasmlit.static_files import IMMUTABLE, ServingPolicy, resolve, send_file


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "pyodide").mkdir()
    (tmp_path / "pyodide" / "pyodide.asm.wasm").write_bytes(b"\0asm" + b"\1" * 4000)
    (tmp_path / "pyodide" / "snapshot.bin").write_bytes(b"raw heap" * 1000)
    (tmp_path / "pyodide" / "snapshot.bin.br").write_bytes(b"brotli bytes")
    (tmp_path / "pyodide" / "snapshot.bin.gz").write_bytes(gzip.compress(b"raw heap" * 1000))
    (tmp_path / "worker.1a2b3c4d.js").write_text("console.log(1);" * 100)
    (tmp_path / "index.html").write_text("<!doctype html>")
    return tmp_path


def serve(root: Path, policy: ServingPolicy) -> Iterator[str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            file = resolve(root, self.path.split("?")[0])
            if file is None:
                self.send_error(404)
            else:
                send_file(self, file, file.relative_to(root).as_posix(), policy)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={name.replace("_", "-"): value for name, value in headers.items()})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def gzip_host(site: Path) -> Iterator[str]:
    yield from serve(
        site, ServingPolicy(cache_control="public, max-age=600", precompressed=False, gzip_on_the_fly=True)
    )


@pytest.fixture
def good_host(site: Path) -> Iterator[str]:
    yield from serve(site, ServingPolicy(is_hashed=lambda path: path == "worker.1a2b3c4d.js"))


def test_a_revisit_revalidates_with_the_etag_and_gets_no_body(gzip_host: str) -> None:
    status, headers, body = get(gzip_host + "index.html")
    assert (status, body, headers["Cache-Control"]) == (200, b"<!doctype html>", "public, max-age=600")
    status, headers, body = get(gzip_host + "index.html", If_None_Match=headers["ETag"])
    assert (status, body) == (304, b"")
    assert get(gzip_host + "index.html", If_None_Match='"stale"')[0] == 200


def test_gzip_host_compresses_scripts_and_wasm_but_not_binary_files(gzip_host: str) -> None:
    status, headers, body = get(gzip_host + "pyodide/pyodide.asm.wasm", Accept_Encoding="gzip, br")
    assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == b"\0asm" + b"\1" * 4000
    assert headers["Content-Type"] == "application/wasm"
    _, headers, body = get(gzip_host + "pyodide/snapshot.bin", Accept_Encoding="gzip, br")
    assert "Content-Encoding" not in headers and body == b"raw heap" * 1000  # it honours no precompressed file
    _, headers, body = get(gzip_host + "worker.1a2b3c4d.js")  # the client accepts no encoding
    assert "Content-Encoding" not in headers and body.startswith(b"console.log")


def test_precompressed_siblings_are_sent_with_their_encoding(good_host: str) -> None:
    _, headers, body = get(good_host + "pyodide/snapshot.bin", Accept_Encoding="gzip, deflate, br")
    assert (headers["Content-Encoding"], body) == ("br", b"brotli bytes")
    _, gzipped, body = get(good_host + "pyodide/snapshot.bin", Accept_Encoding="gzip")
    assert gzipped["Content-Encoding"] == "gzip" and gzip.decompress(body) == b"raw heap" * 1000
    assert gzipped["ETag"] != headers["ETag"] and gzipped["Vary"] == "Accept-Encoding"
    _, headers, body = get(good_host + "pyodide/snapshot.bin", Accept_Encoding="br;q=0")
    assert "Content-Encoding" not in headers and body == b"raw heap" * 1000


def test_content_hashed_files_are_immutable_and_others_revalidate(good_host: str) -> None:
    assert get(good_host + "worker.1a2b3c4d.js")[1]["Cache-Control"] == IMMUTABLE
    assert get(good_host + "index.html")[1]["Cache-Control"] == "no-cache"


def test_paths_outside_the_root_and_missing_files_are_not_found(good_host: str, site: Path) -> None:
    assert get(good_host + "../etc/passwd")[0] == 404
    assert get(good_host + "nothing.js")[0] == 404
    assert resolve(site, "/pyodide/../../x") is None
    assert resolve(site, "/") == site / "index.html"
