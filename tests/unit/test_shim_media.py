"""Media URLs as the frontend receives them (blob: URLs from the glue)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wasmlit_shim.media import DOWNLOAD_NAME_MARKER

from tests.unit.conftest import StreamSession, elements, last_run, render, run, serving


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


class FakeMediaUrls:
    """Stands in for the glue's blob: URL factory."""

    def __init__(self) -> None:
        self.created: list[tuple[str, str, bytes]] = []
        self.revoked: list[str] = []

    def create(self, data: bytes, mimetype: str, filename: str | None) -> str:
        url = f"blob:http://localhost/{len(self.created)}"
        self.created.append((url, mimetype, data))
        return url

    def revoke(self, url: str) -> None:
        self.revoked.append(url)


MEDIA_APP = """
import io
import streamlit as st
from PIL import Image

if "runs" not in st.session_state:
    st.session_state.runs = 0
st.session_state.runs += 1
color = (255, 0, 0) if st.session_state.runs == 1 else (0, 0, 255)
buffer = io.BytesIO()
Image.new("RGB", (4, 4), color).save(buffer, format="PNG")
st.image(buffer.getvalue(), output_format="PNG")
st.download_button("Get it", b"some bytes", file_name="data.bin")
"""


def _image_urls(messages: list[Any]) -> list[str]:
    return [img.url for e in elements(messages) if e.WhichOneof("type") == "imgs" for img in e.imgs.imgs]


def test_media_urls_come_from_media_urls_and_are_revoked(write_app: Callable[..., str]) -> None:
    media = FakeMediaUrls()

    async def main() -> tuple[list[str], list[str], list[Any]]:
        server, session, first = await render(write_app(MEDIA_APP), media_urls=media)
        try:
            session.rerun()
            second = last_run(await session.wait_for_runs(2))
            return _image_urls(first), _image_urls(second), elements(first)
        finally:
            await server.stop()

    first_urls, second_urls, first_elements = run(main())
    assert first_urls == ["blob:http://localhost/0"]
    assert media.created[0][1] == "image/png"
    assert media.created[0][2].startswith(b"\x89PNG")
    downloads = [e.download_button for e in first_elements if e.WhichOneof("type") == "download_button"]
    assert downloads and downloads[0].url.startswith("blob:http://localhost/")
    assert second_urls and second_urls[0] not in first_urls
    assert "blob:http://localhost/0" in media.revoked  # the first image is gone after the rerun


def test_media_without_media_urls_is_served_over_http(write_app: Callable[..., str]) -> None:
    async def main() -> tuple[str, Any]:
        server, _, messages = await render(write_app(MEDIA_APP))
        try:
            url = _image_urls(messages)[0]
            return url, await server.http("GET", url, "", [], b"")
        finally:
            await server.stop()

    url, response = run(main())
    assert url.startswith("/media/") and url.endswith(".png")
    assert response.status == 200
    assert response.body.startswith(b"\x89PNG")
    assert ("content-type", "image/png") in response.headers
