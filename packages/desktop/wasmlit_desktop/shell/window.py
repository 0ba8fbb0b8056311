"""The program's one window: a QWebEngineView on the loopback site, behaving like a desktop app.

- Its profile is named after the app and kept in the user's data folder (QStandardPaths):
  IndexedDB, where `--persist` folders live, survives quitting. The default profile is
  off-the-record and would forget everything.
- Only the loopback server is reachable (network_guard); a link to another site opens in
  the system browser instead, whether it would have replaced the page or opened a new one.
- A download (st.download_button) asks where to save it.
- The title and icon follow the page's, which follow the app's `st.set_page_config` (the
  host page does that for a full-page app: packages/mountable/src/page-title.ts).
- Closing first hides the window, which the page sees as hidden (it saves its persistent
  folders then, see mount.ts), and ends everything a moment later.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, QTimer, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices, QIcon
from PySide6.QtNetwork import QNetworkCookie
from PySide6.QtWebEngineCore import QWebEngineDownloadRequest, QWebEnginePage, QWebEngineProfile
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QWidget

from .network_guard import LoopbackOnly, is_allowed

EXTERNAL_SCHEMES = {"http", "https", "mailto"}
DEFAULT_SIZE = (1200, 800)
# After the window disappears, the page has this long to save (persistent folders, host folders).
SAVE_GRACE_MS = 1500


def app_profile(app_id: str, origin: QUrl, cookie: tuple[str, str], parent: QWidget | None = None) -> QWebEngineProfile:
    profile = QWebEngineProfile(app_id, parent)
    name, value = cookie
    access = QNetworkCookie(name.encode(), value.encode())
    access.setHttpOnly(True)
    profile.cookieStore().setCookie(access, origin)  # lets the page reach the user's mounted folders
    data = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    profile.setPersistentStoragePath(f"{data}/profile")
    profile.setCachePath(f"{data}/cache")
    profile.setUrlRequestInterceptor(LoopbackOnly(origin))
    return profile


def open_externally(url: QUrl) -> None:
    if url.scheme() in EXTERNAL_SCHEMES:
        QDesktopServices.openUrl(url)


class AppPage(QWebEnginePage):
    def __init__(self, profile: QWebEngineProfile, origin: QUrl, parent: QWidget | None = None) -> None:
        super().__init__(profile, parent)
        self.origin = origin

    def acceptNavigationRequest(self, url: QUrl | str, kind: QWebEnginePage.NavigationType, is_main: bool) -> bool:
        url = QUrl(url)
        if is_allowed(url, self.origin):
            return True
        open_externally(url)
        return False

    def createWindow(self, kind: QWebEnginePage.WebWindowType) -> QWebEnginePage:
        # A link with target="_blank" (Streamlit's markdown links are): the new page only
        # ever carries the URL to the system browser.
        return ExternalLinkPage(self.profile(), self)


class ExternalLinkPage(QWebEnginePage):
    def acceptNavigationRequest(self, url: QUrl | str, kind: QWebEnginePage.NavigationType, is_main: bool) -> bool:
        open_externally(QUrl(url))
        self.deleteLater()
        return False


class AppWindow(QMainWindow):
    def __init__(self, name: str, app_id: str, origin: QUrl, icon: QIcon | None, cookie: tuple[str, str]) -> None:
        super().__init__()
        self.closing = False
        self.default_icon = icon or QIcon()
        self.setWindowTitle(name)
        if icon:
            self.setWindowIcon(icon)
        self.resize(*DEFAULT_SIZE)
        self.profile = app_profile(app_id, origin, cookie, self)
        self.profile.downloadRequested.connect(self.save_download)
        self.view = QWebEngineView(self)
        self.view.setPage(AppPage(self.profile, origin, self.view))
        self.view.titleChanged.connect(self.follow_title)
        self.view.iconChanged.connect(self.follow_icon)
        self.setCentralWidget(self.view)
        self.view.load(origin)

    def follow_title(self, title: str) -> None:
        if title:
            self.setWindowTitle(title)

    def follow_icon(self, icon: QIcon) -> None:
        self.setWindowIcon(self.default_icon if icon.isNull() else icon)

    def save_download(self, download: QWebEngineDownloadRequest) -> None:
        folder = download.downloadDirectory()  # the user's Downloads folder
        if not Path(folder).is_dir():
            folder = str(Path.home())
        suggested = f"{folder}/{download.downloadFileName()}"
        path, _ = QFileDialog.getSaveFileName(self, "Save", suggested)
        if not path:
            download.cancel()
            return
        folder, _, name = path.rpartition("/")
        download.setDownloadDirectory(folder)
        download.setDownloadFileName(name)
        download.accept()

    def bring_to_front(self) -> None:
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.closing:
            self.closing = True
            event.ignore()
            self.hide()
            QTimer.singleShot(SAVE_GRACE_MS, self.close)
            return
        # The page is torn down before the profile (its owner), as QtWebEngine requires.
        self.view.setPage(None)  # type: ignore[arg-type]
        super().closeEvent(event)
        QApplication.quit()
