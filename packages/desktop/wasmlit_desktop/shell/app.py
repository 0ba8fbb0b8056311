"""Start the program: one instance per app, the loopback server, the window; quit ends all.

Frozen by PyInstaller, the bundle (bundle.json and the exported site) is the executable's
data folder; unfrozen (`python -m wasmlit_desktop.shell BUNDLE_DIR`), it is the argument.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from ..bundle import HOST_FOLDERS_URL, SITE_DIR, Bundle
from .host_folders import HostFolderRoutes
from .loopback_server import origin, preferred_ports, start_server
from .network_guard import add_chromium_flags
from .quit_signals import close_on_quit_signals
from .single_instance import ask_running_instance_to_show, listen_for_later_launches, socket_name
from .window import AppWindow

ORGANIZATION = "wasmlit"  # the data folder is ~/.local/share/wasmlit/APP_ID on Linux


def bundle_folder(argv: list[str]) -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    if len(argv) < 2:
        raise SystemExit("usage: python -m wasmlit_desktop.shell BUNDLE_DIR")
    return Path(argv[1])


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv if argv is None else argv
    folder = bundle_folder(argv)
    bundle = Bundle.read(folder)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Chromium refuses to start its sandbox as root (containers, CI); it runs without it.
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(bundle.app_id)
    add_chromium_flags(os.environ)
    app = QApplication(argv[:1])
    app.setQuitOnLastWindowClosed(False)  # the window quits itself once the page has saved
    instance = socket_name(bundle.app_id)
    if ask_running_instance_to_show(instance):
        print(f"{bundle.name} is already open: brought its window to the front", file=sys.stderr)
        return 0
    host_folders = HostFolderRoutes(bundle.host_folders)
    server = start_server(folder / SITE_DIR, preferred_ports(bundle.app_id), {HOST_FOLDERS_URL: host_folders})
    icon = QIcon(str(folder / bundle.icon)) if bundle.icon else None
    window = AppWindow(bundle.name, bundle.app_id, QUrl(origin(server) + "/"), icon, host_folders.cookie())
    listener = listen_for_later_launches(instance, window.bring_to_front)
    quit_signals = close_on_quit_signals(window.close)
    window.show()
    try:
        return app.exec()
    finally:
        listener.close()
        quit_signals.setEnabled(False)
        server.shutdown()
