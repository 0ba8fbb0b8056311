"""No watcher threads (patches/file_watchers.py): secrets are still read."""

from __future__ import annotations

from collections.abc import Callable

from tests.unit.conftest import render, run, texts


def test_secrets_file_is_read_without_watcher_threads(write_app: Callable[..., str]) -> None:
    entry = write_app(
        "import streamlit as st\nst.write(f\"token={st.secrets['token']}\")\n",
        files={".streamlit/secrets.toml": 'token = "s3cret"\n'},
    )

    async def main() -> list[str]:
        server, _, messages = await render(entry)
        await server.stop()
        return texts(messages)

    assert "token=s3cret" in run(main())
