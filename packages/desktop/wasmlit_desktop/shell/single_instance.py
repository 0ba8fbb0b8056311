"""One window per app: a second launch asks the first to come to the front, then exits.

The first instance listens on a local socket named after the app and the user; a launch
that can connect to it is the second one.
"""

from __future__ import annotations

import getpass
import hashlib
from collections.abc import Callable

from PySide6.QtNetwork import QLocalServer, QLocalSocket

_CONNECT_MS = 1000
SHOW_REQUEST = b"show\n"


def socket_name(app_id: str) -> str:
    user = hashlib.sha256(getpass.getuser().encode()).hexdigest()[:8]
    return f"wasmlit-desktop-{app_id}-{user}"


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
        server.listen(name)

    def on_connection() -> None:
        socket = server.nextPendingConnection()

        def on_request() -> None:
            if SHOW_REQUEST.strip() in bytes(socket.readAll().data()):
                show()

        socket.readyRead.connect(on_request)
        socket.disconnected.connect(socket.deleteLater)

    server.newConnection.connect(on_connection)
    return server
