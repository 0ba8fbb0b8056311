"""The controller's events (stlite's names and shapes), heard by a page that listens."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from .mount_site import make_site, tiny_wheel_index
from .support import app_frame

PAGE = """
<div id="root"></div>
<script>
  window.heard = [];
  const hear = (name, detail) => window.heard.push({ name, detail });
  window.controller = wasmlit.mount(
    {
      files: { "streamlit_app.py": "import streamlit as st\\nimport tinypkg\\nst.header(tinypkg.WORD)" },
      packageIndexUrl: "./simple/",
    },
    document.getElementById("root"),
  );
  // stlite pages listen on controller._kernel; it is the controller itself here.
  const target = window.controller._kernel;
  target.addEventListener("loadProgress", (event) => hear("loadProgress", event.detail));
  target.addEventListener("loadFinished", () => hear("loadFinished", null));
  target.addEventListener("loadError", (event) => hear("loadError", event.detail.message));
  target.addEventListener("writeFile", (event) => hear("writeFile", event.detail.path));
  target.addEventListener("moduleAutoLoad", (event) => {
    hear("moduleAutoLoad", event.detail.packagesToLoad);
    event.detail.promise.then(
      (packages) => hear("moduleAutoLoad resolved", packages.map((p) => p.name)),
      (error) => hear("moduleAutoLoad rejected", error.message),
    );
  });
</script>
"""


def heard(page: Page, name: str) -> list[object]:
    return [event["detail"] for event in page.evaluate("window.heard") if event["name"] == name]


def test_load_and_module_auto_load_events(page: Page, static_site, tmp_path: Path) -> None:
    site = make_site(tmp_path, PAGE)
    tiny_wheel_index(site, "tinypkg", "WORD = 'Installed because the app imports it'\n")
    page.goto(static_site(site))
    app = app_frame(page)
    expect(app.get_by_role("heading", name="Installed because the app imports it")).to_be_visible()

    page.wait_for_function("window.heard.some((e) => e.name === 'moduleAutoLoad resolved')")
    progress = heard(page, "loadProgress")
    assert progress[0].startswith("Downloading Python runtime: ")  # with its numbers (test_boot_progress.py)
    assert "Starting the app" in progress
    assert heard(page, "loadFinished") == [None]
    assert heard(page, "loadError") == []
    assert heard(page, "moduleAutoLoad") == [["tinypkg"]]
    assert heard(page, "moduleAutoLoad resolved") == [["tinypkg"]]
    assert page.evaluate("controller.loaded.then(() => 'loaded')") == "loaded"

    # After boot: a new import in written code is installed (announced first), then the app reruns.
    page.evaluate(
        """controller.writeFile("streamlit_app.py",
            "import streamlit as st\\nimport not_on_any_index\\nst.header('unreachable')")"""
    )
    page.wait_for_function("window.heard.some((e) => e.name === 'moduleAutoLoad rejected')")
    assert heard(page, "writeFile") == ["streamlit_app.py"]
    assert heard(page, "moduleAutoLoad")[-1] == ["not-on-any-index"]
    assert "not-on-any-index" in str(heard(page, "moduleAutoLoad rejected")[0])
    # The page also says which package could not be installed.
    expect(page.get_by_role("alert").filter(has_text="not-on-any-index")).to_be_visible()
    # And the app shows the import error the way Streamlit does.
    expect(app.get_by_text("ModuleNotFoundError")).to_be_visible()
