"""`wasmlit serve`'s live reload, server side: what counts as a change, and who hears of it."""

from __future__ import annotations

import json
import os
from pathlib import Path

from wasmlit.app_folder import AppFolder
from wasmlit.live_reload import Changes, LiveReload, client_call, compile_error, diff


def test_diff_names_added_modified_and_removed_files() -> None:
    before = {"a.py": (1, 10), "b.py": (1, 10), "c.csv": (1, 10)}
    after = {"a.py": (1, 10), "b.py": (2, 11), "d.txt": (1, 1)}
    assert diff(before, after) == Changes(added=["d.txt"], modified=["b.py"], removed=["c.csv"])
    assert not diff(after, after)


def test_compile_errors_are_one_line(tmp_path: Path) -> None:
    (tmp_path / "ok.py").write_text("x = 1\n")
    (tmp_path / "bad.py").write_text("x = 1\nprint(\n")
    assert compile_error(tmp_path / "ok.py") is None
    assert compile_error(tmp_path / "bad.py") == "line 2: '(' was never closed"


def test_each_subscribed_page_hears_of_each_change(tmp_path: Path) -> None:
    (tmp_path / "streamlit_app.py").write_text("import streamlit\n")
    logged: list[str] = []
    live = LiveReload(AppFolder(tmp_path, "streamlit_app.py"), log=logged.append)
    first, second = live.subscribe(), live.subscribe()

    (tmp_path / "data.csv").write_text("a,b\n")
    app_file = tmp_path / "streamlit_app.py"
    app_file.write_text("import streamlit\nst.write(\n")
    os.utime(app_file, ns=(1, 1))  # a different mtime even on coarse-clock file systems
    changes = live.poll()
    assert changes == Changes(added=["data.csv"], modified=["streamlit_app.py"])
    assert first.get_nowait() == second.get_nowait() == changes
    assert logged == [
        "  added: data.csv",
        "  changed: streamlit_app.py",
        "  error: streamlit_app.py, line 2: '(' was never closed",
    ]

    live.unsubscribe(second)
    app_file.unlink()
    live.poll()
    assert first.get_nowait().removed == ["streamlit_app.py"]
    assert second.empty()
    assert logged[-1].startswith("  warning: the entry point streamlit_app.py is gone")

    assert not live.poll()  # nothing new
    live.stop()
    assert first.get_nowait() is None  # the page's event stream ends


def test_event_data_and_the_page_script() -> None:
    assert Changes(added=["n.txt"], modified=["a.py"], removed=["x"], install=["humanize"]).event_data() == (
        '{"install": ["humanize"], "written": ["n.txt", "a.py"], "removed": ["x"]}'
    )
    call = client_call("./_live/events", "./_app/", "./_live/errors")
    assert call.startswith("wasmlitLiveReload(app, ") and call.endswith(");")
    urls = json.loads(call[len("wasmlitLiveReload(app, ") : -2])
    assert urls == {"events": "./_live/events", "files": "./_app/", "errors": "./_live/errors"}


def test_new_imports_and_requirements_are_installed_once(tmp_path: Path) -> None:
    (tmp_path / "streamlit_app.py").write_text("import streamlit\n")
    wanted = ["humanize"]
    logged: list[str] = []
    live = LiveReload(AppFolder(tmp_path, "streamlit_app.py"), logged.append, lambda: list(wanted))
    (tmp_path / "data.csv").write_text("")
    wanted.append("tabulate")
    assert live.poll().install == []  # no Python file or requirements.txt changed: no scan
    (tmp_path / "requirements.txt").write_text("tabulate\n")
    assert live.poll().install == ["tabulate"]  # humanize was installed at boot
    assert "  installing: tabulate" in logged
    (tmp_path / "helpers.py").write_text("import tabulate\n")
    assert live.poll().install == []
