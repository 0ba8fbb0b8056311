"""Blocking calls in an app behave as on a server (Chromium has JSPI): `time.sleep` really
waits while the output before it is on screen, `asyncio.run` works inside the script,
`st.write_stream` streams sync and async generators, `st.spinner` shows around a blocking
call, and a widget change during a long sleep starts the new run at once."""

from __future__ import annotations

import time
from pathlib import Path

from playwright.sync_api import Locator, Page, Route, expect

from .support import app_frame, write_app

SLEEP_APP = """
import time
import streamlit as st

st.write("before the sleep")
started = time.monotonic()
time.sleep(3)
st.write(f"after the sleep, which took {time.monotonic() - started:.1f} s")
"""


def test_output_before_a_sleep_is_on_screen_during_it(page: Page, serve_app, tmp_path: Path) -> None:
    page.goto(serve_app(write_app(tmp_path, SLEEP_APP)))
    app = app_frame(page)
    expect(app.get_by_text("before the sleep")).to_be_visible()
    seen_before = time.monotonic()
    # While the script sleeps, what it wrote before is there and what comes after is not.
    expect(app.get_by_text("after the sleep")).to_have_count(0)
    after = app.get_by_text("after the sleep, which took")
    expect(after).to_be_visible(timeout=20_000)
    gap = time.monotonic() - seen_before
    assert slept_seconds(after) >= 3.0, after.inner_text()  # time.sleep really slept
    assert 1.0 < gap < 20, f"the second line came {gap:.2f} s after the first"


def slept_seconds(line: Locator) -> float:
    """The duration SLEEP_APP measured and wrote ("... which took 3.0 s")."""
    return float(line.inner_text().split("took ")[1].split(" ")[0])


ASYNC_AND_STREAMS_APP = """
import asyncio
import time
import streamlit as st

async def answer():
    await asyncio.sleep(0.1)
    return 42

st.write(f"asyncio.run gave {asyncio.run(answer())}")

def words():
    for word in ["sync", "words", "streamed"]:
        time.sleep(0.2)
        yield word + " "

async def async_words():
    for word in ["async", "words", "streamed"]:
        await asyncio.sleep(0.2)
        yield word + " "

st.write_stream(words())
st.write_stream(async_words())
with st.spinner("Crunching numbers"):
    time.sleep(2)
st.write("spinner done")
"""


def test_asyncio_run_streams_and_spinner(page: Page, serve_app, tmp_path: Path) -> None:
    page.goto(serve_app(write_app(tmp_path, ASYNC_AND_STREAMS_APP)))
    app = app_frame(page)
    expect(app.get_by_text("asyncio.run gave 42")).to_be_visible()
    expect(app.get_by_text("sync words streamed", exact=True)).to_be_visible()
    expect(app.get_by_text("async words streamed", exact=True)).to_be_visible()
    # The spinner shows while the blocking call runs, and goes away after it.
    expect(app.get_by_text("Crunching numbers")).to_be_visible()
    expect(app.get_by_text("spinner done")).to_be_visible()
    expect(app.get_by_text("Crunching numbers")).to_have_count(0)


WIDGET_DURING_SLEEP_APP = """
import time
import streamlit as st

word = st.text_input("Word")
st.write(f"run for {word!r} started")
time.sleep(20 if not word else 1)
st.write(f"run for {word!r} finished")
"""


def test_widget_change_during_a_long_sleep_starts_the_new_run(page: Page, serve_app, tmp_path: Path) -> None:
    page.goto(serve_app(write_app(tmp_path, WIDGET_DURING_SLEEP_APP)))
    app = app_frame(page)
    expect(app.get_by_text("run for '' started")).to_be_visible()
    word = app.get_by_label("Word")
    word.fill("go")
    changed = time.monotonic()
    word.press("Enter")
    # The new run starts now, not when the 20 s sleep of the old one would end.
    expect(app.get_by_text("run for 'go' finished")).to_be_visible(timeout=10_000)
    assert time.monotonic() - changed < 10
    expect(app.get_by_text("run for '' finished")).to_have_count(0)


def browser_without_jspi(page: Page) -> None:
    """Make the app's worker see a browser without JSPI (as Firefox or Safari are)."""

    def strip_jspi(route: Route) -> None:
        response = route.fetch()
        removal = "delete WebAssembly.Suspending; delete WebAssembly.Suspender; delete WebAssembly.promising;\n"
        route.fulfill(response=response, body=removal + response.text())

    page.route("**/worker.js", strip_jspi)


def test_without_jspi_a_sleep_still_sleeps_and_the_page_says_why(page: Page, serve_app, tmp_path: Path) -> None:
    browser_without_jspi(page)
    page.goto(serve_app(write_app(tmp_path, SLEEP_APP)))
    app = app_frame(page)
    after = app.get_by_text("after the sleep, which took")
    expect(after).to_be_visible(timeout=20_000)
    assert slept_seconds(after) >= 3.0, after.inner_text()  # blocking the worker, but it slept
    notice = page.get_by_role("alert")
    expect(notice).to_contain_text("time.sleep() blocks this app")
    assert page.evaluate("typeof WebAssembly.Suspending") == "function"  # only the worker lost it
