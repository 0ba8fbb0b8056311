"""Top-level await in scripts and pages (patches/top_level_await.py)."""

from __future__ import annotations

from collections.abc import Callable

from tests.unit.conftest import render, run, texts


def test_navigation_page_with_top_level_await(write_app: Callable[..., str]) -> None:
    entry = write_app(
        "import streamlit as st\npg = st.navigation([st.Page('other.py', title='Other')])\npg.run()\n",
        files={
            "other.py": "import asyncio\nimport streamlit as st\nawait asyncio.sleep(0.001)\nst.write('page awaited')\n"
        },
    )

    async def main() -> list[str]:
        server, _, messages = await render(entry)
        await server.stop()
        return texts(messages)

    assert "page awaited" in run(main())


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
        server, _, messages = await render(write_app(app))
        await server.stop()
        return texts(messages)

    assert "async page ran" in run(main())
