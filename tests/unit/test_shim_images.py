"""`st.image` / `st.logo` with image bytes where Pillow is missing (as in Pyodide)."""

from __future__ import annotations

import struct
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from wasmlit_shim.patches import images_without_pil

from tests.unit.conftest import StreamSession, elements, run, serving


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress((b"\x00" + b"\xff\x00\x00" * width) * height)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


class RecordedMediaUrls:
    def __init__(self) -> None:
        self.created: list[tuple[str, bytes]] = []

    def create(self, data: bytes, mimetype: str, filename: str | None) -> str:
        self.created.append((mimetype, data))
        return f"blob:http://localhost/{len(self.created)}"

    def revoke(self, url: str) -> None:
        pass


@pytest.fixture
def no_pillow(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pillow cannot be imported, as in a Pyodide that never loaded it."""
    for name in list(sys.modules):
        if name.split(".")[0] == "PIL":
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(images_without_pil, "pil_missing", lambda: True)

    class Blocker:
        def find_spec(self, fullname: str, path: Any, target: Any = None) -> None:
            if fullname.split(".")[0] == "PIL":
                raise ImportError("PIL is blocked by the test (not installed in Pyodide)")

    monkeypatch.setattr(sys, "meta_path", [Blocker(), *sys.meta_path])


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (png(2, 2), "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"GIF89a\x01\x00", "GIF"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "WEBP"),
    ],
)
def test_format_from_signature(data: bytes, expected: str) -> None:
    assert images_without_pil.format_from_signature(data) == expected


def test_unknown_bytes_name_the_way_out() -> None:
    with pytest.raises(images_without_pil.ImageFormatUnknown, match="pillow"):
        images_without_pil.format_from_signature(b"BM not a png")


def test_image_and_logo_bytes_without_pillow(write_app: Callable[..., str], no_pillow: None, tmp_path: Path) -> None:
    image = png(40, 30)
    picture = tmp_path / "picture.png"
    picture.write_bytes(image)
    entry = write_app(
        "import io, streamlit as st\n"
        f"data = {image!r}\n"
        "st.image(data, caption='bytes')\n"
        "st.image(io.BytesIO(data), caption='BytesIO')\n"
        f"st.image({str(picture)!r}, caption='file')\n"
        "st.logo(data)\n"
    )
    media = RecordedMediaUrls()

    async def main() -> list[Any]:
        async with serving(entry, media_urls=media) as server:
            session = StreamSession(server)
            session.rerun()
            return await session.wait_for_runs(1)

    messages = run(main())
    found = elements(messages)
    assert [e.exception.message for e in found if e.WhichOneof("type") == "exception"] == []
    assert len([e for e in found if e.WhichOneof("type") == "imgs"]) == 3
    # The bytes go out as they came, labelled with their real type.
    assert media.created and all(created == ("image/png", image) for created in media.created)
    assert [m.logo.image for m in messages if m.WhichOneof("type") == "logo"] != []
