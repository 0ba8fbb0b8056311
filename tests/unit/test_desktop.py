"""`wasmlit desktop` on CPython: its checks, the packer's command line, the loopback server.

The program itself runs in tests/e2e/desktop (a real build, under Xvfb).
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from wasmlit.app_folder import find_app
from wasmlit.cli import main
from wasmlit.desktop import (
    DESKTOP_MARKER,
    DesktopError,
    DesktopSettings,
    app_id,
    check_settings,
    parse_mount,
    program_file_name,
    site_settings,
)
from wasmlit.export import site_options
from wasmlit_desktop.bundle import HOST_FOLDERS_URL, Bundle, HostFolder
from wasmlit_desktop.packer import PackRequest, pyinstaller_args
from wasmlit_desktop.shell.host_folders import HostFolderRoutes
from wasmlit_desktop.shell.loopback_server import ISOLATION_HEADERS, preferred_ports, start_server


@pytest.fixture
def app(tmp_path: Path) -> Path:
    folder = tmp_path / "my app"
    folder.mkdir()
    (folder / "streamlit_app.py").write_text("import streamlit as st\n")
    return folder


def settings(app: Path, out: Path, **changes: object) -> DesktopSettings:
    return DesktopSettings(app=find_app(app), out_dir=out, name="My App", **changes)  # type: ignore[arg-type]


def test_names_are_safe_file_names_and_stable_ids() -> None:
    assert program_file_name("My App: v2!") == "My-App-v2"
    assert program_file_name("///") == "app"
    assert app_id("My App") == app_id("My App") == "my-app"


def test_refuses_a_folder_it_did_not_make(app: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    (out / "thesis.tex").write_text("precious")
    assert main(["desktop", str(app), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "not made by wasmlit desktop" in err and err.count("\n") == 1
    assert (out / "thesis.tex").read_text() == "precious"


def test_replaces_its_own_previous_build_and_an_empty_folder(app: Path, tmp_path: Path) -> None:
    previous = tmp_path / "previous"
    previous.mkdir()
    (previous / DESKTOP_MARKER).write_text("{}")
    check_settings(settings(app, previous))
    (tmp_path / "empty").mkdir()
    check_settings(settings(app, tmp_path / "empty"))


def test_refuses_the_apps_own_folder_and_a_missing_or_odd_icon(app: Path, tmp_path: Path) -> None:
    with pytest.raises(DesktopError, match="app's own folder"):
        check_settings(settings(app, app))
    with pytest.raises(DesktopError, match="no such file"):
        check_settings(settings(app, tmp_path / "dist", icon=tmp_path / "missing.png"))
    (tmp_path / "icon.txt").write_text("")
    with pytest.raises(DesktopError, match="expected an image"):
        check_settings(settings(app, tmp_path / "dist", icon=tmp_path / "icon.txt"))


def test_packer_runs_the_spec_with_the_bundle_and_mode(tmp_path: Path) -> None:
    request = PackRequest(tmp_path / "bundle", "My-App", tmp_path / "dist", tmp_path / "work", onefile=True)
    args = pyinstaller_args(request)
    spec_args = args[args.index("--") + 1 :]
    assert args[args.index("--") - 1].endswith("program.spec")
    assert spec_args == ["--name=My-App", f"--bundle={tmp_path / 'bundle'}", "--onefile"]
    assert f"--distpath={tmp_path / 'dist'}" in args


def test_bundle_file_round_trips(tmp_path: Path) -> None:
    bundle = Bundle(name="My App", app_id="my-app", icon="icon.png")
    bundle.write(tmp_path)
    assert Bundle.read(tmp_path) == bundle


def test_an_app_asks_for_the_same_ports_at_every_launch() -> None:
    ports = preferred_ports("my-app")
    assert ports == preferred_ports("my-app") != preferred_ports("other-app")
    assert len(set(ports)) == len(ports) and all(20_000 <= port < 60_000 for port in ports)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, int]]:
    root = tmp_path / "site"
    (root / "pyodide").mkdir(parents=True)
    (root / "index.html").write_text("<title>app</title>")
    (root / "404.html").write_text("<title>deep link</title>")
    server = start_server(root, [0])
    yield "127.0.0.1", server.server_port
    server.shutdown()
    server.server_close()


def get(site: tuple[str, int], path: str, host: str | None = None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(*site, timeout=10)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", host or f"{site[0]}:{site[1]}")
    connection.endheaders()
    response = connection.getresponse()
    return response.status, dict(response.getheaders()), response.read()


def test_loopback_server_isolates_the_page_and_answers_deep_links(site: tuple[str, int]) -> None:
    status, headers, body = get(site, "/")
    assert status == 200 and body == b"<title>app</title>"
    assert all(headers[name] == value for name, value in ISOLATION_HEADERS.items())
    status, headers, body = get(site, "/some/page")
    assert status == 404 and body == b"<title>deep link</title>"
    assert status == 404 and get(site, "/pyodide/")[2] == b"<title>deep link</title>"  # never a folder listing


def test_loopback_server_answers_only_its_own_name(site: tuple[str, int]) -> None:
    status, _, _ = get(site, "/", host=f"evil.example:{site[1]}")
    assert status == 421


def test_mount_specs_name_a_host_folder_and_an_absolute_app_path() -> None:
    assert parse_mount("~/data:/mnt/data") == HostFolder("~/data", "/mnt/data")
    assert parse_mount("C:\\Users\\me\\data:/mnt/data") == HostFolder("C:\\Users\\me\\data", "/mnt/data")
    for spec, error in [
        ("~/data", "expected HOST_DIR:APP_PATH"),
        ("data:/mnt/data", "must be absolute or start with ~"),
        ("~/data:/lib/python", "system folder"),
        ("~/data:/home/pyodide", "holds the app's own files"),
    ]:
        with pytest.raises(DesktopError, match=error):
            parse_mount(spec)


def test_the_programs_page_mounts_each_host_folder_from_the_loopback_server(app: Path, tmp_path: Path) -> None:
    mounts = (HostFolder("~/a", "/mnt/a"), HostFolder("/srv/b", "/mnt/b"))
    options = site_options(site_settings(settings(app, tmp_path / "dist", mounts=mounts), tmp_path / "site"), [])
    assert options["hostFolders"] == [
        {"path": "/mnt/a", "url": f".{HOST_FOLDERS_URL}0/"},
        {"path": "/mnt/b", "url": f".{HOST_FOLDERS_URL}1/"},
    ]


def test_a_folder_is_either_persisted_or_mounted(app: Path, tmp_path: Path) -> None:
    both = settings(app, tmp_path / "dist", persist=("/mnt/data",), mounts=(HostFolder("~/d", "/mnt/data"),))
    with pytest.raises(DesktopError, match="one or the other"):
        check_settings(both)


@pytest.fixture
def host_folder(tmp_path: Path) -> Iterator[tuple[Path, tuple[str, int], str]]:
    """A loopback server with one mounted folder: (the folder, the server, its cookie header)."""
    folder = tmp_path / "home" / "data"
    routes = HostFolderRoutes((HostFolder(str(folder), "/mnt/data"),))
    (tmp_path / "site").mkdir()
    server = start_server(tmp_path / "site", [0], {HOST_FOLDERS_URL: routes})
    name, value = routes.cookie()
    yield folder, ("127.0.0.1", server.server_port), f"{name}={value}"
    server.shutdown()
    server.server_close()


def call(
    site: tuple[str, int], method: str, path: str, cookie: str, body: bytes = b"", **headers: str
) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(*site, timeout=10)
    connection.request(method, path, body=body, headers={"Cookie": cookie, **headers})
    response = connection.getresponse()
    return response.status, response.read()


def test_a_mounted_folder_is_created_listed_read_and_written(host_folder) -> None:
    folder, site, cookie = host_folder
    assert folder.is_dir()  # created if missing
    (folder / "sub").mkdir()
    (folder / "sub" / "a.txt").write_text("hello")
    base = f"{HOST_FOLDERS_URL}0/"
    status, body = call(site, "GET", base + "?list", cookie)
    assert status == 200 and json.loads(body) == {"folders": ["sub"], "files": [{"path": "sub/a.txt", "size": 5}]}
    assert call(site, "GET", base + "sub/a.txt", cookie) == (200, b"hello")
    assert call(site, "PUT", base + "new%20folder/b.bin", cookie, bytes(range(256)))[0] == 204
    assert (folder / "new folder" / "b.bin").read_bytes() == bytes(range(256))
    destination = f"http://{site[0]}:{site[1]}{base}sub/c.bin"
    assert call(site, "MOVE", base + "new%20folder/b.bin", cookie, Destination=destination)[0] == 204
    assert (folder / "sub" / "c.bin").read_bytes() == bytes(range(256))
    assert call(site, "DELETE", base + "new%20folder/", cookie)[0] == 204
    assert call(site, "DELETE", base + "sub/a.txt", cookie)[0] == 204
    assert sorted(p.name for p in folder.rglob("*")) == ["c.bin", "sub"]
    assert call(site, "GET", base + "sub/missing.txt", cookie)[0] == 404


def test_a_mounted_folder_is_only_for_the_programs_own_web_view(host_folder) -> None:
    folder, site, cookie = host_folder
    (folder / "secret.txt").write_text("mine")
    base = f"{HOST_FOLDERS_URL}0/"
    assert call(site, "GET", base + "secret.txt", "wasmlit_host_folders=guess")[0] == 403
    assert call(site, "GET", base + "%2e%2e/%2e%2e/etc/passwd", cookie)[0] == 404  # never outside the folder
    assert call(site, "GET", f"{HOST_FOLDERS_URL}1/secret.txt", cookie)[0] == 404
