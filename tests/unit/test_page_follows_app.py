"""What the host page takes from the app's frame (packages/mountable/src/page-title.ts and
friends), run under Node: the frame is where app code runs, so only plain text and safe URLs
may reach the page."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SOURCES = REPO / "packages" / "mountable" / "src"
ESBUILD = REPO / "node_modules" / ".bin" / "esbuild"
FRAME_ORIGIN = "http://127.0.0.1:8000"


def bundle(source: Path, out: Path) -> Path:
    if shutil.which("node") is None or not ESBUILD.exists():
        pytest.fail("needs node and node_modules (npm ci)")
    subprocess.run(
        [str(ESBUILD), str(source), "--bundle", "--format=esm", f"--outfile={out}", "--log-level=warning"], check=True
    )
    return out


def run_node(module: Path, expression: str) -> object:
    code = f"import * as m from {json.dumps(module.as_uri())};\nconsole.log(JSON.stringify({expression}));"
    result = subprocess.run(["node", "--input-type=module", "-e", code], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def page_title(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bundle(SOURCES / "page-title.ts", tmp_path_factory.mktemp("page-title") / "page-title.mjs")


ICONS = [
    ("data:image/svg+xml,<svg></svg>", True),
    ("data:image/png;base64,iVBORw0KGgo=", True),
    ("https://fonts.gstatic.com/s/i/icon.svg", True),
    (f"{FRAME_ORIGIN}/frontend/favicon.png", True),
    (f"blob:{FRAME_ORIGIN}/0b7c6a4e-1d2f-4c51-9f0e-3a1b2c3d4e5f", True),
    ("blob:http://elsewhere.example/0b7c6a4e-1d2f-4c51-9f0e-3a1b2c3d4e5f", False),
    ("javascript:alert(1)", False),
    ("data:text/html,<script>alert(1)</script>", False),
    ("relative/icon.png", False),
    ("", False),
    (42, False),
]


def test_only_image_urls_become_the_tab_icon(page_title: Path) -> None:
    values = [value for value, _ in ICONS]
    accepted = run_node(page_title, f"{json.dumps(values)}.map((v) => m.tabIconUrl(v, {json.dumps(FRAME_ORIGIN)}))")
    assert isinstance(accepted, list)
    for (value, ok), result in zip(ICONS, accepted, strict=True):
        assert (result is not None) == ok, value


def test_titles_are_text_and_bounded(page_title: Path) -> None:
    titles = run_node(page_title, "['<b>Hi</b>', 'x'.repeat(2000), 7, null].map(m.tabTitle)")
    assert isinstance(titles, list)
    assert titles[0] == "<b>Hi</b>"
    assert len(titles[1]) == 500
    assert titles[2:] == [None, None]


@pytest.fixture(scope="module")
def app_address(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bundle(SOURCES / "boot" / "app-address.ts", tmp_path_factory.mktemp("app-address") / "app-address.mjs")


def test_the_apps_url_for_each_page(app_address: Path) -> None:
    own = {"url": "http://127.0.0.1:8000/site/", "pagePaths": True}
    embedding = {"url": "http://127.0.0.1:8000/docs/demo.html", "pagePaths": False}
    cases = [(own, ""), (own, "second"), (embedding, ""), (embedding, "second")]
    urls = run_node(app_address, f"{json.dumps(cases)}.map(([a, p]) => m.appUrlAt(a, p))")
    assert urls == [
        "http://127.0.0.1:8000/site/",
        "http://127.0.0.1:8000/site/second",
        "http://127.0.0.1:8000/docs/demo.html",
        "http://127.0.0.1:8000/docs/demo.html",
    ]


def test_a_component_src_names_the_apps_url(app_address: Path) -> None:
    base = f"{FRAME_ORIGIN}/frontend/_wasmlit/0123abcd/component/my.comp/index.html"
    srcs = [
        f"{base}?streamlitUrl=http%3A%2F%2F127.0.0.1%3A8000%2Ffrontend%2F&__streamlit_parent_client_id=7",
        f"{base}?other=1",  # a component frame without one is left alone
    ]
    renamed = run_node(app_address, f"{json.dumps(srcs)}.map((s) => m.withStreamlitUrl(s, 'http://127.0.0.1:8000/'))")
    assert isinstance(renamed, list)
    assert "streamlitUrl=http%3A%2F%2F127.0.0.1%3A8000%2F&__streamlit_parent_client_id=7" in renamed[0]
    assert renamed[1] == srcs[1]
