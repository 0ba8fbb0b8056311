"""mount()'s options, each as a page author would pass it, on a plain static site."""

from __future__ import annotations

import json
import os
from pathlib import Path

from playwright.sync_api import Page, expect

from .mount_site import make_site
from .support import RUNTIME_DIR, app_frame

BAD_OPTIONS = """
<div id="slots"></div>
<script>
  const cases = [
    { requirement: ["humanize"] },
    { files: { "streamlit_app.py": "" }, requirements: "humanize" },
    { files: { "streamlit_app.py": "", "data.bin": 42 } },
    { files: { "streamlit_app.py": "" }, archives: [{ url: "a.rar", format: "rar" }] },
    { files: { "streamlit_app.py": "" }, env: { "1BAD": "x" } },
    { files: { "streamlit_app.py": "" }, sharedWorker: "yes" },
    { entrypoint: "main.py", files: { "app.py": "" } },
    { files: { "streamlit_app.py": "" }, languageServer: true },
  ];
  window.thrown = cases.map((options) => {
    const slot = document.createElement("div");
    document.getElementById("slots").append(slot);
    try {
      wasmlit.mount(options, slot);
      return "no error";
    } catch (error) {
      return error.message;
    }
  });
</script>
"""


def test_a_bad_option_is_named_thrown_and_shown(page: Page, static_site, tmp_path: Path) -> None:
    page.goto(static_site(make_site(tmp_path, BAD_OPTIONS)))
    thrown = page.evaluate("window.thrown")
    expected = [
        'option "requirement" is not a mount() option (did you mean "requirements"?)',
        'option "requirements" must be a list of strings',
        'option "files["data.bin"]" must be a string, bytes',
        'option "archives[0].format" must be one of zip',
        'option "env["1BAD"]" is not a valid environment variable name',
        'option "sharedWorker" must be true or false',
        'option "entrypoint" names "main.py", which is not among the files',
        'option "languageServer" is not supported by wasmlit',
    ]
    assert len(thrown) == len(expected)
    for message, fragment in zip(thrown, expected, strict=True):
        assert fragment in message, message
    # Each mistake is also on the page, where the app would have been; nothing started.
    alerts = page.get_by_role("alert")
    expect(alerts).to_have_count(len(expected))
    expect(alerts.nth(0)).to_contain_text('did you mean "requirements"?')
    expect(page.locator("iframe")).to_have_count(0)


APP = r"""
import importlib.util
import os
import streamlit as st

st.header("Options arrived")
st.text("env=" + os.environ["MY_SETTING"])
st.text("text=" + open("notes.txt").read())
st.text("bytes=" + open("blob.bin", "rb").read().hex())
st.text("data=" + open("data/inline.txt").read())
st.text("relative=" + open("relative.txt").read())
st.text("absolute=" + open("absolute.txt").read())
st.text("theme=" + str(st.get_option("theme.base")))
st.text("micropip=" + str(importlib.util.find_spec("micropip") is not None))
"""

KITCHEN_SINK = """
<div id="root"></div>
<script>
  window.controller = stlite.mount(
    {
      entrypoint: "streamlit_app.py",
      files: {
        "streamlit_app.py": { data: APP_CODE },
        "notes.txt": "a string",
        "blob.bin": new Uint8Array([1, 2, 255]),
        "data/inline.txt": { data: new TextEncoder().encode("a {data} file"), opts: { encoding: "utf8" } },
        "relative.txt": { url: "./files/relative.txt" },
        "absolute.txt": { url: new URL("files/absolute.txt", location.href).href },
      },
      env: { MY_SETTING: "on" },
      streamlitConfig: { "theme.base": "dark", "client.toolbarMode": "viewer" },
      prebuiltPackageNames: ["micropip", "no-such-package"],
      pyodideUrl: "./self-hosted-pyodide/pyodide.mjs",
      styleNonce: "n0nce",
      hostConfig: { disableFullscreenMode: true },
    },
    document.getElementById("root"),
  );
</script>
"""


# A page whose CSP allows only styles carrying its nonce, and records what it blocks.
STRICT_STYLES = """<meta http-equiv="Content-Security-Policy" content="style-src 'nonce-n0nce'">
<script>
  window.blocked = [];
  document.addEventListener("securitypolicyviolation", (event) => window.blocked.push(event.violatedDirective));
</script>"""


def test_every_kind_of_option_reaches_the_app(page: Page, static_site, tmp_path: Path) -> None:
    body = KITCHEN_SINK.replace("APP_CODE", json.dumps(APP))
    site = make_site(
        tmp_path,
        body,
        head=STRICT_STYLES,
        files={"files/relative.txt": "fetched relative", "files/absolute.txt": "fetched absolute"},
    )
    os.symlink(RUNTIME_DIR / "pyodide", site / "self-hosted-pyodide")
    requested: list[str] = []
    page.context.on("request", lambda request: requested.append(request.url))
    page.goto(static_site(site))

    app = app_frame(page)
    expect(app.get_by_role("heading", name="Options arrived")).to_be_visible()
    for line in [
        "env=on",
        "text=a string",
        "bytes=0102ff",
        "data=a {data} file",
        "relative=fetched relative",
        "absolute=fetched absolute",
        "theme=dark",
        "micropip=True",
    ]:
        expect(app.get_by_text(line, exact=True)).to_be_visible()
    # prebuiltPackageNames: a name the lock lacks is named, the app still runs.
    expect(page.get_by_role("alert").filter(has_text='No package named "no-such-package"')).to_be_visible()
    # pyodideUrl: Pyodide itself came from the self-hosted copy.
    assert any(url.endswith("/self-hosted-pyodide/pyodide.asm.wasm") for url in requested), requested
    # styleNonce: the one <style> wasmlit adds carries it.
    assert page.evaluate("[...document.querySelectorAll('.wasmlit-app style')].map((s) => s.nonce)") == ["n0nce"]
    assert page.evaluate("window.blocked") == []
    # hostConfig: merged into the host config the stock frontend reads at start.
    frame = page.locator("iframe[title='Streamlit app']").element_handle().content_frame()
    assert frame.evaluate("window.__streamlit.HOST_CONFIG.disableFullscreenMode") is True


QUIET = """
<div id="quiet"></div>
<script>
  window.stylesBefore = document.querySelectorAll("style").length;
  window.events = [];
  window.quiet = wasmlit.mount(
    {
      files: { "streamlit_app.py": "import streamlit as st", "missing.txt": { url: "./no-such-file.txt" } },
      disableDocumentStyles: true,
      disableProgressToasts: true,
      disableErrorToasts: true,
    },
    document.getElementById("quiet"),
  );
  window.quiet.addEventListener("loadError", (event) => window.events.push(event.detail.message));
</script>
"""


def test_quiet_mount_adds_no_style_and_no_notices(page: Page, static_site, tmp_path: Path) -> None:
    page.goto(static_site(make_site(tmp_path, QUIET)))
    assert page.evaluate("document.querySelectorAll('style').length") == page.evaluate("window.stylesBefore")
    expect(page.get_by_role("status")).to_have_count(0)  # no progress cover
    # The boot fails (a file is missing): the page hears it, but shows nothing.
    page.wait_for_function("window.events.length > 0")
    assert 'Could not fetch the app file "missing.txt"' in page.evaluate("window.events[0]")
    expect(page.get_by_role("alert")).to_have_count(0)
