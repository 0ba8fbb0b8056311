"""One window per app: a second launch asks the first to come to the front, then exits.

The first instance listens on a local socket named after the app and the user; a launch
that can connect to it is the second one.
"""

from __future__ import annotations

import getpass
import hashlib
import sys
from collections.abc import Callable

from PySide6.QtNetwork import QLocalServer, QLocalSocket

_CONNECT_MS = 1000
SHOW_REQUEST = b"show\n"


def socket_name(app_id: str) -> str:
    """Short: Qt puts the socket in the temporary folder, and a Unix socket's whole path must
    fit in 107 bytes, however deep TMPDIR is."""
    return "wasmlit-" + hashlib.sha256(f"{app_id}\0{getpass.getuser()}".encode()).hexdigest()[:12]


def ask_running_instance_to_show(name: str) -> bool:
    """True when another instance took the request (this one should exit)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(_CONNECT_MS):
        return False
    socket.write(SHOW_REQUEST)
    socket.waitForBytesWritten(_CONNECT_MS)
    socket.disconnectFromServer()
    return True


def listen_for_later_launches(name: str, show: Callable[[], None]) -> QLocalServer:
    server = QLocalServer()
    server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
    if not server.listen(name):
        QLocalServer.removeServer(name)  # left behind by an instance that crashed
        if not server.listen(name):
            print(
                f"wasmlit desktop: {server.errorString()}; a second launch will open a second window", file=sys.stderr
            )

    def on_connection() -> None:
        socket = server.nextPendingConnection()

        def on_request() -> None:
            if SHOW_REQUEST.strip() in bytes(socket.readAll().data()):
                show()

        socket.readyRead.connect(on_request)
        socket.disconnected.connect(socket.deleteLater)

    server.newConnection.connect(on_connection)
    return server
