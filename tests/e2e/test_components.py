"""Custom components as a person sees them: drawn, talking to the app, their files loaded
as from a server (by the service worker, since a component's iframe loads by `src`)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from .conftest import BOOT_TIMEOUT_MS
from .support import app_frame, write_app

INDEX_HTML = """<!doctype html>
<html><head><meta charset="utf-8"><link rel="stylesheet" href="./style.css"></head>
<body><p id="greeting">waiting for the app</p><button id="wave">Wave back</button>
<script src="./main.js"></script></body></html>
"""

# The v1 component protocol by hand (what streamlit-component-lib does for React).
MAIN_JS = """
function send(type, data) {
  window.parent.postMessage({ isStreamlitMessage: true, type, ...data }, "*");
}
window.addEventListener("message", (event) => {
  if (event.data.type !== "streamlit:render") return;
  document.getElementById("greeting").textContent = `Hello, ${event.data.args.name}!`;
  send("streamlit:setFrameHeight", { height: 120 });
});
document.getElementById("wave").addEventListener("click", () =>
  send("streamlit:setComponentValue", { value: "waved", dataType: "json" }),
);
send("streamlit:componentReady", { apiVersion: 1 });
"""

V1_APP = """
import streamlit as st
import streamlit.components.v1 as components

greeter = components.declare_component("greeter", path="greeter")
st.write("component says:", greeter(name="Ada", default="nothing yet"))
"""


def v1_app(folder: Path) -> Path:
    write_app(folder, V1_APP)
    write_app(folder / "greeter", INDEX_HTML, name="index.html")
    write_app(folder / "greeter", MAIN_JS, name="main.js")
    write_app(folder / "greeter", "#greeting { color: rgb(0, 128, 0); }\n", name="style.css")
    return folder


def test_v1_component_from_a_folder(page: Page, serve_app, tmp_path: Path) -> None:
    page.goto(serve_app(v1_app(tmp_path / "app")))
    app = app_frame(page)
    expect(app.get_by_text("component says: nothing yet")).to_be_visible()
    component = app.frame_locator("iframe[title='streamlit_app.greeter']")
    greeting = component.locator("#greeting")
    expect(greeting).to_have_text("Hello, Ada!")  # its script ran and got the app's arguments
    expect(greeting).to_have_css("color", "rgb(0, 128, 0)")  # its stylesheet loaded
    component.get_by_role("button", name="Wave back").click()
    expect(app.get_by_text("component says: waved")).to_be_visible()


V2_APP = '''
import streamlit as st

JS = """
export default function (component) {
    const { parentElement, setTriggerValue, data } = component;
    const button = parentElement.querySelector("button");
    button.textContent = `Press me, ${data.name}`;
    button.onclick = () => setTriggerValue("pressed", data.name);
}
"""
counter = st.components.v2.component("presser", html="<button>...</button>", js=JS)
result = counter(data={"name": "Grace"}, on_pressed_change=lambda: None)
st.write("pressed by:", result.pressed or "nobody")
'''


def test_v2_component(page: Page, serve_app, tmp_path: Path) -> None:
    page.goto(serve_app(write_app(tmp_path / "app", V2_APP)))
    app = app_frame(page)
    expect(app.get_by_text("pressed by: nobody")).to_be_visible()
    app.get_by_role("button", name="Press me, Grace").click()
    expect(app.get_by_text("pressed by: Grace")).to_be_visible()


def test_without_a_service_worker_the_component_says_why(browser: Browser, serve_app, tmp_path: Path) -> None:
    # As on a file:// page or a plain-http host: no service worker can run.
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        page.set_default_timeout(BOOT_TIMEOUT_MS)
        page.goto(serve_app(v1_app(tmp_path / "app")))
        app = app_frame(page)
        expect(app.get_by_text("component says: nothing yet")).to_be_visible()  # the app itself works
        component = app.frame_locator("iframe[title='streamlit_app.greeter']")
        expect(component.locator("body")).to_contain_text("needs wasmlit's service worker")
    finally:
        context.close()


V2_FILES_APP = """
import streamlit as st

greeter = st.components.v2.component(
    "streamlit-greeter.greeter", html="<p class='greeting'>...</p>", js="index.js", css="style.css"
)
greeter(data={"name": "Lin"})
st.write("v2 ready")
"""

V2_INDEX_JS = """
export default function (component) {
  const { parentElement, data } = component;
  parentElement.querySelector(".greeting").textContent = `Hello from a file, ${data.name}!`;
}
"""


def installed_v2_package(folder: Path) -> None:
    """A package declaring a v2 component with an asset_dir, as `pip install` lays it out
    (its dist-info next to it, in the app's folder, which is on sys.path)."""
    package = folder / "streamlit_greeter"
    write_app(package, "", name="__init__.py")
    write_app(
        package,
        '[project]\nname = "streamlit-greeter"\nversion = "0.1"\n\n'
        '[[tool.streamlit.component.components]]\nname = "greeter"\nasset_dir = "frontend"\n',
        name="pyproject.toml",
    )
    write_app(package / "frontend", V2_INDEX_JS, name="index.js")
    write_app(package / "frontend", ".greeting { color: rgb(0, 0, 255); }\n", name="style.css")
    files = ["__init__.py", "pyproject.toml", "frontend/index.js", "frontend/style.css"]
    dist_info = folder / "streamlit_greeter-0.1.dist-info"
    write_app(dist_info, "Metadata-Version: 2.1\nName: streamlit-greeter\nVersion: 0.1\n", name="METADATA")
    record = [f"streamlit_greeter/{name},," for name in files] + [
        f"{dist_info.name}/{n},," for n in ("METADATA", "RECORD")
    ]
    write_app(dist_info, "\n".join(record) + "\n", name="RECORD")


def test_v2_component_with_files_from_its_package(page: Page, serve_app, tmp_path: Path) -> None:
    folder = write_app(tmp_path / "app", V2_FILES_APP)
    installed_v2_package(folder)
    page.goto(serve_app(folder))
    app = app_frame(page)
    expect(app.get_by_text("v2 ready")).to_be_visible()
    greeting = app.locator(".greeting")  # inside the component's shadow root
    expect(greeting).to_have_text("Hello from a file, Lin!")  # index.js, imported by URL
    expect(greeting).to_have_css("color", "rgb(0, 0, 255)")  # style.css, a <link> by URL
