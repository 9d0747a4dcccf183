"""One helper for background work (after Picard's run_task).

`run_task(func, ...)` runs `func(ctx)` on a worker thread and delivers the result or
the exception back on the GUI thread through queued signals. `ctx.cancelled` lets
long work stop early; `ctx.progress(value)` reports progress. A cancelled task never
delivers its result, so a dialog that moved on is not surprised by a late answer.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from tokenexplorer.ui.qt import QObject, QtCore, Signal

_live: set[Task] = set()


class TaskContext:
    def __init__(self, task: Task) -> None:
        self._task = task
        self._event = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def progress(self, value: Any) -> None:
        if not self.cancelled:
            self._task.progressed.emit(value)


class Task(QObject):
    """A handle on background work; emits exactly one of succeeded/failed/cancelled."""

    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    progressed = Signal(object)
    done = Signal()

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.context = TaskContext(self)
        self._finished = False
        self.done.connect(self._on_done)

    def cancel(self) -> None:
        if not self._finished and not self.context.cancelled:
            self.context._event.set()
            self._finished = True
            self.cancelled.emit()
            self.done.emit()

    @property
    def running(self) -> bool:
        return not self._finished

    def _deliver(self, ok: bool, value: Any) -> None:
        # Runs on the GUI thread (queued from the worker).
        if self._finished:
            return
        self._finished = True
        (self.succeeded if ok else self.failed).emit(value)
        self.done.emit()

    def _on_done(self) -> None:
        _live.discard(self)


class _Bridge(QObject):
    """Lives on the GUI thread; the worker emits into it to hop threads."""

    result = Signal(object, bool, object)

    def __init__(self) -> None:
        super().__init__()
        self.result.connect(self._on_result, QtCore.Qt.ConnectionType.QueuedConnection)

    @staticmethod
    def _on_result(task: Task, ok: bool, value: Any) -> None:
        task._deliver(ok, value)


_bridge: _Bridge | None = None


def _get_bridge() -> _Bridge:
    global _bridge
    if _bridge is None:
        _bridge = _Bridge()
    return _bridge


class _Runnable(QtCore.QRunnable):
    def __init__(self, task: Task, func: Callable[[TaskContext], Any]) -> None:
        super().__init__()
        self._task = task
        self._func = func
        self._bridge = _get_bridge()

    def run(self) -> None:
        try:
            value = self._func(self._task.context)
        except BaseException as exc:
            ok, value = False, exc
        else:
            ok = True
        # At shutdown the bridge may already be gone: nobody waits for the answer then.
        with contextlib.suppress(RuntimeError):
            self._bridge.result.emit(self._task, ok, value)


def thread_pool() -> QtCore.QThreadPool:
    return QtCore.QThreadPool.globalInstance()


def run_task(
    func: Callable[[TaskContext], Any],
    *,
    name: str = "task",
    on_result: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[Any], None] | None = None,
    on_done: Callable[[], None] | None = None,
) -> Task:
    task = Task(name)
    if on_result:
        task.succeeded.connect(on_result)
    if on_error:
        task.failed.connect(on_error)
    if on_progress:
        task.progressed.connect(on_progress)
    if on_done:
        task.done.connect(on_done)
    _live.add(task)
    thread_pool().start(_Runnable(task, func))
    return task


def wait_for_all(timeout_ms: int = 5000) -> bool:
    """Used at shutdown and in tests: let running workers finish."""
    return thread_pool().waitForDone(timeout_ms)
