"""Uploading files as a person does: the file chooser, then the app reads the bytes."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from .support import app_frame, write_app

APP = """
import hashlib
import streamlit as st

uploaded = st.file_uploader("Pick a file")
if uploaded is not None:
    data = uploaded.getvalue()
    st.write(f"Received {uploaded.name}: {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()[:16]}")
"""


def test_upload_over_one_megabyte_reaches_the_app(page: Page, serve_app, tmp_path: Path) -> None:
    # Over 1 MB, Starlette spools the multipart body to a temporary file on a worker
    # thread upstream; here it must arrive whole, with the same bytes.
    payload = bytes(range(256)) * (5 * 1024 * 4)  # 5 MiB
    import hashlib

    digest = hashlib.sha256(payload).hexdigest()[:16]
    page.goto(serve_app(write_app(tmp_path / "app", APP)))
    app = app_frame(page)
    expect(app.get_by_text("Pick a file")).to_be_visible()
    app.locator("input[type=file]").set_input_files(
        {"name": "big.bin", "mimeType": "application/octet-stream", "buffer": payload}
    )
    expect(app.get_by_text(f"Received big.bin: {len(payload)} bytes, sha256 {digest}")).to_be_visible()


DOWNLOAD_APP = """
import streamlit as st

st.download_button("Get the report", "name,count\\nada,3\\n", file_name="report.csv", mime="text/csv")
st.download_button("Get the bytes", bytes(range(256)) * 8000, file_name="data.bin")
"""


def test_download_button_saves_the_file_with_its_name(page: Page, serve_app, tmp_path: Path) -> None:
    page.goto(serve_app(write_app(tmp_path / "app", DOWNLOAD_APP)))
    app = app_frame(page)
    for label, name, content in (
        ("Get the report", "report.csv", b"name,count\nada,3\n"),
        ("Get the bytes", "data.bin", bytes(range(256)) * 8000),
    ):
        with page.expect_download() as info:
            app.get_by_role("button", name=label).click()
        download = info.value
        assert download.suggested_filename == name
        saved = tmp_path / name
        download.save_as(saved)
        assert saved.read_bytes() == content
