"""`archives`: zip and tar files unpacked into the app's folder before the first run."""

from __future__ import annotations

import io
import json
import tarfile
import zipfile
from pathlib import Path

from playwright.sync_api import Page, expect

from .mount_site import make_site
from .support import app_frame

APP = """
import streamlit as st
from toolkit import GREETING
st.header(GREETING)
st.text("tar: " + open("assets/data.txt").read())
st.text("elsewhere: " + open("/tmp/unpacked/extra.txt").read())
"""

PAGE = """
<div id="root"></div>
<script>
  fetch("./bundle.tar.gz").then((response) => response.arrayBuffer()).then((buffer) => {
    window.controller = wasmlit.mount(
      {
        files: { "streamlit_app.py": APP_CODE },
        archives: [
          { url: "./toolkit.zip", format: "zip" },
          { buffer: new Uint8Array(buffer), format: "tar.gz" },
          { url: "./extra.zip", format: "zip", options: { extractDir: "/tmp/unpacked" } },
        ],
      },
      document.getElementById("root"),
    );
  });
</script>
"""


def zip_of(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def tar_gz_of(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_zip_from_url_and_tar_from_buffer(page: Page, static_site, tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        PAGE.replace("APP_CODE", json.dumps(APP)),
        files={
            "toolkit.zip": zip_of({"toolkit/__init__.py": "GREETING = 'Imported from a zip archive'\n"}),
            "bundle.tar.gz": tar_gz_of({"assets/data.txt": "from a tar.gz buffer"}),
            "extra.zip": zip_of({"extra.txt": "unpacked where asked"}),
        },
    )
    page.goto(static_site(site))
    app = app_frame(page)
    expect(app.get_by_role("heading", name="Imported from a zip archive")).to_be_visible()
    expect(app.get_by_text("tar: from a tar.gz buffer")).to_be_visible()
    expect(app.get_by_text("elsewhere: unpacked where asked")).to_be_visible()


def test_a_missing_archive_is_named(page: Page, static_site, tmp_path: Path) -> None:
    page.goto(
        static_site(
            make_site(
                tmp_path,
                """<div id="root"></div><script>
                wasmlit.mount({ files: { "streamlit_app.py": "import streamlit" },
                                archives: [{ url: "./gone.zip", format: "zip" }] },
                              document.getElementById("root"));
                </script>""",
            )
        )
    )
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("The app could not start: Could not fetch the archive")
    expect(alert).to_contain_text("gone.zip")
