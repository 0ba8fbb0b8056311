"""`<streamlit-app>`: apps written into the page, several per page, each on its own."""

from __future__ import annotations

import io
import textwrap
import zipfile
from pathlib import Path

from playwright.sync_api import FrameLocator, Page, expect

from .mount_site import make_site

COUNTER = """
    import streamlit as st
    from label import LABEL
    st.session_state.setdefault("clicks", 0)
    if st.button("Add one"):
        st.session_state.clicks += 1
    st.header(f"{LABEL}: {st.session_state.clicks} clicks")
"""

ELEMENTS = f"""
<streamlit-app id="inline">
  <app-file name="streamlit_app.py" entrypoint>{COUNTER}</app-file>
  <app-file name="label.py">
    LABEL = "Inline app"
  </app-file>
</streamlit-app>

<streamlit-app id="from-src" src="./apps/main.py">
  <app-file name="label.py" url="./apps/label.py"></app-file>
  <app-archive url="./apps/assets.zip" format="zip"></app-archive>
  <app-requirements>
    # comments and blank lines are ignored
    not-on-any-index-here

  </app-requirements>
</streamlit-app>

<streamlit-app id="plain">
    import streamlit as st
    if 1 > 0:
        st.header("Just code, dedented")
</streamlit-app>
"""

MAIN = textwrap.dedent(COUNTER) + 'st.text(open("assets/note.txt").read())\n'


def frame_of(page: Page, element_id: str) -> FrameLocator:
    return page.frame_locator(f"#{element_id} iframe")


def test_elements_on_one_page_each_run_their_own_app(page: Page, static_site, tmp_path: Path) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("assets/note.txt", "from an <app-archive>")
    site = make_site(
        tmp_path,
        ELEMENTS,
        files={
            "apps/main.py": MAIN,
            "apps/label.py": 'LABEL = "App from src"\n',
            "apps/assets.zip": archive.getvalue(),
        },
    )
    page.goto(static_site(site))

    inline, from_src, plain = frame_of(page, "inline"), frame_of(page, "from-src"), frame_of(page, "plain")
    expect(inline.get_by_role("heading", name="Inline app: 0 clicks")).to_be_visible()
    expect(from_src.get_by_role("heading", name="App from src: 0 clicks")).to_be_visible()
    expect(from_src.get_by_text("from an <app-archive>")).to_be_visible()
    expect(plain.get_by_role("heading", name="Just code, dedented")).to_be_visible()
    # <app-requirements> reached the installer (no index is reachable here: it says so, naming it).
    expect(page.locator("#from-src").get_by_role("alert")).to_contain_text("not-on-any-index-here")

    # State stays with its app: clicks in one do not count in the other.
    inline.get_by_role("button", name="Add one").click()
    inline.get_by_role("button", name="Add one").click()
    from_src.get_by_role("button", name="Add one").click()
    expect(inline.get_by_role("heading", name="Inline app: 2 clicks")).to_be_visible()
    expect(from_src.get_by_role("heading", name="App from src: 1 clicks")).to_be_visible()

    # The element's controller is mount()'s; moving the element restarts its app, removing stops it.
    assert page.evaluate("document.getElementById('plain').controller.runPython('1 + 1')") == 2
    page.evaluate("document.body.append(document.getElementById('plain'))")
    expect(plain.get_by_role("heading", name="Just code, dedented")).to_be_visible()
    page.evaluate("document.getElementById('plain').remove()")
    expect(page.locator("iframe")).to_have_count(2)


def test_an_element_without_code_says_so(page: Page, static_site, tmp_path: Path) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(static_site(make_site(tmp_path, "<streamlit-app>  </streamlit-app>")))
    expect(page.get_by_role("alert")).to_contain_text("<streamlit-app>: no app code")
    assert any("no app code" in error for error in errors)
