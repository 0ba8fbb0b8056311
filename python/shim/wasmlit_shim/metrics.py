"""Runtime metrics of one app, as Fastlit exposes `/_fastlit/metrics`: where boot time went,
how many script runs there were and how long they took, and how big the worker's heap is.

Served as JSON at `/_wasmlit/metrics` (an app route, so the page, its frames and a new tab
can read it) and returned by the mount controller's `metrics()`. Pure Python: the heap size
and the boot phases come from the worker (`set_heap_reader`, `set_boot_phases`).
"""

from __future__ import annotations

import json
import statistics
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from . import run_events

ROUTE = "/_wasmlit/metrics"
_KEPT_RUNS = 1000  # latency percentiles over the last this many runs

_boot_phases_ms: dict[str, float] = {}
_run_started: dict[int, float] = {}
_run_ms: deque[float] = deque(maxlen=_KEPT_RUNS)
_run_count = 0
_heap_reader: Callable[[], int] | None = None


def set_boot_phases(phases: dict[str, float]) -> None:
    _boot_phases_ms.clear()
    _boot_phases_ms.update(phases)


def set_heap_reader(reader: Callable[[], int]) -> None:
    global _heap_reader
    _heap_reader = reader


def start_counting() -> None:
    """Time every script run from now on (once)."""
    if not getattr(start_counting, "_started", False):
        run_events.add_listener(_on_run_event)
        start_counting._started = True  # type: ignore[attr-defined]


def _on_run_event(session: Any, event: run_events.RunEvent) -> None:
    global _run_count
    key = id(session)
    if event == "started":
        _run_started[key] = time.perf_counter()
    elif key in _run_started:
        _run_ms.append((time.perf_counter() - _run_started.pop(key)) * 1000)
        _run_count += 1


def snapshot() -> dict[str, Any]:
    runs = sorted(_run_ms)
    return {
        "boot_phases_ms": dict(_boot_phases_ms),
        "reruns": {
            "count": _run_count,
            "latency_ms": {name: _percentile(runs, q) for name, q in (("p50", 50), ("p90", 90), ("p99", 99))},
        },
        "worker_heap_bytes": _heap_reader() if _heap_reader else None,
    }


def as_json() -> bytes:
    return json.dumps(snapshot()).encode()


def _percentile(values: list[float], q: int) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return round(values[0], 1)
    return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1], 1)
