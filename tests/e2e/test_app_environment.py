"""An app's os.environ holds what the runtime sets (as in any browser worker) and what the page
asked for with `env`, and nothing of the machine that built the runtime (its memory snapshot
was once made with the build script's path in os.environ["_"])."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page, expect

from .support import REPO, RUNTIME_DIR, app_frame
from .test_mount_api import page_html, site_with_page

APP = """
import json, os, sys
import streamlit as st
st.code(json.dumps({"environ": dict(os.environ), "executable": sys.executable, "argv": sys.orig_argv}), language=None)
"""

# What Pyodide and Emscripten set in every browser worker (values are the same everywhere).
RUNTIME_ENVIRONMENT = {
    "USER": "web_user",
    "LOGNAME": "web_user",
    "PATH": "/",
    "PWD": "/",
    "HOME": "/home/pyodide",
    "LANG": "C.UTF-8",
    "_": "./this.program",
    "PYTHONINSPECT": "1",
}
# What Streamlit sets itself, as under `streamlit run` (streamlit/__init__.py, web/bootstrap.py).
STREAMLIT_ENVIRONMENT = {"MPLBACKEND": "Agg", "MAPBOX_API_KEY": ""}


def test_os_environ_holds_only_what_the_runtime_and_the_page_set(page: Page, static_site, tmp_path: Path) -> None:
    mount = f"wasmlit.mount({{files: {{'streamlit_app.py': {json.dumps(APP)}}}, env: {{MY_SETTING: 'on'}}}}, document.getElementById('root'))"
    page.goto(static_site(site_with_page(tmp_path, page_html(mount))))
    shown = app_frame(page).locator("code").filter(has_text="environ")
    expect(shown).to_be_visible()
    seen = json.loads(shown.inner_text())
    environ: dict[str, str] = seen["environ"]

    everything = json.dumps(seen)
    for machine_path in (str(REPO), str(RUNTIME_DIR.resolve()), "snapshot.mjs"):
        assert machine_path not in everything, f"{machine_path} of the build machine reached the app"
    # Pyodide's own library path (inside the virtual file system) is the runtime's too.
    assert environ.pop("LD_LIBRARY_PATH").startswith("/usr/lib:/lib/python3")
    assert environ == {**RUNTIME_ENVIRONMENT, **STREAMLIT_ENVIRONMENT, "MY_SETTING": "on"}
