"""The pages a benchmark loads: the demo app mounted on a page of its own, and a page
that does nothing but `loadPyodide()` in a module worker (the floor)."""

from __future__ import annotations

import json
import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RUNTIME_DIR = Path(os.environ.get("WASMLIT_RUNTIME_DIR", REPO / "python" / "wasmlit" / "runtime"))
DEMO_APP = REPO / "examples" / "hello" / "streamlit_app.py"

APP_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>bench</title>
<script src="./wasmlit/wasmlit.js"></script></head>
<body><script>
window.controller = wasmlit.mount({options}, document.body);
</script></body></html>
"""

# The worker reports when Pyodide is ready; the page notes the time since navigation.
BARE_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>bare</title></head>
<body><script>
const source = `
  const {{ loadPyodide }} = await import(new URL("./wasmlit/pyodide/pyodide.mjs", "${{location.href}}").href);
  await loadPyodide({{ indexURL: new URL("./wasmlit/pyodide/", "${{location.href}}").href }});
  postMessage("ready");
`;
const worker = new Worker(URL.createObjectURL(new Blob([source], {{ type: "text/javascript" }})), {{ type: "module" }});
worker.onmessage = () => {{ window.pyodideReadyAt = performance.now(); }};
</script></body></html>
"""


def write_site(root: Path) -> Path:
    """A folder laid out as a static host would serve an exported app."""
    os.symlink(RUNTIME_DIR, root / "wasmlit")
    options = {"entrypoint": "streamlit_app.py", "files": {"streamlit_app.py": DEMO_APP.read_text()}}
    (root / "app.html").write_text(APP_PAGE.format(options=json.dumps(options).replace("</", "<\\/")))
    (root / "bare.html").write_text(BARE_PAGE.format())
    return root
