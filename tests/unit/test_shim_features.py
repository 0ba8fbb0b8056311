"""Streamlit features that depend on the shim's patches, through AppServer on CPython."""

from __future__ import annotations

import asyncio
import importlib.abc
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from wasmlit_shim.server import AppServer

from tests.unit.conftest import StreamSession, elements, last_run, run, serving, texts

HEAVY = ("numpy", "pandas", "pyarrow", "PIL")


class _HeavyImportBlocker(importlib.abc.MetaPathFinder):
    """Makes importing numpy/pandas/pyarrow/PIL fail, as in Pyodide where they are absent."""

    def __init__(self) -> None:
        self.attempts: list[str] = []

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> None:
        if fullname.split(".")[0] in HEAVY:
            self.attempts.append(fullname)
            raise ImportError(f"{fullname} is blocked by the test (not installed in Pyodide)")
        return None


@pytest.fixture
def without_heavy_packages(monkeypatch: pytest.MonkeyPatch) -> Iterator[_HeavyImportBlocker]:
    # Earlier tests may have imported them: hide them (monkeypatch puts them back after).
    for name in list(sys.modules):
        if name.split(".")[0] in HEAVY:
            monkeypatch.delitem(sys.modules, name)
    blocker = _HeavyImportBlocker()
    monkeypatch.setattr(sys, "meta_path", [blocker, *sys.meta_path])
    yield blocker


async def _render(entry: str, **start: Any) -> tuple[AppServer, StreamSession, list[Any]]:
    server = await AppServer.start(entry, **start)
    session = StreamSession(server)
    session.rerun()
    return server, session, await session.wait_for_runs(1)


def test_write_without_numpy_pandas_pyarrow(
    write_app: Callable[..., str], without_heavy_packages: _HeavyImportBlocker
) -> None:
    app = """
import asyncio
import streamlit as st

st.write({"a": 1})
st.write([1, 2])
st.write("plain", 3)

def words():
    yield "hello "
    yield "world"

st.write_stream(words)

async def async_words():
    for word in ("async ", "stream"):
        await asyncio.sleep(0.001)
        yield word

st.write_stream(async_words)
st.image("https://example.com/cat.png")
st.logo("https://example.com/logo.png")
st.json({"b": 2})
st.write("end")
"""

    async def main() -> list[Any]:
        server, _, messages = await _render(write_app(app))
        await server.stop()
        return messages

    messages = run(main())
    found = elements(messages)
    kinds = [e.WhichOneof("type") for e in found]
    assert "exception" not in kinds, [e.exception.message for e in found if e.WhichOneof("type") == "exception"]
    rendered = texts(messages)
    assert '{"a": 1}' in rendered
    assert "hello world" in rendered
    assert "async stream" in rendered
    assert "end" in rendered
    images = [e.imgs for e in found if e.WhichOneof("type") == "imgs"]
    assert images and images[0].imgs[0].url == "https://example.com/cat.png"
    logos = [m.logo for m in messages if m.WhichOneof("type") == "logo"]
    assert logos and logos[0].image == "https://example.com/logo.png"
    assert without_heavy_packages.attempts == []
    assert not [name for name in sys.modules if name.split(".")[0] in HEAVY]


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
        server, session, first = await _render(write_app(MEDIA_APP), media_urls=media)
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
        server, _, messages = await _render(write_app(MEDIA_APP))
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


def test_static_files_are_served_without_threads(write_app: Callable[..., str]) -> None:
    # Starlette's FileResponse stats and reads the file through anyio.to_thread.
    entry = write_app("import streamlit as st\nst.write('x')\n", files={"static/hello.txt": "hello static\n"})

    async def main() -> Any:
        async with serving(entry, {"server.enableStaticServing": True}) as server:
            return await server.http("GET", "/app/static/hello.txt", "", [], b"")

    response = run(main())
    assert response.status == 200
    assert response.body == b"hello static\n"


def test_upload_over_one_megabyte_reaches_the_script(write_app: Callable[..., str]) -> None:
    # Past 1 MB Starlette spools the upload to disk through run_in_threadpool.
    app = """
import streamlit as st
uploaded = st.file_uploader("File", key="file")
st.write(f"size: {len(uploaded.getvalue()) if uploaded else 0}")
"""
    payload = b"x" * (1024 * 1024 + 4096)

    async def main() -> list[str]:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        server, session, first = await _render(write_app(app))
        try:
            uploader = next(e.file_uploader for e in elements(first) if e.WhichOneof("type") == "file_uploader")
            request = BackMsg()
            request.file_urls_request.request_id = "r1"
            request.file_urls_request.session_id = session_id(first)
            request.file_urls_request.file_names.append("big.bin")
            session.send(request)
            deadline = time.monotonic() + 10
            while not (
                responses := [
                    m.file_urls_response for m in session.messages if m.WhichOneof("type") == "file_urls_response"
                ]
            ):
                assert time.monotonic() < deadline
                await asyncio.sleep(0.01)
            file_urls = responses[0].file_urls[0]
            boundary = "wasmlitboundary"
            body = (
                (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n'
                    "Content-Type: application/octet-stream\r\n\r\n"
                ).encode()
                + payload
                + f"\r\n--{boundary}--\r\n".encode()
            )
            put = await server.http(
                "PUT",
                file_urls.upload_url,
                "",
                [("content-type", f"multipart/form-data; boundary={boundary}"), ("content-length", str(len(body)))],
                body,
            )
            assert put.status == 204, (put.status, put.body)

            def configure(state: Any) -> None:
                state.id = uploader.id
                info = state.file_uploader_state_value.uploaded_file_info.add()
                info.file_id = file_urls.file_id
                info.name = "big.bin"
                info.size = len(payload)
                info.file_urls.CopyFrom(file_urls)

            session.rerun(configure=configure)
            return texts(last_run(await session.wait_for_runs(2)))
        finally:
            await server.stop()

    assert f"size: {len(payload)}" in run(main())


def session_id(messages: list[Any]) -> str:
    return next(m.new_session.initialize.session_id for m in messages if m.WhichOneof("type") == "new_session")


def test_spinner_shows_while_the_script_awaits(write_app: Callable[..., str]) -> None:
    app = """
import asyncio
import streamlit as st
with st.spinner("Thinking..."):
    await asyncio.sleep(0.8)
st.write("done")
"""

    async def main() -> list[Any]:
        server, _, messages = await _render(write_app(app))
        await server.stop()
        return messages

    messages = run(main())
    # The spinner is a transient element, sent by the delayed timer while the script awaits.
    spinners = [
        e.spinner.text
        for m in messages
        if m.WhichOneof("type") == "delta" and m.delta.HasField("new_transient")
        for e in m.delta.new_transient.elements
        if e.WhichOneof("type") == "spinner"
    ]
    assert spinners == ["Thinking..."]
    assert "done" in texts(messages)


def test_two_sessions_interleave_with_their_own_context(write_app: Callable[..., str]) -> None:
    # Both scripts await mid-run; each session must get only its own elements.
    app = """
import asyncio
import streamlit as st
who = st.query_params.get("who", "nobody")
for step in range(5):
    st.write(f"{who} {step}")
    await asyncio.sleep(0.01)
"""

    async def main() -> tuple[list[str], list[str]]:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        async with serving(write_app(app)) as server:
            sessions = [StreamSession(server), StreamSession(server)]
            for who, session in zip(("ann", "bob"), sessions, strict=True):
                back = BackMsg()
                back.rerun_script.query_string = f"who={who}"
                back.rerun_script.page_script_hash = ""
                session.send(back)
            results = [texts(await s.wait_for_runs(1)) for s in sessions]
            return results[0], results[1]

    ann, bob = run(main())
    assert ann == [f"ann {n}" for n in range(5)]
    assert bob == [f"bob {n}" for n in range(5)]


def test_navigation_page_with_top_level_await(write_app: Callable[..., str]) -> None:
    entry = write_app(
        "import streamlit as st\npg = st.navigation([st.Page('other.py', title='Other')])\npg.run()\n",
        files={
            "other.py": "import asyncio\nimport streamlit as st\nawait asyncio.sleep(0.001)\nst.write('page awaited')\n"
        },
    )

    async def main() -> list[str]:
        server, _, messages = await _render(entry)
        await server.stop()
        return texts(messages)

    assert "page awaited" in run(main())


def test_stop_request_stops_the_running_script(write_app: Callable[..., str]) -> None:
    app = """
import asyncio
import streamlit as st
for step in range(100):
    st.write(f"step {step}")
    await asyncio.sleep(0.02)
st.write("finished")
"""

    async def main() -> list[str]:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        async with serving(write_app(app)) as server:
            session = StreamSession(server)
            session.rerun()
            await asyncio.sleep(0.15)
            stop = BackMsg()
            stop.stop_script = True
            session.send(stop)
            await session.wait_for_runs(1, timeout=5)
            return texts(session.messages)

    found = run(main())
    assert "step 0" in found
    assert "finished" not in found
    assert len(found) < 50


def test_async_page_function(write_app: Callable[..., str]) -> None:
    app = """
import asyncio
import streamlit as st

async def home():
    await asyncio.sleep(0.001)
    st.write("async page ran")

st.navigation([st.Page(home, title="Home")]).run()
"""

    async def main() -> list[str]:
        server, _, messages = await _render(write_app(app))
        await server.stop()
        return texts(messages)

    assert "async page ran" in run(main())


def test_rerun_cache_and_fragment(write_app: Callable[..., str]) -> None:
    app = """
import streamlit as st

if "n" not in st.session_state:
    st.session_state.n = 0
st.session_state.n += 1
if st.session_state.n == 1:
    st.rerun()

@st.cache_data
def double(x):
    return x * 2

@st.cache_resource
def resource():
    return {"made": True}

st.write(f"n={st.session_state.n} double={double(21)} resource={resource()['made']}")

@st.fragment
def fragment():
    st.write("in fragment")

fragment()
"""

    async def main() -> list[str]:
        async with serving(write_app(app)) as server:
            session = StreamSession(server)
            session.rerun()
            deadline = time.monotonic() + 10
            while "in fragment" not in texts(session.messages):
                assert time.monotonic() < deadline, session.describe()
                await asyncio.sleep(0.01)
            return texts(session.messages)

    found = run(main())
    assert "n=2 double=42 resource=True" in found
    assert not any(text.startswith("n=1") for text in found)


def test_secrets_file_is_read_without_watcher_threads(write_app: Callable[..., str]) -> None:
    entry = write_app(
        "import streamlit as st\nst.write(f\"token={st.secrets['token']}\")\n",
        files={".streamlit/secrets.toml": 'token = "s3cret"\n'},
    )

    async def main() -> list[str]:
        server, _, messages = await _render(entry)
        await server.stop()
        return texts(messages)

    assert "token=s3cret" in run(main())


def test_parallel_fragments_run_one_after_another(write_app: Callable[..., str]) -> None:
    app = """
import streamlit as st

@st.fragment(parallel=True)
def left():
    st.write("left fragment")

@st.fragment(parallel=True)
def right():
    st.write("right fragment")

left()
right()
st.write("main done")
"""

    async def main() -> list[str]:
        server, _, messages = await _render(write_app(app))
        await server.stop()
        return texts(messages)

    found = run(main())
    assert {"left fragment", "right fragment", "main done"} <= set(found)
