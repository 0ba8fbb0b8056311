"""`stlite.mount()` / `wasmlit.mount()` on a hand-written page served by a plain static server."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Page, expect

from .support import RUNTIME_DIR, app_frame


def page_html(mount_call: str) -> str:
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><title>My page</title>
<script src="./wasmlit/wasmlit.js"></script></head>
<body>
<h1>A page of my own</h1>
<div id="root"></div>
<script>
  window.controller = {mount_call};
</script>
</body></html>
"""


STLITE_MOUNT = """stlite.mount(
    {
      entrypoint: "streamlit_app.py",
      files: {
        "streamlit_app.py": `import streamlit as st\\nfrom greeting import WORDS\\nst.header(WORDS)\\nst.write(st.text_input('Echo', 'typed text') + '!')`,
        "greeting.py": { url: "./greeting.py" },
      },
      streamlitConfig: { "client.toolbarMode": "viewer" },
    },
    document.getElementById("root"),
  )"""


def site_with_page(root: Path, html: str) -> Path:
    os.symlink(RUNTIME_DIR, root / "wasmlit")
    (root / "index.html").write_text(html)
    (root / "greeting.py").write_text("WORDS = 'Mounted by stlite.mount'\n")
    return root


def test_stlite_mount_on_a_hand_written_page(page: Page, static_site, tmp_path: Path) -> None:
    page.goto(static_site(site_with_page(tmp_path, page_html(STLITE_MOUNT))))
    expect(page.get_by_role("heading", name="A page of my own")).to_be_visible()
    app = app_frame(page)
    expect(app.get_by_role("heading", name="Mounted by stlite.mount")).to_be_visible()
    echo = app.get_by_label("Echo")
    echo.fill("changed")
    echo.press("Enter")
    expect(app.get_by_text("changed!")).to_be_visible()
    assert page.evaluate("window.wasmlit === window.stlite")


def test_mount_with_a_string_and_unmount(page: Page, static_site, tmp_path: Path) -> None:
    html = page_html(
        "wasmlit.mount(`import streamlit as st\\nst.write('just a string')`, document.getElementById('root'))"
    )
    page.goto(static_site(site_with_page(tmp_path, html)))
    expect(app_frame(page).get_by_text("just a string")).to_be_visible()
    page.evaluate("window.controller.unmount()")
    expect(page.locator("iframe")).to_have_count(0)


def test_boot_failure_is_explained_not_blank(page: Page, static_site, tmp_path: Path) -> None:
    html = page_html(STLITE_MOUNT).replace(
        '"greeting.py": { url: "./greeting.py" }', '"greeting.py": { url: "./no-such-file.py" }'
    )
    page.goto(static_site(site_with_page(tmp_path, html)))
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("The app could not start")
    expect(alert).to_contain_text("greeting.py")


def test_controller_files_and_python(page: Page, static_site, tmp_path: Path) -> None:
    page.goto(static_site(site_with_page(tmp_path, page_html(STLITE_MOUNT))))
    app = app_frame(page)
    expect(app.get_by_role("heading", name="Mounted by stlite.mount")).to_be_visible()
    page.evaluate("window.marker = 'no reload'")

    # A module the app imports changes: the app reruns with the new code, the page stays.
    page.evaluate("controller.writeFile('greeting.py', \"WORDS = 'Rewritten at run time'\")")
    expect(app.get_by_role("heading", name="Rewritten at run time")).to_be_visible()
    assert page.evaluate("window.marker") == "no reload"

    assert page.evaluate("controller.readFile('greeting.py', {encoding: 'utf8'})") == "WORDS = 'Rewritten at run time'"
    page.evaluate("controller.renameFile('greeting.py', 'kept.py')")
    assert page.evaluate("controller.runPython('import os; sorted(os.listdir(\".\"))')") == [
        "kept.py",
        "streamlit_app.py",
    ]
    page.evaluate("controller.unlink('kept.py')")
    assert page.evaluate("controller.runPython('import os; os.path.exists(\"kept.py\")')") is False
    error = page.evaluate("controller.readFile('../etc/passwd').then(() => 'read', (e) => e.message)")
    assert "outside the app's folder" in error
