"""Work upstream offloads to threads runs inline (patches/thread_offload.py): static files, large uploads, parallel fragments."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from tests.unit.conftest import elements, last_run, render, run, serving, texts


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

        server, session, first = await render(write_app(app))
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
        server, _, messages = await render(write_app(app))
        await server.stop()
        return texts(messages)

    found = run(main())
    assert {"left fragment", "right fragment", "main done"} <= set(found)


def session_id(messages: list[Any]) -> str:
    return next(m.new_session.initialize.session_id for m in messages if m.WhichOneof("type") == "new_session")
