"""Several apps on one Streamlit runtime (what a shared worker runs), on CPython."""

from __future__ import annotations

import os
from pathlib import Path

from wasmlit_shim import apps, run_events
from wasmlit_shim.server import AppServer

from tests.unit.conftest import StreamSession, run, serving, texts

APP = """
import os
import streamlit as st
import helper
st.title(helper.NAME)
st.write("cwd " + os.path.basename(os.getcwd()))
st.write("data " + open("data.txt").read())
"""


def write_app(folder: Path, name: str) -> str:
    folder.mkdir(parents=True)
    (folder / "helper.py").write_text(f"NAME = 'App {name}'\n")
    (folder / "data.txt").write_text(f"of {name}")
    entry = folder / "streamlit_app.py"
    entry.write_text(APP)
    return str(entry)


def session_for(server: AppServer, entrypoint: str) -> StreamSession:
    with apps.connecting(entrypoint):
        return StreamSession(server)


def test_each_connection_runs_its_own_app(tmp_path: Path) -> None:
    first = write_app(tmp_path / "apps" / "1", "one")
    second = write_app(tmp_path / "apps" / "2", "two")
    cwd = os.getcwd()

    async def main() -> tuple[list[str], list[str], list[str], list[str]]:
        async with serving(first) as server:
            apps.bind_runtime(server.runtime)
            apps.add_app(first)
            apps.add_app(second)
            one, two = session_for(server, first), session_for(server, second)
            one.rerun()
            await one.wait_for_runs(1)
            two.rerun()
            await two.wait_for_runs(1)
            one.rerun()  # the first app again, after the second imported its own helper
            await one.wait_for_runs(2)

            # A file of the second app changes: only its sessions rerun.
            Path(second).write_text(APP + "st.write('changed')\n")
            server.file_changed(second, app_folder=os.path.dirname(second))
            await two.wait_for_runs(2)
            return texts(one.messages), texts(two.messages), [str(one.finished_runs())], [str(two.finished_runs())]
            os.chdir(cwd)
            apps._apps.folders.clear()  # later tests run one app each

    one, two, one_runs, two_runs = run(main())
    assert one.count("App one") == 2 and "App two" not in one
    assert "cwd 1" in one and "data of one" in one
    assert "App two" in two and "App one" not in two
    assert "cwd 2" in two and "data of two" in two
    assert "changed" in two
    assert one_runs == ["2"]  # not rerun by the second app's change


def test_run_events_reach_listeners(write_app) -> None:  # type: ignore[no-untyped-def]
    heard: list[str] = []

    async def main() -> None:
        server = await AppServer.start(write_app("import streamlit as st\nst.write('hi')\n"))
        remove = run_events.add_listener(lambda _session, kind: heard.append(kind))
        try:
            session = StreamSession(server)
            session.rerun()
            await session.wait_for_runs(1)
        finally:
            remove()
            await server.stop()

    run(main())
    assert heard[:2] == ["started", "finished"]
