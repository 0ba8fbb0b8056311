"""Images, audio and video as a person sees them: loaded by the browser, not just present.

An element that is in the page but whose file never arrived shows nothing; so these
tests check what the browser decoded (an image's natural size, a clip's duration and
frame size), for media made from bytes in the script and from files next to it.
"""

from __future__ import annotations

import io
import re
import struct
import wave
import zlib
from pathlib import Path

from playwright.sync_api import Page, expect

from .support import app_frame, write_app


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A solid-colour PNG, made without any imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def wav(seconds: float, rate: int = 8000) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(1)
        sound.setframerate(rate)
        sound.writeframes(bytes((128 + (i % 32)) for i in range(int(seconds * rate))))
    return out.getvalue()


def record_webm(page: Page) -> bytes:
    """A short WebM clip recorded by the browser itself (no video tool needed)."""
    data = page.evaluate(
        """async () => {
        const canvas = document.createElement("canvas");
        canvas.width = 64; canvas.height = 48;
        const context = canvas.getContext("2d");
        const recorder = new MediaRecorder(canvas.captureStream(10), { mimeType: "video/webm" });
        const chunks = [];
        recorder.ondataavailable = (event) => chunks.push(event.data);
        const stopped = new Promise((resolve) => (recorder.onstop = resolve));
        recorder.start();
        for (let frame = 0; frame < 10; frame++) {
          context.fillStyle = frame % 2 ? "red" : "blue";
          context.fillRect(0, 0, 64, 48);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        recorder.stop();
        await stopped;
        return Array.from(new Uint8Array(await new Blob(chunks).arrayBuffer()));
      }"""
    )
    return bytes(data)


def natural_width(locator) -> int:
    return locator.evaluate("img => img.complete ? img.naturalWidth : 0")


def test_images_from_bytes_and_files(page: Page, serve_app, tmp_path: Path) -> None:
    folder = tmp_path / "app"
    write_app(
        folder,
        "import io\nimport streamlit as st\n"
        "red = open('red.png', 'rb').read()\n"
        "st.image(red, caption='from bytes')\n"
        "st.image(io.BytesIO(open('blue.png', 'rb').read()), caption='from BytesIO')\n"
        "st.image('blue.png', caption='from a file')\n"
        "st.logo(red)\n",
    )
    (folder / "red.png").write_bytes(png(40, 30, (255, 0, 0)))
    (folder / "blue.png").write_bytes(png(20, 10, (0, 0, 255)))
    page.goto(serve_app(folder))
    app = app_frame(page)
    for caption, width in (("from bytes", 40), ("from BytesIO", 20), ("from a file", 20)):
        image = app.get_by_test_id("stImageContainer").filter(has_text=re.compile(f"^{caption}$")).locator("img")
        expect(image).to_be_visible()
        page.wait_for_function(
            "([img, w]) => img.complete && img.naturalWidth === w", arg=[image.element_handle(), width]
        )
    logo = app.get_by_test_id("stHeaderLogo")  # without a sidebar, the logo sits in the header
    expect(logo).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth === 40", arg=logo.element_handle())


def test_audio_and_video_from_bytes_and_files(page: Page, serve_app, tmp_path: Path) -> None:
    page.goto("about:blank")
    clip = record_webm(page)
    folder = tmp_path / "app"
    write_app(
        folder,
        "import streamlit as st\n"
        "st.audio(open('tone.wav', 'rb').read(), format='audio/wav')\n"
        "st.audio('tone.wav')\n"
        "st.video(open('clip.webm', 'rb').read(), format='video/webm')\n"
        "st.video('clip.webm')\n",
    )
    (folder / "tone.wav").write_bytes(wav(1.5))
    (folder / "clip.webm").write_bytes(clip)
    page.goto(serve_app(folder))
    app = app_frame(page)
    audios = app.locator("audio")
    videos = app.locator("video")
    expect(audios).to_have_count(2)
    expect(videos).to_have_count(2)
    for index in range(2):
        page.wait_for_function("a => a.readyState >= 1 && a.duration > 1.4", arg=audios.nth(index).element_handle())
        page.wait_for_function("v => v.readyState >= 1 && v.videoWidth === 64", arg=videos.nth(index).element_handle())
