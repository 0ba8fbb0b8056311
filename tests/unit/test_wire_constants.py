"""Values Python and TypeScript must agree on, checked across the seam with real values from
both sides: a drift fails here, not in a browser."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from wasmlit import pins
from wasmlit_shim.imports import BOOT_NAMESPACED, BOOT_PACKAGES
from wasmlit_shim.media import DOWNLOAD_NAME_MARKER

from .typescript import REPO, bundle, run_node

MOUNTABLE = REPO / "packages" / "mountable" / "src"
RUNTIME_LOCK = REPO / "python" / "wasmlit" / "runtime" / "pyodide" / "pyodide-lock.json"


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("wire")


def test_a_download_url_from_the_shim_names_its_file_in_the_frontend(out_dir: Path) -> None:
    name = "Monthly report (v2) – ü.csv"
    url = "blob:http://127.0.0.1:8000/1f0e" + DOWNLOAD_NAME_MARKER + quote(name, safe="")
    module = bundle(MOUNTABLE / "frame" / "downloads.ts", out_dir)
    assert run_node(module, f"console.log(JSON.stringify(mod.downloadName({json.dumps(url)})))") == name


def test_stop_and_rerun_are_recognised_in_the_pinned_streamlits_backmsgs(out_dir: Path) -> None:
    stop, rerun, other = BackMsg(), BackMsg(), BackMsg()
    stop.stop_script = True
    rerun.rerun_script.query_string = "a=1"
    rerun.rerun_script.page_script_hash = "f" * 32
    other.file_urls_request.request_id = "x"
    other.file_urls_request.file_names.append("data.csv")
    messages = [list(message.SerializeToString()) for message in (stop, rerun, other)]
    module = bundle(MOUNTABLE / "frame" / "control-messages.ts", out_dir)
    script = f"console.log(JSON.stringify({json.dumps(messages)}.map((b) => mod.controlKindOf(new Uint8Array(b)))))"
    assert run_node(module, script) == ["stop", "rerun", None]


def test_the_import_scan_knows_every_package_the_runtime_boots_with() -> None:
    # The scan must never report (or try to install) what the runtime already has.
    packages = json.loads(RUNTIME_LOCK.read_text())["packages"]
    for name in pins.VENDORED_WHEELS:
        for module in packages[name]["imports"]:
            namespaced = any(dotted.split(".")[0] == module for dotted in BOOT_NAMESPACED)
            assert module in BOOT_PACKAGES or namespaced, f"{name} provides {module}, unknown to imports.BOOT_PACKAGES"
