"""The Python side of the sharing editor's link format (`wasmlit share`), checked against the
editor's own TypeScript decoder (its unit tests are `*.test.ts`, run by `make test-ts`)."""

from __future__ import annotations

import base64
import json
import subprocess
import zlib
from pathlib import Path

import pytest
from wasmlit.app_folder import find_app
from wasmlit.cli import main
from wasmlit.editor_site import EDITOR_DIR, SITE_MARKER, EditorExportError, export_editor
from wasmlit.mount_options import InvalidPersistPath
from wasmlit.runtime_bundle import BUNDLE_SCRIPTS, DEV_SCRIPTS, LOCK_FILE
from wasmlit.share_link import encode_fragment, link_payload, share_link
from wasmlit.vendoring import SitePackages

REPO = Path(__file__).resolve().parents[2]
CODEC = EDITOR_DIR / "test" / "link-codec.mjs"

# Decodes a fragment given on stdin with the editor's own decoder; prints the app as JSON.
DECODE_SCRIPT = """
import { decodeLink } from %s;
let input = "";
for await (const chunk of process.stdin) input += chunk;
try {
  const { project, runtime, kind } = await decodeLink(input.trim());
  const files = Object.fromEntries(Object.entries(project.files).map(([path, content]) =>
    [path, typeof content === "string" ? { text: content } : { base64: Buffer.from(content).toString("base64") }]));
  console.log(JSON.stringify({ ok: true, kind, runtime, entrypoint: project.entrypoint, requirements: project.requirements, persist: project.persist, files }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, name: error.name, message: error.message }));
}
"""


@pytest.fixture(scope="module")
def built_editor() -> Path:
    if not CODEC.is_file():
        pytest.fail("the editor is not built: run `make build`")
    return EDITOR_DIR


def ts_decode(fragment: str) -> dict[str, object]:
    script = DECODE_SCRIPT % json.dumps(CODEC.as_uri())
    done = subprocess.run(
        ["node", "--input-type=module", "-e", script], input=fragment, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def make_app(folder: Path) -> Path:
    (folder / "pages").mkdir(parents=True)
    (folder / "streamlit_app.py").write_text("import streamlit as st\nst.write('héllo ✓')\n", encoding="utf-8")
    (folder / "pages" / "two.py").write_text("import streamlit as st\n")
    (folder / "logo.png").write_bytes(bytes([0x89, 0x50, 0x4E, 0x47, 0, 255, 254, 1]))
    (folder / "requirements.txt").write_text("# a comment\nhumanize==4.9.0\n")
    return folder


def test_python_links_open_in_the_editor_byte_for_byte(built_editor: Path, tmp_path: Path) -> None:
    app = find_app(make_app(tmp_path / "app"))
    decoded = ts_decode(encode_fragment(link_payload(app)))
    assert decoded["ok"], decoded
    assert decoded["kind"] == "wasmlit"
    assert decoded["entrypoint"] == "streamlit_app.py"
    assert decoded["requirements"] == ["humanize==4.9.0"]
    files = decoded["files"]
    assert isinstance(files, dict)
    assert set(files) == {"streamlit_app.py", "pages/two.py", "logo.png"}
    assert files["streamlit_app.py"] == {"text": "import streamlit as st\nst.write('héllo ✓')\n"}
    assert base64.b64decode(files["logo.png"]["base64"]) == (app.root / "logo.png").read_bytes()


def test_the_format_is_raw_deflate_json(tmp_path: Path) -> None:
    fragment = encode_fragment(link_payload(find_app(make_app(tmp_path / "app"))))
    assert fragment.startswith("w2=") and "=" not in fragment[3:]
    encoded = fragment[3:]
    data = zlib.decompress(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)), -15)
    payload = json.loads(data)
    assert payload["v"] == 2 and payload["runtime"] and payload["persist"] == []


def test_persistent_folders_reach_the_editor_relative_to_the_app(built_editor: Path, tmp_path: Path) -> None:
    app = find_app(make_app(tmp_path / "app"))
    payload = link_payload(app, ["data", "./uploads/", "/home/pyodide/db", "data"])
    assert payload["persist"] == ["data", "uploads", "db"]
    decoded = ts_decode(encode_fragment(payload))
    assert decoded["ok"], decoded
    assert decoded["persist"] == ["data", "uploads", "db"]


@pytest.mark.parametrize("path", ["/mnt/data", "../up", "/lib", ""])
def test_a_link_keeps_only_folders_inside_the_app(tmp_path: Path, path: str) -> None:
    with pytest.raises(InvalidPersistPath, match="--persist"):
        link_payload(find_app(make_app(tmp_path / "app")), [path])


def test_a_cut_short_python_link_is_refused_by_the_editor(built_editor: Path, tmp_path: Path) -> None:
    fragment = encode_fragment(link_payload(find_app(make_app(tmp_path / "app"))))
    decoded = ts_decode(fragment[: len(fragment) // 2])
    assert decoded == {"ok": False, "name": "LinkError", "message": decoded["message"]}
    assert "cut short" in str(decoded["message"]) or "damaged" in str(decoded["message"])


def test_share_prints_the_editor_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_app(tmp_path / "app")
    assert main(["share", str(tmp_path / "app"), "--editor-url", "https://edit.example/"]) == 0
    link = capsys.readouterr().out.strip()
    assert link == share_link(find_app(tmp_path / "app"), "https://edit.example/")
    assert link.startswith("https://edit.example/#w2=")


def test_share_carries_persist_and_refuses_a_folder_outside_the_app(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_app(tmp_path / "app")
    assert main(["share", str(tmp_path / "app"), "--persist", "data"]) == 0
    link = capsys.readouterr().out.strip()
    assert link == share_link(find_app(tmp_path / "app"), "http://127.0.0.1:8600/", ["data"])
    assert main(["share", str(tmp_path / "app"), "--persist", "/mnt/data"]) != 0
    assert "inside the app's folder" in capsys.readouterr().err


def test_export_editor_writes_a_site_and_never_replaces_other_folders(built_editor: Path, tmp_path: Path) -> None:
    runtime = tmp_path / "runtime"
    for part in (*BUNDLE_SCRIPTS, *DEV_SCRIPTS, "frontend/index.html", f"pyodide/{LOCK_FILE}"):
        (runtime / part).parent.mkdir(parents=True, exist_ok=True)
        (runtime / part).write_text("{}")
    jedi = tmp_path / "jedi-0.20.1-py3-none-any.whl"
    jedi.write_bytes(b"a wheel")
    lock = {"packages": {"jedi": {"file_name": jedi.name}}}
    completion = SitePackages(lock, [jedi], [], [], [])
    site = export_editor(tmp_path / "site", "https://preview.example/preview/", runtime, completion)
    assert json.loads((site / "config.json").read_text())["previewUrl"] == "https://preview.example/preview/"
    assert (site / "index.html").is_file() and (site / "runtime" / "wasmlit.js").is_file()
    # Completion's packages are the runtime's: in its lock, their wheels next to it.
    assert json.loads((site / "runtime" / "pyodide" / LOCK_FILE).read_text()) == lock
    assert (site / "runtime" / "pyodide" / jedi.name).read_bytes() == b"a wheel"
    assert not (site / "test").exists()
    assert (site / SITE_MARKER).is_file()
    export_editor(site, None, runtime, completion)  # a previous export is replaced
    assert json.loads((site / "config.json").read_text())["previewUrl"] is None
    other = tmp_path / "other"
    other.mkdir()
    (other / "keep.txt").write_text("mine")
    with pytest.raises(EditorExportError, match="not an editor export"):
        export_editor(other, None, runtime, completion)
    assert (other / "keep.txt").read_text() == "mine"
