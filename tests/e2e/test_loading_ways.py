"""Every way stlite's pages load the bundle, each rendering the app: a classic `<script src>`,
`<script type="module" src=".../wasmlit.js">` (no document.currentScript there), `import { mount }`
from `wasmlit.mjs`, and a page opened from file:// with the bundle on an http host (it can
start only a classic worker)."""

from __future__ import annotations

import http.server
import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .support import RUNTIME_DIR, app_frame

APP = "import streamlit as st\\nst.header('Loaded ' + st.query_params.get('way', 'somehow'))"
OPTIONS = f'{{ files: {{ "streamlit_app.py": "{APP}" }} }}'

# The page is at the site's root and the runtime in ./wasmlit/: a bundle that looked for its
# files next to the page would get 404s.
PAGES = {
    "classic": f"""<script src="./wasmlit/wasmlit.js"></script>
<script>window.controller = wasmlit.mount({OPTIONS}, document.getElementById("root"));</script>""",
    "module-script": f"""<script type="module" src="./wasmlit/wasmlit.js"></script>
<script type="module">window.controller = wasmlit.mount({OPTIONS}, document.getElementById("root"));</script>""",
    "import": f"""<script type="module">
  import {{ mount }} from "./wasmlit/wasmlit.mjs";
  window.controller = mount({OPTIONS}, document.getElementById("root"));
</script>""",
}


def page_html(scripts: str) -> str:
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><title>Host page</title></head>
<body><h1>Host page</h1><div id="root"></div>
{scripts}
</body></html>
"""


@pytest.mark.parametrize("way", PAGES)
def test_each_way_of_loading_renders_the_app(page: Page, static_site, tmp_path: Path, way: str) -> None:
    os.symlink(RUNTIME_DIR, tmp_path / "wasmlit")
    (tmp_path / "index.html").write_text(page_html(PAGES[way]))
    page.goto(static_site(tmp_path) + f"?way={way}")
    expect(app_frame(page).get_by_role("heading", name=f"Loaded {way}")).to_be_visible()


class CorsHandler(http.server.SimpleHTTPRequestHandler):
    """A CDN-like host: every file may be read from any origin (a file:// page's is "null")."""

    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_page_opened_from_a_file_starts_its_worker(page: Page, static_site, tmp_path: Path) -> None:
    bundle = static_site(RUNTIME_DIR, CorsHandler)
    html = page_html(f"""<script type="module">
  import {{ mount }} from "{bundle}wasmlit.mjs";
  window.controller = mount({OPTIONS}, document.getElementById("root"));
</script>""")
    (tmp_path / "index.html").write_text(html)
    page.goto((tmp_path / "index.html").as_uri() + "?way=from+a+file")
    expect(app_frame(page).get_by_role("heading", name="Loaded from a file")).to_be_visible()
    page.evaluate("window.controller.unmount()")
    expect(page.locator("iframe")).to_have_count(0)
