"""Read what a generated host page passes to `wasmlit.mount(...)`, as data rather than text."""

from __future__ import annotations

import json
from typing import Any

_CALL = "wasmlit.mount("


def mount_options_of(page: str) -> dict[str, Any]:
    """The options object of the page's (first) `wasmlit.mount(...)` call."""
    start = page.index(_CALL) + len(_CALL)
    options, _ = json.JSONDecoder().raw_decode(page, start)
    assert isinstance(options, dict)
    return options
