"""The script the window adds to its page: the app's title and icon become the window's.

The stock Streamlit frontend, in its iframe, tells its parent page about
`st.set_page_config(page_title=..., page_icon=...)` and each page's name (`SET_PAGE_TITLE`,
`SET_PAGE_FAVICON`, posted with Streamlit's host protocol, `stCommVersion: 1`). The script
copies them into the top page's `<title>` and `<link rel="icon">`; Qt then reports them
(`titleChanged`, `iconChanged`) and the window follows. Only messages from the app's own
frame, on the page's own origin, count.
"""

from __future__ import annotations

from PySide6.QtWebEngineCore import QWebEngineScript

SOURCE = """
(() => {
  window.addEventListener("message", (event) => {
    const frame = document.querySelector("iframe");
    const message = event.data;
    if (!frame || event.source !== frame.contentWindow || event.origin !== location.origin) return;
    if (!message || message.stCommVersion !== 1) return;
    if (message.type === "SET_PAGE_TITLE" && typeof message.title === "string" && message.title) {
      document.title = message.title;
    }
    if (message.type === "SET_PAGE_FAVICON" && typeof message.favicon === "string") {
      let link = document.querySelector("link[rel=icon]");
      if (!link) link = document.head.appendChild(Object.assign(document.createElement("link"), { rel: "icon" }));
      link.href = new URL(message.favicon, frame.contentWindow.location.href).href;
    }
  });
})();
"""


def title_and_icon_script() -> QWebEngineScript:
    script = QWebEngineScript()
    script.setName("wasmlit-desktop-title-and-icon")
    script.setSourceCode(SOURCE)
    script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentCreation)
    script.setWorldId(QWebEngineScript.ScriptWorldId.ApplicationWorld)  # out of the page's own scripts' reach
    script.setRunsOnSubFrames(False)
    return script
