"""Background work owned by a widget (after Picard's run_task and Anki's QueryOp).

`run_task(owner, func, ...)` runs `func(ctx)` off the GUI thread and delivers the result
or the exception back on the GUI thread. The *owner* (any QObject, usually the widget
that asked) bounds the task's life: once the owner is destroyed the task is cancelled
and nothing is delivered, so callbacks need no "is the widget still there" guards.

Two kinds of work, two pools: `IO` (network, keyring, transfers: mostly waiting) runs
on `io_slots.IoSlots`, where a cancel gives the slot back at once; `CPU` (decoding,
verifying) runs on Qt's global pool, one thread per core, so it never queues behind
a slow download. A worker's exception is logged with its traceback and handed to the
owner's `on_error`; a `BaseException` that is not an `Exception` (SystemExit,
KeyboardInterrupt) is handed over too and then re-raised in the worker, never swallowed.
"""

from __future__ import annotations

import contextlib
import enum
import itertools
import logging
import threading
from collections.abc import Callable
from typing import Any

from tokenexplorer.ui.io_slots import IoSlots, Job
from tokenexplorer.ui.qt import QObject, QtCore, Signal

log = logging.getLogger("tokenexplorer.tasks")

# Tasks by id, held on the GUI thread only: workers know a task's id, never the QObject,
# so a Task is always destroyed on the thread that created it.
_live: dict[int, Task] = {}
# The work (and later its outcome) of each task, held by the GUI thread until the worker has
# let go of them: a closure over a widget must never lose its last reference on a worker,
# or the widget (and its style animations) would be destroyed on the wrong thread.
_held: dict[int, list[object]] = {}
_ids = itertools.count(1)
_io_slots: IoSlots | None = None


class TaskKind(enum.Enum):
    IO = "io"
    CPU = "cpu"


class TaskContext:
    """What the worker sees: whether to stop, and a way to report progress."""

    def __init__(self, task_id: int) -> None:
        self.task_id = task_id
        self._event = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def progress(self, value: Any) -> None:
        if not self.cancelled:
            with contextlib.suppress(RuntimeError):  # the bridge is gone at shutdown
                _get_bridge().progress.emit(self.task_id, value)


class Task(QObject):
    """A handle on background work; emits exactly one of succeeded/failed/cancelled."""

    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    progressed = Signal(object)
    done = Signal()

    def __init__(self, name: str, owner: QObject) -> None:
        super().__init__()
        self.name = name
        self.id = next(_ids)
        self.context = TaskContext(self.id)
        # No reference to the owner (it would tie the owner and the task in a cycle for the
        # collector): the owner's `destroyed` signal ends the task (see _owner_gone).
        self._finished = False
        self._job: Job | None = None
        self.done.connect(self._on_done)
        owner.destroyed.connect(self._owner_gone)

    def cancel(self) -> None:
        """Stop waiting: nothing is delivered later, and an I/O slot is free at once."""
        if self._finished:
            return
        self.context._event.set()
        self._finished = True
        self._give_back_slot()
        self.cancelled.emit()
        self.done.emit()

    @property
    def running(self) -> bool:
        return not self._finished

    def _owner_gone(self, *_: object) -> None:
        # The owner's C++ side is being destroyed: drop the task without signalling it. Out
        # of _live, its late outcome finds nobody to deliver to.
        self.context._event.set()
        self._finished = True
        self._give_back_slot()
        _live.pop(self.id, None)
        self._let_go()

    def _give_back_slot(self) -> None:
        job, self._job = self._job, None
        if job is None:
            return
        if io_slots().withdraw(job):
            _held.pop(self.id, None)  # it never ran: no worker holds its work
        else:
            job.release()

    def _deliver(self, ok: bool, value: Any) -> None:
        # Runs on the GUI thread (queued from the worker).
        if self._finished:
            return
        self._finished = True
        self._job = None
        (self.succeeded if ok else self.failed).emit(value)
        self.done.emit()

    def _progress(self, value: Any) -> None:
        if not self._finished:
            self.progressed.emit(value)

    def _on_done(self) -> None:
        _live.pop(self.id, None)
        self._let_go()

    def _let_go(self) -> None:
        """Delete the Task's Qt side on this (the GUI) thread once nothing more will be said:
        its connections hold the callbacks, which hold the owner, and a cycle left to the
        collector could be broken on a worker thread, where Qt objects must not die."""
        self.deleteLater()


class _Bridge(QObject):
    """Lives on the GUI thread; workers emit into it to hop threads."""

    result = Signal(int, bool, object)
    progress = Signal(int, object)
    released = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        queued = QtCore.Qt.ConnectionType.QueuedConnection
        self.result.connect(self._on_result, queued)
        self.progress.connect(self._on_progress, queued)
        self.released.connect(self._on_released, queued)

    @staticmethod
    def _on_result(task_id: int, ok: bool, value: Any) -> None:
        held = _held.get(task_id)
        if held is not None:
            held.append(value)  # released on this thread with the work (see _held)
        task = _live.get(task_id)
        if task is not None:
            task._deliver(ok, value)

    @staticmethod
    def _on_released(task_id: int) -> None:
        _held.pop(task_id, None)

    @staticmethod
    def _on_progress(task_id: int, value: Any) -> None:
        task = _live.get(task_id)
        if task is not None:
            task._progress(value)


_bridge: _Bridge | None = None


def _get_bridge() -> _Bridge:
    global _bridge
    if _bridge is None:
        _bridge = _Bridge()
    return _bridge


def _run_and_deliver(name: str, context: TaskContext, func: Callable[[TaskContext], Any],
                     bridge: _Bridge) -> None:
    """The worker side: run, log a failure with its traceback, post the outcome."""
    fatal: BaseException | None = None
    try:
        ok, value = True, func(context)
    except Exception as exc:
        if not context.cancelled:
            log.warning("task %r failed", name, exc_info=exc)
        ok, value = False, exc
    except BaseException as exc:
        log.error("task %r stopped by %s", name, type(exc).__name__, exc_info=exc)
        ok, value, fatal = False, exc, exc
    # At shutdown the bridge may already be gone: nobody waits for the answer then.
    with contextlib.suppress(RuntimeError):
        bridge.result.emit(context.task_id, ok, value)
    # A failure's traceback holds this frame: without these locals there is no cycle, so
    # the outcome (and whatever the work held) goes when the GUI thread lets go of it.
    del value, func
    if fatal is not None:
        raise fatal


class _Work:
    """What a worker runs. It lets go of the work before it says "released" (see _held)."""

    def __init__(self, name: str, context: TaskContext, func: Callable[[TaskContext], Any],
                 bridge: _Bridge) -> None:
        self._name = name
        self._context = context
        self._func: Callable[[TaskContext], Any] | None = func
        self._bridge = bridge

    def __call__(self) -> None:
        func, self._func = self._func, None
        try:
            if func is not None:
                _run_and_deliver(self._name, self._context, func, self._bridge)
        finally:
            del func
            with contextlib.suppress(RuntimeError):  # the bridge is gone at shutdown
                self._bridge.released.emit(self._context.task_id)


class _Runnable(QtCore.QRunnable):
    def __init__(self, work: _Work) -> None:
        super().__init__()
        self._work = work

    def run(self) -> None:
        self._work()


def thread_pool() -> QtCore.QThreadPool:
    """The CPU pool (one thread per core)."""
    return QtCore.QThreadPool.globalInstance()


def io_slots() -> IoSlots:
    """The pool for waiting work."""
    global _io_slots
    if _io_slots is None:
        _io_slots = IoSlots()
    return _io_slots


def run_task(
    owner: QObject,
    func: Callable[[TaskContext], Any],
    *,
    name: str = "task",
    kind: TaskKind = TaskKind.IO,
    on_result: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[Any], None] | None = None,
    on_done: Callable[[], None] | None = None,
) -> Task:
    """Run `func(ctx)` for `owner`; callbacks run on the GUI thread while the owner lives."""
    task = Task(name, owner)
    if on_result:
        task.succeeded.connect(on_result)
    if on_error:
        task.failed.connect(on_error)
    if on_progress:
        task.progressed.connect(on_progress)
    if on_done:
        task.done.connect(on_done)
    _live[task.id] = task
    _held[task.id] = [func]
    work = _Work(name, task.context, func, _get_bridge())
    if kind is TaskKind.CPU:
        thread_pool().start(_Runnable(work))
    else:
        task._job = io_slots().submit(work, name)
    return task


def wait_for_all(timeout_ms: int = 5000) -> bool:
    """Used at shutdown and in tests: let running workers of both pools finish."""
    cpu_done = thread_pool().waitForDone(timeout_ms)
    return io_slots().wait(timeout_ms / 1000) and cpu_done
