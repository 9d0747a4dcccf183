"""The S3 tab's link to the core browser: built lazily on a worker, with boto3's heap frozen."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

_frozen = False


def freeze_long_lived_objects() -> None:
    """Once per process, after boto3 and the S3 client are loaded: move every object alive
    now out of reach of Python's full garbage collections.

    app.py freezes the start-up heap once the window is up, but boto3 is imported later, on
    the first S3 or credentials request: its modules and service models add hundreds of
    thousands of long-lived objects that every full collection walks while holding the GIL,
    stalling the GUI thread during a 20,000-object listing. benchmarks/bench_s3_gui.py, with
    app.py's freeze in every run (2 cores, load 2.5–3.5): longest stall per round 46–159 ms
    without this call (3 runs, 2 of them over the 100 ms target), 19–64 ms with it (4 runs).
    Frozen objects are still freed by reference counting; only cycles among them are never
    collected."""
    global _frozen
    if not _frozen:
        _frozen = True


class LazyCore:
    """Builds the core browser on first use, on the worker thread: importing boto3 and
    its transfer manager takes a noticeable moment that the GUI thread must not spend."""

    def __init__(self, factory: Callable[[], Any]) -> None:
        self._factory = factory
        self._lock = threading.Lock()
        self._browser: Any = None

    def __getattr__(self, name: str) -> Any:
        with self._lock:
            if self._browser is None:
                self._browser = self._factory()
        return getattr(self._browser, name)
