"""No request leaves the machine: the web view may load only from the program's own server.

Two locks, because neither covers everything alone:
- Chromium's own network settings (CHROMIUM_FLAGS): every connection that is not to the
  loopback address goes to a proxy that does not exist, so it fails before any name is
  looked up or any packet leaves. This holds for every request Chromium makes, from the
  page, its workers (where the app's Python runs; the interceptor never sees their
  requests) and its service worker alike.
- An interceptor on the page's requests, which blocks any other address before it is even
  tried and reports it once on stderr, so a person running the program from a terminal sees
  what the page asked for. `data:` and `blob:` URLs never reach the network and pass.
"""

from __future__ import annotations

import sys
from collections.abc import MutableMapping

from PySide6.QtCore import QUrl
from PySide6.QtWebEngineCore import QWebEngineUrlRequestInfo, QWebEngineUrlRequestInterceptor

LOCAL_SCHEMES = {"data", "blob", "about", "qrc"}
# Loopback addresses are never sent to a proxy (Chromium bypasses them); port 9 is "discard".
# QtWebEngine reads these from QTWEBENGINE_CHROMIUM_FLAGS (split at spaces), not from argv.
CHROMIUM_FLAGS = ["--proxy-server=http://127.0.0.1:9", "--disable-background-networking", "--disable-component-update"]


def add_chromium_flags(environment: MutableMapping[str, str]) -> None:
    """Before QtWebEngine starts: the flags, after any the person running the program gave."""
    given = environment.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    environment["QTWEBENGINE_CHROMIUM_FLAGS"] = " ".join([given, *CHROMIUM_FLAGS]).strip()


def is_allowed(url: QUrl, origin: QUrl) -> bool:
    if url.scheme() in LOCAL_SCHEMES:
        return True
    return url.scheme() in ("http", "ws") and url.host() == origin.host() and url.port() == origin.port()


class LoopbackOnly(QWebEngineUrlRequestInterceptor):
    def __init__(self, origin: QUrl) -> None:
        super().__init__()
        self.origin = origin
        self.reported: set[str] = set()

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl()
        if is_allowed(url, self.origin):
            return
        info.block(True)
        host = f"{url.scheme()}://{url.host()}"
        if host not in self.reported:
            self.reported.add(host)
            print(
                f"wasmlit desktop: blocked a request to {host} (this program never uses the network)", file=sys.stderr
            )
