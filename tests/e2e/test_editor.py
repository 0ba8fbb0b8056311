"""The sharing editor end to end: code, files and requirements reach the preview (another
origin) through the mount controller; links, drafts and forks; what the preview cannot reach."""

from __future__ import annotations

import base64
import hashlib
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, expect
from wasmlit.share_link import encode_fragment

from .conftest import BOOT_TIMEOUT_MS, CHROMIUM_ARGS
from .editor_support import EditorSite, preview_app, running_editor, save, set_code, tab
from .support import IDBFS_STORED_TEXT, stop_then_rerun

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)

# Lists the app's files with a hash of each, so a person (and the test) sees what arrived.
FILE_LISTER = """import hashlib
from pathlib import Path
import streamlit as st

root = Path(__file__).parent
for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")):
    name = path.relative_to(root).as_posix()
    st.write(f"file {name} sha {hashlib.sha256(path.read_bytes()).hexdigest()[:16]}")
"""


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


@pytest.fixture(scope="module")
def editor() -> Iterator[EditorSite]:
    with running_editor() as site:
        yield site


def open_editor(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.get_by_role("status", name="Preview status")).to_have_text("Running")


def test_typed_code_runs_in_the_preview_on_ctrl_s(page: Page, editor: EditorSite) -> None:
    open_editor(page, editor.url)
    expect(preview_app(page).get_by_text("Hello, world!")).to_be_visible()
    set_code(page, "import streamlit as st\nst.write('typed ' + str(6 * 7))\n")
    save(page)
    expect(preview_app(page).get_by_text("typed 42")).to_be_visible()
    # The preview is another origin than the editor.
    frame_src = page.locator("iframe.preview-frame").get_attribute("src") or ""
    assert frame_src.startswith(editor.preview_url) and not frame_src.startswith(editor.url)


def test_files_added_uploaded_renamed_and_deleted_reach_the_app(page: Page, editor: EditorSite) -> None:
    open_editor(page, editor.url)
    set_code(page, FILE_LISTER)
    save(page)
    app = preview_app(page)
    expect(app.get_by_text("file streamlit_app.py sha")).to_be_visible()

    page.get_by_role("button", name="+ File").click()
    page.get_by_role("textbox", name="New file name").fill("notes.md")
    page.get_by_role("button", name="OK").click()
    set_code(page, "first notes")
    save(page)
    expect(app.get_by_text(f"file notes.md sha {sha(b'first notes')}")).to_be_visible()

    page.locator("#upload-input").set_input_files({"name": "dot.png", "mimeType": "image/png", "buffer": PNG})
    expect(app.get_by_text(f"file dot.png sha {sha(PNG)}")).to_be_visible()
    expect(page.get_by_text(f"dot.png: {len(PNG)} bytes of binary data")).to_be_visible()

    tab(page, "notes.md").click()
    page.get_by_role("button", name="Rename").click()
    page.get_by_role("textbox", name="Rename notes.md to").fill("renamed.md")
    page.get_by_role("button", name="OK").click()
    expect(app.get_by_text(f"file renamed.md sha {sha(b'first notes')}")).to_be_visible()
    tab(page, "streamlit_app.py").click()
    save(page)
    expect(app.get_by_text("file notes.md")).to_have_count(0)

    tab(page, "renamed.md").click()
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_text("Delete renamed.md? This cannot be undone.")).to_be_visible()
    page.get_by_role("button", name="Delete").last.click()
    expect(tab(page, "renamed.md")).to_have_count(0)
    expect(app.get_by_text("file renamed.md")).to_have_count(0)
    expect(app.get_by_text(f"file dot.png sha {sha(PNG)}")).to_be_visible()


def test_a_requirement_is_installed_from_the_package_proxy_before_the_rerun(page: Page, editor: EditorSite) -> None:
    open_editor(page, editor.url)
    tab(page, "requirements").click()
    set_code(page, "humanize\n")
    tab(page, "streamlit_app.py").click()
    set_code(page, "import humanize\nimport streamlit as st\nst.write('size: ' + humanize.naturalsize(3_000_000))\n")
    save(page)
    expect(preview_app(page).get_by_text("size: 3.0 MB")).to_be_visible()
    # A requirement that cannot be installed: the preview's status names it; the app keeps running.
    tab(page, "requirements").click()
    set_code(page, "humanize\nno-such-package-wasmlit-test\n")
    save(page)
    expect(page.get_by_role("status", name="Preview status")).to_contain_text("no-such-package-wasmlit-test")
    expect(preview_app(page).get_by_text("size: 3.0 MB")).to_be_visible()


def share_links(page: Page) -> tuple[str, str]:
    page.get_by_role("button", name="Share").click()
    editor_link = page.get_by_role("textbox", name="Editor link").input_value()
    app_link = page.get_by_role("textbox", name="App-only link").input_value()
    expect(page.locator("[data-for=editor-link]")).to_have_text(f"{len(editor_link):,} characters")
    assert app_link in page.get_by_role("textbox", name="Embed").input_value().replace("&amp;", "&")
    page.get_by_role("button", name="Close").click()
    return editor_link, app_link


def test_a_share_link_opens_the_same_files_byte_for_byte_in_a_fresh_profile(
    page: Page, browser: Browser, editor: EditorSite
) -> None:
    open_editor(page, editor.url)
    set_code(page, FILE_LISTER)
    page.locator("#upload-input").set_input_files({"name": "dot.png", "mimeType": "image/png", "buffer": PNG})
    expect(preview_app(page).get_by_text(f"file dot.png sha {sha(PNG)}")).to_be_visible()
    editor_link, app_link = share_links(page)
    assert "#w2=" in editor_link and app_link.startswith(editor.preview_url)

    fresh = browser.new_context()
    try:
        other = fresh.new_page()
        other.set_default_timeout(BOOT_TIMEOUT_MS)
        open_editor(other, editor_link)
        for name, data in (("dot.png", PNG), ("streamlit_app.py", FILE_LISTER.encode())):
            expect(preview_app(other).get_by_text(f"file {name} sha {sha(data)}")).to_be_visible()
        expect(tab(other, "dot.png")).to_be_visible()
        # The app-only link: the app full-window, no code.
        other.goto(app_link)
        expect(
            other.frame_locator("iframe[title='Streamlit app']").get_by_text(f"file dot.png sha {sha(PNG)}")
        ).to_be_visible()
        expect(other.locator(".cm-content")).to_have_count(0)
        # Served by the preview's service worker (installed by the editor's visit): isolated, so Stop works.
        assert other.evaluate("crossOriginIsolated")
    finally:
        fresh.close()


def stlite_link(files: dict[str, str | bytes], requirements: list[str], entrypoint: str) -> str:
    """stlite's `#!` link, written from its protobuf schema (AppData/File), `,` for padding."""

    def varint(n: int) -> bytes:
        out = bytearray()
        while n > 127:
            out.append((n & 127) | 128)
            n >>= 7
        return bytes(out + bytes([n]))

    def field(number: int, data: bytes) -> bytes:
        return varint(number << 3 | 2) + varint(len(data)) + data

    message = field(1, entrypoint.encode())
    for name, content in files.items():
        file = field(1, content.encode()) if isinstance(content, str) else field(2, content)
        message += field(2, field(1, name.encode()) + field(2, file))
    for requirement in requirements:
        message += field(3, requirement.encode())
    return "#!" + base64.urlsafe_b64encode(message).decode().replace("=", ",")


def test_an_stlite_link_opens_the_same_files(page: Page, editor: EditorSite) -> None:
    link = stlite_link(
        {"streamlit_app.py": FILE_LISTER, "dot.png": PNG, "pages/two.py": "x = 2\n"}, ["humanize"], "streamlit_app.py"
    )
    open_editor(page, editor.url + link)
    app = preview_app(page)
    expect(app.get_by_text(f"file dot.png sha {sha(PNG)}")).to_be_visible()
    expect(app.get_by_text(f"file pages/two.py sha {sha(b'x = 2')}")).to_have_count(0)  # exact content below
    expect(app.get_by_text(f"file pages/two.py sha {sha(b'x = 2' + chr(10).encode())}")).to_be_visible()
    expect(tab(page, "pages/two.py")).to_be_visible()
    tab(page, "requirements").click()
    expect(page.locator(".cm-content")).to_have_text("humanize")


def test_malformed_links_show_their_error_and_links_over_a_draft_fork(page: Page, editor: EditorSite) -> None:
    open_editor(page, editor.url)
    page.get_by_role("button", name="New").click()
    page.get_by_role("textbox", name="App name").fill("Precious draft")
    set_code(page, "import streamlit as st\nst.write('my precious work')\n")
    save(page)
    expect(preview_app(page).get_by_text("my precious work")).to_be_visible()

    text = "import streamlit as st\nst.write('never runs')\n" * 20
    whole = encode_fragment(
        {"v": 1, "runtime": "0", "entrypoint": "a.py", "requirements": [], "files": {"a.py": {"text": text}}}
    )
    page.goto(editor.url + "#" + whole[: len(whole) // 2])  # cut short, as a chat tool would
    expect(page.get_by_role("alert")).to_contain_text("This link is damaged or cut short")
    expect(page.get_by_role("status", name="Preview status")).to_have_text("Running")
    expect(preview_app(page).get_by_text("never runs")).to_have_count(0)
    expect(page.locator(".cm-content")).to_contain_text("my precious work")  # the last draft, untouched
    set_code(page, "import streamlit as st\nst.write('still editing')\n")
    save(page)
    expect(preview_app(page).get_by_text("still editing")).to_be_visible()

    page.goto(
        editor.url
        + stlite_link({"streamlit_app.py": "import streamlit as st\nst.write('from a link')\n"}, [], "streamlit_app.py")
    )
    expect(preview_app(page).get_by_text("from a link")).to_be_visible()
    page.get_by_role("button", name="My apps").click()
    draft = page.locator("li", has_text="Precious draft")
    expect(draft).to_be_visible()
    draft.get_by_role("button", name="Open").click()
    expect(page.locator(".cm-content")).to_contain_text("still editing")
    expect(preview_app(page).get_by_text("still editing")).to_be_visible()


def test_a_draft_survives_a_reload_and_a_browser_restart(browser: Browser, editor: EditorSite, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    for attempt in ("first", "restart"):
        context = browser.browser_type.launch_persistent_context(
            str(profile), executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.set_default_timeout(BOOT_TIMEOUT_MS)
            open_editor(page, editor.url)
            if attempt == "first":
                set_code(page, "import streamlit as st\nst.write('kept across restarts')\n")
                expect(page.get_by_role("status", name="Draft")).to_have_text("Saved in this browser")
                page.reload()
                expect(page.locator(".cm-content")).to_contain_text("kept across restarts")
            else:
                expect(page.locator(".cm-content")).to_contain_text("kept across restarts")
                expect(preview_app(page).get_by_text("kept across restarts")).to_be_visible()
        finally:
            context.close()


def test_the_preview_cannot_read_the_editors_storage_or_dom(page: Page, editor: EditorSite) -> None:
    open_editor(page, editor.url)
    set_code(
        page,
        """import streamlit as st
import streamlit.components.v1 as components
import js

names = [db.name for db in (await js.indexedDB.databases())]
st.write("databases here: " + (", ".join(names) or "none"))
st.write("editor drafts readable: " + str("wasmlit-editor" in names))
components.html(
    \"\"\"<p id=out>trying</p><script>
    let result;
    try { result = "read " + window.top.document.title; } catch (e) { result = "blocked: " + e.name; }
    document.getElementById("out").textContent = result;
    </script>\"\"\",
    height=40,
)
""",
    )
    save(page)
    app = preview_app(page)
    expect(app.get_by_text("editor drafts readable: False")).to_be_visible()
    expect(app.frame_locator("iframe").first.get_by_text("blocked: SecurityError")).to_be_visible()


SAMPLE_HEADINGS = {
    "Hello, widgets": "Hello, widgets",
    "Multipage app": "Home",
    "Fragments": "Fragments",
    "Chat": "Echo chat",
    "time.sleep and Stop": "time.sleep and Stop",
    "Files and persistence": "Files and persistence",
    "Custom component (v2)": "A custom component (v2)",
    "st.App with an API route": "An API next to the page",
}


def test_every_sample_of_the_gallery_opens_and_runs(page: Page, editor: EditorSite) -> None:
    open_editor(page, editor.url)
    for title, heading in SAMPLE_HEADINGS.items():
        page.get_by_role("button", name="Samples").click()
        page.get_by_role("link", name=title, exact=True).click()
        expect(preview_app(page).get_by_role("heading", name=heading, exact=True)).to_be_visible()
        if title == "st.App with an API route":
            preview_app(page).get_by_role("button", name="Fetch api/stats").click()
            expect(preview_app(page).get_by_text('{"calls":1,"name":"Ada"}')).to_be_visible()
        if title == "Custom component (v2)":
            preview_app(page).get_by_role("button", name="5 stars").click()
            expect(preview_app(page).get_by_text("Python got: 5 stars")).to_be_visible()


def test_the_files_samples_uploads_survive_a_reload_in_the_editor_and_from_its_app_link(
    page: Page, editor: EditorSite
) -> None:
    open_editor(page, editor.url)
    page.get_by_role("button", name="Samples").click()
    page.get_by_role("link", name="Files and persistence", exact=True).click()
    expect(page.get_by_role("button", name="Kept folders: uploads")).to_be_visible()  # the link's `persist`
    app = preview_app(page)
    expect(app.get_by_text("Nothing saved yet")).to_be_visible()
    app.locator("input[type=file]").set_input_files(
        {"name": "kept.txt", "mimeType": "text/plain", "buffer": b"kept by the browser"}
    )
    expect(app.get_by_text("kept.txt: 19 bytes")).to_be_visible()
    # The folder is saved to IndexedDB once the run ends (and when the page hides): wait for it
    # on the preview's origin, so the reload below is not racing the save.
    preview = next(frame for frame in page.frames if frame.url.startswith(editor.preview_url))
    folder = "/home/pyodide/uploads"
    preview.wait_for_function(
        f"({IDBFS_STORED_TEXT})(['{folder}', '{folder}/kept.txt']).then((text) => text === 'kept by the browser')"
    )

    page.reload()  # the draft reopens, and its preview boots the app again
    expect(preview_app(page).get_by_text("kept.txt: 19 bytes")).to_be_visible()
    expect(preview_app(page).get_by_text("Nothing saved yet")).to_have_count(0)

    # The app-only link of the same app keeps it too: same preview origin, same folder.
    _, app_link = share_links(page)
    page.goto(app_link)
    alone = page.frame_locator("iframe[title='Streamlit app']")
    expect(alone.get_by_text("kept.txt: 19 bytes")).to_be_visible()
    alone.get_by_role("button", name="Delete").click()
    expect(alone.get_by_text("Nothing saved yet")).to_be_visible()
    page.wait_for_function(f"({IDBFS_STORED_TEXT})(['{folder}', '{folder}/kept.txt']).then((text) => text === null)")
    page.reload()
    expect(alone.get_by_text("Nothing saved yet")).to_be_visible()
    expect(alone.get_by_text("kept.txt")).to_have_count(0)


MULTI_FILE_APP = """import streamlit as st
from helper import GREETING

st.title("Taken away")
st.write(GREETING)
st.write("data: " + open("data.txt").read())
"""


def build_app_in_editor(page: Page) -> None:
    set_code(page, MULTI_FILE_APP)
    for name, content in (("helper.py", "GREETING = 'hello from helper'\n"), ("data.txt", "some data")):
        page.locator("#upload-input").set_input_files(
            {"name": name, "mimeType": "text/plain", "buffer": content.encode()}
        )
    tab(page, "requirements").click()
    set_code(page, "humanize\n")
    save(page)
    expect(preview_app(page).get_by_text("data: some data")).to_be_visible()


def test_the_zip_and_single_html_downloads_run_outside_the_editor(
    page: Page, editor: EditorSite, tmp_path: Path, static_site
) -> None:
    open_editor(page, editor.url)
    page.get_by_role("textbox", name="App name").fill("Take me")
    build_app_in_editor(page)
    with page.expect_download() as zip_info:
        page.get_by_role("button", name="Download .zip").click()
    archive = tmp_path / zip_info.value.suggested_filename
    zip_info.value.save_as(archive)
    with page.expect_download() as html_info:
        page.get_by_role("button", name="Download .html").click()
    html = tmp_path / "page" / html_info.value.suggested_filename
    html.parent.mkdir()
    html_info.value.save_as(html)

    # The zip is an app folder that `wasmlit export` takes as it is.
    assert archive.name == "Take-me.zip"
    shutil.unpack_archive(archive, tmp_path / "unzipped")
    app_folder = tmp_path / "unzipped" / "Take-me"
    assert (app_folder / "requirements.txt").read_text() == "humanize\n"
    export = subprocess.run(
        [sys.executable, "-m", "wasmlit.cli", "export", str(app_folder), "-o", str(tmp_path / "site")],
        capture_output=True,
        text=True,
    )
    assert export.returncode == 0, export.stdout + export.stderr
    # The page loads the runtime from the editor's own site, from another origin.
    assert html.name == "Take-me.html"
    assert f'src="{editor.url}runtime/wasmlit.js"' in html.read_text()
    for url in (static_site(tmp_path / "site"), static_site(html.parent) + html.name):
        page.goto(url)
        app = page.frame_locator("iframe[title='Streamlit app']")
        expect(app.get_by_role("heading", name="Taken away")).to_be_visible()
        expect(app.get_by_text("hello from helper")).to_be_visible()
        expect(app.get_by_text("data: some data")).to_be_visible()


def test_completion_knows_streamlits_api_and_syntax_errors_are_underlined(page: Page, editor: EditorSite) -> None:
    open_editor(page, editor.url)
    set_code(page, "import streamlit as st\nst.butt")
    page.keyboard.press("Control+Space")
    options = page.locator(".cm-tooltip-autocomplete li")
    expect(options.first).to_have_text("button")  # jedi, in Pyodide, read Streamlit's API
    # CodeMirror ignores Enter for 75 ms after the list opens (`interactionDelay`, so a fast
    # typist's Enter is not taken as a choice); a person's Enter never comes that soon.
    page.wait_for_timeout(150)
    page.keyboard.press("Enter")
    expect(page.locator(".cm-content")).to_contain_text("st.button")
    page.keyboard.insert_text("(\n")
    error = page.locator(".cm-lintRange-error")
    expect(error).to_have_count(1)
    error.hover()
    expect(page.locator(".cm-tooltip-lint")).to_contain_text("SyntaxError: '(' was never closed")
    page.keyboard.insert_text(")")
    expect(error).to_have_count(0)


def exported_editor(tmp_path: Path, static_site) -> EditorSite:  # noqa: ANN001 (the fixture's callable)
    """`wasmlit export-editor`, published twice: the editor on one port, its preview on another."""
    site = tmp_path / "editor-site"
    editor_url, preview_root = static_site(site), static_site(site)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "wasmlit.cli",
            "export-editor",
            "-o",
            str(site),
            "--preview-url",
            preview_root + "preview/",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "completion: jedi" in done.stdout, done.stdout
    return EditorSite(editor_url, preview_root + "preview/")


def test_an_exported_editor_completes_without_asking_any_other_host(page: Page, tmp_path: Path, static_site) -> None:
    site = exported_editor(tmp_path, static_site)
    elsewhere: list[str] = []

    def only_loopback(route: Route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.context.route("**/*", only_loopback)
    page.context.on(
        "request", lambda request: urlsplit(request.url).hostname != "127.0.0.1" and elsewhere.append(request.url)
    )
    open_editor(page, site.url)
    set_code(page, "import streamlit as st\nst.text_i")
    page.keyboard.press("Control+Space")
    expect(page.locator(".cm-tooltip-autocomplete li").first).to_have_text("text_input")
    assert elsewhere == []


def test_the_editor_and_its_preview_reload_offline_from_their_service_workers(page: Page) -> None:
    with running_editor() as site:  # its own server: the test ends it
        open_editor(page, site.url)
        set_code(page, "import streamlit as st\nst.write('written before going offline')\n")
        expect(page.get_by_role("status", name="Draft")).to_have_text("Saved in this browser")
        save(page)
        expect(preview_app(page).get_by_text("written before going offline")).to_be_visible()
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        # Offline, and the site gone too: every answer now comes from the copies kept on each origin.
        site.stop()
        page.context.set_offline(True)
        try:
            page.reload()
            expect(page.locator(".cm-content")).to_contain_text("written before going offline")
            page.get_by_role("button", name="Samples").click()
            expect(page.get_by_role("link", name="Multipage app")).to_be_visible()
            page.get_by_role("button", name="Close").click()
            expect(page.get_by_role("status", name="Preview status")).to_have_text("Running")
            expect(preview_app(page).get_by_text("written before going offline")).to_be_visible()
        finally:
            page.context.set_offline(False)


RUNAWAY_APP = """import streamlit as st

name = st.text_input("Name")
st.write(f"Hello {name}!")
if st.button("Run forever"):
    st.write("looping")
    while True:
        pass
"""


def test_from_the_second_visit_stop_ends_a_busy_loop_in_the_preview(page: Page, editor: EditorSite) -> None:
    open_editor(page, editor.url)
    # The first visit installs both origins' service workers; from the next one they isolate.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    preview = next(frame for frame in page.frames if frame.url.startswith(editor.preview_url))
    preview.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    expect(page.get_by_role("status", name="Preview status")).to_have_text("Running")
    preview = next(frame for frame in page.frames if frame.url.startswith(editor.preview_url))
    assert page.evaluate("crossOriginIsolated") and preview.evaluate("crossOriginIsolated")

    set_code(page, RUNAWAY_APP)
    save(page)
    app = preview_app(page)
    app.get_by_role("button", name="Run forever").click()
    expect(app.get_by_text("looping")).to_be_visible()
    stop_then_rerun(app)


def test_an_isolated_editor_whose_preview_moved_leaves_isolation_and_shows_it(page: Page) -> None:
    with running_editor() as first:
        open_editor(page, first.url)
        set_code(page, "import streamlit as st\nst.write('kept while the preview moved')\n")
        expect(page.get_by_role("status", name="Draft")).to_have_text("Saved in this browser")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.reload()  # served by the editor's service worker, which now isolates it
        expect(page.get_by_role("status", name="Preview status")).to_have_text("Running")
        assert page.evaluate("crossOriginIsolated")
    # The same editor, its preview now on another origin, which has no service worker yet: an
    # isolated editor could not frame it.
    editor_port = urlsplit(first.url).port or 0
    with socket.socket() as taken:
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        taken.bind(("127.0.0.1", urlsplit(first.preview_url).port or 0))
        taken.listen()
        with running_editor(int(editor_port)) as moved:
            assert moved.url == first.url and moved.preview_url != first.preview_url
            page.reload()
            expect(page.get_by_role("status", name="Preview status")).to_have_text("Running")
            expect(preview_app(page).get_by_text("kept while the preview moved")).to_be_visible()
            assert not page.evaluate("crossOriginIsolated")


def test_an_isolated_editor_whose_preview_does_not_answer_leaves_isolation_and_says_so(page: Page) -> None:
    with running_editor() as site:  # its own server: the test blocks its preview
        open_editor(page, site.url)
        set_code(page, "import streamlit as st\nst.write('kept while the preview was away')\n")
        expect(page.get_by_role("status", name="Draft")).to_have_text("Saved in this browser")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        preview = next(frame for frame in page.frames if frame.url.startswith(site.preview_url))
        preview.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.reload()  # served by the editor's service worker, which now isolates it
        expect(page.get_by_role("status", name="Preview status")).to_have_text("Running")
        assert page.evaluate("crossOriginIsolated")

        # The preview's origin loses its service worker and copies, and its host stops answering:
        # the isolated editor's preview frame never says it is ready.
        preview_origin = f"{urlsplit(site.preview_url).scheme}://{urlsplit(site.preview_url).netloc}"
        page.context.new_cdp_session(page).send(
            "Storage.clearDataForOrigin", {"origin": preview_origin, "storageTypes": "service_workers,cache_storage"}
        )
        page.context.route(f"{preview_origin}/**", lambda route: route.abort("connectionrefused"))
        loads: list[str] = []
        page.on("load", lambda loaded: loads.append(loaded.url))
        page.reload()

        # After ~30 s of silence it reloads once, not isolated; after ~30 s more it says what is wrong.
        status = page.get_by_role("status", name="Preview status")
        expect(status).to_contain_text(f"The preview ({preview_origin}) did not answer", timeout=120_000)
        assert not page.evaluate("crossOriginIsolated")
        assert len(loads) == 2, loads  # this test's reload, and the one that left isolation
        # The editor still works: the draft is here, edits are saved.
        expect(page.locator(".cm-content")).to_contain_text("kept while the preview was away")
        set_code(page, "import streamlit as st\nst.write('edited while the preview was away')\n")
        expect(page.get_by_role("status", name="Draft")).to_have_text("Saved in this browser")

        # The preview's host answers again: the next visit runs the app (not isolated yet).
        page.context.unroute_all()
        page.reload()
        expect(status).to_have_text("Running")
        expect(preview_app(page).get_by_text("edited while the preview was away")).to_be_visible()
        assert not page.evaluate("crossOriginIsolated")
