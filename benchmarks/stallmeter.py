"""The event-loop stall meter the GUI benchmarks share.

A QTimer on the GUI thread ticks every `tick_ms`; whenever the thread is busy the ticks
stop, so the longest gap between two ticks is the longest time the window could not repaint
or react. `worst` is that raw gap (seconds, including the tick itself); `worst_stall` takes
the tick off, so an idle event loop reads ≈ 0.

    meter = StallMeter(QtCore)       # QtCore from tokenexplorer.ui.qt
    meter.start(); ...run the event loop...; meter.stop()
    meter.worst, meter.worst_stall, meter.over(0.100)
"""

from __future__ import annotations

import time
from typing import Any

TICK_MS = 5


class StallMeter:
    """A QTimer ticking every `tick_ms`; the longest gap between ticks is the worst stall.

    `precise` picks Qt's PreciseTimer (the default) over its CoarseTimer, which may fire up to
    5 % late by design."""

    def __init__(self, qt_core: Any, tick_ms: int = TICK_MS, *, precise: bool = True) -> None:
        self.tick_ms = tick_ms
        self.gaps: list[float] = []
        self._last = time.perf_counter()
        self.timer = qt_core.QTimer()
        if precise:
            self.timer.setTimerType(qt_core.Qt.TimerType.PreciseTimer)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        """Forget earlier gaps and start ticking (the first gap starts now)."""
        self.gaps = []
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self, *, close_gap: bool = True) -> None:
        """Stop ticking; `close_gap` counts the time since the last tick as one more gap."""
        self.timer.stop()
        if close_gap:
            self._tick()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self._last)
        self._last = now

    @property
    def worst(self) -> float:
        """The longest gap between ticks, in seconds (tick included)."""
        return max(self.gaps, default=0.0)

    @property
    def worst_stall(self) -> float:
        """The longest gap minus the tick interval, in seconds (never below 0)."""
        return max(self.worst - self.tick_ms / 1000, 0.0)

    def over(self, seconds: float) -> int:
        """How many gaps were longer than `seconds`."""
        return sum(1 for gap in self.gaps if gap > seconds)
