"""Media URLs as the frontend receives them (blob: URLs from the glue)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wasmlit_shim.media import DOWNLOAD_NAME_MARKER

from tests.unit.conftest import StreamSession, elements, run, serving


class CountingMediaUrls:
    def __init__(self) -> None:
        self.created = 0

    def create(self, data: bytes, mimetype: str, filename: str | None) -> str:
        self.created += 1
        return f"blob:http://localhost/{self.created}"

    def revoke(self, url: str) -> None:
        pass


def test_a_download_url_carries_its_file_name(write_app: Callable[..., str]) -> None:
    entry = write_app(
        "import streamlit as st\n"
        "st.download_button('Named', 'a,b', file_name='my report (1).csv')\n"
        "st.download_button('Unnamed', b'bytes')\n"
        "st.audio(b'RIFF....WAVEfmt ', format='audio/wav')\n"
    )

    async def main() -> list[Any]:
        async with serving(entry, media_urls=CountingMediaUrls()) as server:
            session = StreamSession(server)
            session.rerun()
            return await session.wait_for_runs(1)

    found = elements(run(main()))
    downloads = [e.download_button.url for e in found if e.WhichOneof("type") == "download_button"]
    assert downloads[0] == f"blob:http://localhost/1{DOWNLOAD_NAME_MARKER}my%20report%20%281%29.csv"
    assert "#" not in downloads[1]
    audio = [e.audio.url for e in found if e.WhichOneof("type") == "audio"]
    assert audio == ["blob:http://localhost/3"]  # media other than downloads: the plain URL
