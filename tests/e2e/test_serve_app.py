"""A Streamlit app served by `wasmlit serve`, as a person sees it in the browser."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from .support import REPO, app_frame, write_app


def test_demo_app_renders_and_widgets_rerun(page: Page, serve_app) -> None:
    page.goto(serve_app(REPO / "examples" / "hello"))
    app = app_frame(page)
    expect(app.get_by_role("heading", name="Hello from wasmlit")).to_be_visible()
    expect(app.get_by_text("Hello, world!")).to_be_visible()

    name = app.get_by_label("Your name")
    name.fill("Ada")
    name.press("Enter")
    expect(app.get_by_text("Hello, Ada!")).to_be_visible()

    slider = app.get_by_role("slider")
    slider.focus()
    slider.press("ArrowRight")
    expect(app.get_by_text("🎈" * 4, exact=True)).to_be_visible()

    app.get_by_role("button", name="Say hi").click()
    expect(app.get_by_text("Hi!", exact=True)).to_be_visible()

    expect(app.get_by_text('"python"')).to_be_visible()  # st.write(dict) as JSON, with no numpy


def test_top_level_await_streams_output(page: Page, serve_app, tmp_path: Path) -> None:
    write_app(
        tmp_path,
        "import asyncio\nimport streamlit as st\n"
        "st.write('before the wait')\n"
        "await asyncio.sleep(3)\n"
        "st.write('after the wait')\n",
    )
    page.goto(serve_app(tmp_path))
    app = app_frame(page)
    expect(app.get_by_text("before the wait")).to_be_visible()
    # Streamed: the first line is on screen while the script still awaits.
    expect(app.get_by_text("after the wait")).to_have_count(0)
    expect(app.get_by_text("after the wait")).to_be_visible()


def test_write_dict_and_list_without_numpy(page: Page, serve_app, tmp_path: Path) -> None:
    write_app(
        tmp_path,
        "import sys\nimport streamlit as st\n"
        "st.write({'fruit': 'apple', 'count': 3})\n"
        "st.write(['first item', 'second item'])\n"
        "st.write('numpy loaded' if 'numpy' in sys.modules else 'no numpy here')\n",
    )
    page.goto(serve_app(tmp_path))
    app = app_frame(page)
    expect(app.get_by_text('"apple"')).to_be_visible()
    expect(app.get_by_text('"second item"')).to_be_visible()
    expect(app.get_by_text("no numpy here")).to_be_visible()


def test_exception_is_shown_and_the_app_recovers(page: Page, serve_app, tmp_path: Path) -> None:
    write_app(
        tmp_path,
        "import streamlit as st\n"
        "if st.checkbox('Break it'):\n"
        "    raise ValueError('the app broke on purpose')\n"
        "st.write('all is well')\n",
    )
    page.goto(serve_app(tmp_path))
    app = app_frame(page)
    expect(app.get_by_text("all is well")).to_be_visible()
    app.get_by_text("Break it").click()
    exception = app.get_by_test_id("stException")
    expect(exception).to_contain_text("ValueError")
    expect(exception).to_contain_text("the app broke on purpose")
    app.get_by_text("Break it").click()
    expect(app.get_by_text("all is well")).to_be_visible()
    expect(exception).to_have_count(0)


def test_syntax_error_is_shown(page: Page, serve_app, tmp_path: Path) -> None:
    write_app(tmp_path, "import streamlit as st\nst.write('unclosed'\n")
    page.goto(serve_app(tmp_path))
    # As under `streamlit run`: a script that does not compile opens an error dialog.
    dialog = app_frame(page).get_by_role("dialog")
    expect(dialog).to_contain_text("SyntaxError")
    expect(dialog).to_contain_text("line 2")


def test_missing_binary_package_names_package_and_url(page: Page, serve_app, tmp_path: Path) -> None:
    # numpy is a Pyodide CDN package; the CDN is unreachable here, as it is for an offline user.
    write_app(tmp_path, "import streamlit as st\nst.write('still running')\nimport numpy\n")
    page.goto(serve_app(tmp_path))
    problem = page.get_by_role("alert")
    expect(problem).to_contain_text("numpy")
    expect(problem).to_contain_text("https://cdn.jsdelivr.net/pyodide/v314.0.7/full/numpy")
    expect(app_frame(page).get_by_text("still running")).to_be_visible()


def test_pure_python_package_comes_from_pypi_through_the_dev_server(page: Page, serve_app, tmp_path: Path) -> None:
    write_app(
        tmp_path, "import humanize\nimport streamlit as st\nst.write('size: ' + humanize.naturalsize(3_000_000))\n"
    )
    page.goto(serve_app(tmp_path))
    expect(app_frame(page).get_by_text("size: 3.0 MB")).to_be_visible()


def test_local_modules_and_data_files_travel_with_the_app(page: Page, serve_app, tmp_path: Path) -> None:
    write_app(tmp_path, "GREETING = 'hello from a local module'\n", name="helper.py")
    (tmp_path / "data.txt").write_text("hello from a data file")
    write_app(
        tmp_path,
        "import streamlit as st\nfrom helper import GREETING\nst.write(GREETING)\nst.write(open('data.txt').read())\n",
    )
    page.goto(serve_app(tmp_path))
    app = app_frame(page)
    expect(app.get_by_text("hello from a local module")).to_be_visible()
    expect(app.get_by_text("hello from a data file")).to_be_visible()
