"""Runtime metrics (Fastlit's /_fastlit/metrics): boot phases, script runs and their latency, heap."""

from __future__ import annotations

import json

import pytest
from wasmlit_shim import metrics


@pytest.fixture(autouse=True)
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(metrics, "_run_ms", metrics.deque(maxlen=metrics._KEPT_RUNS))
    monkeypatch.setattr(metrics, "_run_started", {})
    monkeypatch.setattr(metrics, "_run_count", 0)
    monkeypatch.setattr(metrics, "_boot_phases_ms", {})
    monkeypatch.setattr(metrics, "_heap_reader", None)


def test_before_any_run_there_are_no_percentiles() -> None:
    assert metrics.snapshot() == {
        "boot_phases_ms": {},
        "reruns": {"count": 0, "latency_ms": {"p50": None, "p90": None, "p99": None}},
        "worker_heap_bytes": None,
    }


def test_runs_are_counted_and_timed_per_session(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter([0.0, 0.5, 0.010, 0.530, 1.0, 1.100])  # start A, start B, end A (10 ms)... as perf_counter
    monkeypatch.setattr(metrics.time, "perf_counter", lambda: next(clock))
    a, b = object(), object()
    metrics._on_run_event(a, "started")  # 0.0
    metrics._on_run_event(b, "started")  # 0.5
    metrics._on_run_event(a, "finished")  # 0.010 -> 10 ms
    metrics._on_run_event(b, "finished")  # 0.530 -> 30 ms
    metrics._on_run_event(a, "started")  # 1.0
    metrics._on_run_event(a, "finished")  # 1.100 -> 100 ms
    reruns = metrics.snapshot()["reruns"]
    assert reruns["count"] == 3
    assert reruns["latency_ms"]["p50"] == 30.0
    assert 30.0 < reruns["latency_ms"]["p90"] <= 100.0


def test_boot_phases_and_heap_come_from_the_worker_and_serialize_as_json() -> None:
    metrics.set_boot_phases({"load Pyodide + install Streamlit": 2100, "start Streamlit": 400})
    metrics.set_heap_reader(lambda: 64 * 1024 * 1024)
    data = json.loads(metrics.as_json())
    assert data["boot_phases_ms"] == {"load Pyodide + install Streamlit": 2100, "start Streamlit": 400}
    assert data["worker_heap_bytes"] == 67108864
