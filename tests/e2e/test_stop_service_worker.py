"""On a static host that sends no special headers, wasmlit's service worker can make the
page cross-origin isolated (service-worker/isolation.ts), so Stop reaches a busy script."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Page, expect

from .support import RUNTIME_DIR, app_frame, stop_then_rerun
from .test_stop import RUNAWAY_APP

# The page registers the isolating service worker; loaded before it took control, it reloads once.
PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Isolated by a service worker</title>
<script src="./wasmlit.js"></script></head>
<body>
<div id="root"></div>
<script type="module">
  await navigator.serviceWorker.register("./wasmlit-sw.js?isolate=1", { scope: "./" });
  await navigator.serviceWorker.ready;
  if (!crossOriginIsolated && !navigator.serviceWorker.controller) {
    await new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
  }
  if (!crossOriginIsolated && !sessionStorage.getItem("reloaded")) {
    sessionStorage.setItem("reloaded", "1");
    location.reload();
  } else {
    window.controller = wasmlit.mount(`APP`, document.getElementById("root"));
  }
</script>
</body></html>
"""


def site_in_the_bundle_folder(root: Path) -> Path:
    """The page next to the bundle's files, inside the service worker's scope (as an export is)."""
    folder = root / "app"
    folder.mkdir()
    for entry in RUNTIME_DIR.iterdir():
        os.symlink(entry, folder / entry.name)
    source = RUNAWAY_APP.replace("\\", "\\\\").replace("`", "\\`")
    (folder / "index.html").write_text(PAGE.replace("APP", source))
    return root


def test_service_worker_isolates_a_static_page_and_stop_works(page: Page, static_site, tmp_path: Path) -> None:
    page.goto(static_site(site_in_the_bundle_folder(tmp_path)) + "app/index.html")
    app = app_frame(page)
    expect(app.get_by_text("Hello !")).to_be_visible()
    assert page.evaluate("crossOriginIsolated")
    app.get_by_role("button", name="Run forever").click()
    expect(app.get_by_text("looping")).to_be_visible()
    stop_then_rerun(app, stop_timeout_ms=5_000)
    # The frontend's own registration kept the isolating service worker.
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("wasmlit-sw.js?isolate=1")
