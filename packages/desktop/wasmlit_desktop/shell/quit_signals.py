"""SIGTERM and SIGINT (logout, `kill`, Ctrl+C in a terminal) close the window as a click on
its close button would, so the same clean-up runs: the page saves, every process ends.

Qt's event loop runs in C++, where Python's signal handlers never get a turn; the signal is
written to a socket that Qt watches, and handled on the event loop.
"""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QSocketNotifier


def close_on_quit_signals(close: Callable[[], object]) -> QSocketNotifier:
    """Keep the returned notifier alive for as long as the program runs."""
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: None)  # the wakeup fd does the work
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read)

    def on_signal() -> None:
        reader.recv(64)
        close()

    notifier.activated.connect(on_signal)
    notifier._sockets = (reader, writer)  # type: ignore[attr-defined]  # closed with the notifier
    return notifier
