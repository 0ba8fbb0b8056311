"""Problems the page shows outside the app, found while the app runs.

Some limits only matter once an app reaches them, e.g. a blocking call in a browser
without JSPI. Each is shown once, where the page shows problems found at boot (its status
panel), instead of failing silently.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

_LOGGER = logging.getLogger(__name__)

Sink = Callable[[str, str], None]

_sink: Sink | None = None
_shown: set[str] = set()


def set_sink(sink: Sink | None) -> None:
    """Where notices go (the bridge passes the page's problem reporter)."""
    global _sink
    _sink = sink


def show_once(key: str, message: str, detail: str) -> None:
    """Show `message` (with `detail`) on the page, the first time `key` comes up."""
    if key in _shown:
        return
    _shown.add(key)
    if _sink is None:
        _LOGGER.warning("%s %s", message, detail)
    else:
        _sink(message, detail)
