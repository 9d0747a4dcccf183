"""run_task: owned work off the GUI thread, two pools, results back on the GUI thread."""

import logging
import threading

import pytest

from tokenexplorer.ui.io_slots import IoSlots
from tokenexplorer.ui.qt import QObject, QtCore
from tokenexplorer.ui.tasks import TaskKind, io_slots, run_task, wait_for_all


@pytest.fixture
def owner(qapp):
    obj = QObject()
    yield obj
    from tokenexplorer.ui.qt import is_alive

    if is_alive(obj):  # some tests destroy their owner themselves
        obj.deleteLater()


@pytest.mark.parametrize("kind", [TaskKind.IO, TaskKind.CPU])
def test_result_is_delivered_on_the_gui_thread(qtbot, owner, kind):
    gui_thread = threading.get_ident()
    seen = {}

    def work(ctx):
        seen["worker"] = threading.get_ident()
        ctx.progress(50)
        return 42

    progress = []
    task = run_task(owner, work, kind=kind, on_progress=progress.append,
                    on_result=lambda v: seen.update(result=v, thread=threading.get_ident()))
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    assert seen["result"] == 42
    assert seen["thread"] == gui_thread
    assert seen["worker"] != gui_thread
    qtbot.waitUntil(lambda: progress == [50], timeout=2000)
    assert not task.running


def test_errors_come_back_as_values_and_are_logged_with_their_traceback(qtbot, owner, caplog):
    errors = []
    with caplog.at_level(logging.WARNING, logger="tokenexplorer.tasks"):
        task = run_task(owner, lambda ctx: 1 / 0, name="divide", on_error=errors.append)
        with qtbot.waitSignal(task.done, timeout=5000):
            pass
    assert isinstance(errors[0], ZeroDivisionError)
    record = next(r for r in caplog.records if "divide" in r.getMessage())
    assert record.exc_info and record.exc_info[0] is ZeroDivisionError


def test_a_base_exception_is_reported_and_then_re_raised_in_the_worker(qtbot, owner, monkeypatch):
    raised = []
    monkeypatch.setattr(threading, "excepthook", lambda args: raised.append(args.exc_type))
    errors = []

    def work(ctx):
        raise SystemExit(3)

    task = run_task(owner, work, on_error=errors.append)
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    assert isinstance(errors[0], SystemExit)
    qtbot.waitUntil(lambda: raised == [SystemExit], timeout=2000)


def test_cancelled_task_never_delivers_and_the_worker_sees_it(qtbot, owner):
    release = threading.Event()
    observed = {}

    def work(ctx):
        release.wait(5)
        observed["cancelled"] = ctx.cancelled
        return "late answer"

    results = []
    task = run_task(owner, work, on_result=results.append)
    with qtbot.waitSignal(task.cancelled, timeout=1000):
        task.cancel()
    release.set()
    assert wait_for_all(10000), "the worker did not finish"
    QtCore.QCoreApplication.sendPostedEvents()
    assert observed["cancelled"] is True
    assert results == []


def test_a_destroyed_owner_gets_nothing_and_needs_no_guard(qtbot):
    owner = QObject()
    release = threading.Event()
    delivered = []
    task = run_task(owner, lambda ctx: release.wait(5) and "answer",
                    on_result=delivered.append, on_error=delivered.append,
                    on_done=lambda: delivered.append("done"))
    with qtbot.waitSignal(owner.destroyed, timeout=2000):
        owner.deleteLater()
    assert not task.running
    release.set()
    assert wait_for_all(10000)
    QtCore.QCoreApplication.sendPostedEvents()
    assert delivered == []


def test_waiting_work_does_not_hold_back_cpu_work(qtbot, owner):
    """Four slow 'downloads' on a 2-core machine must not queue token verification."""
    release = threading.Event()
    started = []
    slow = [run_task(owner, lambda ctx: (started.append(1), release.wait(10)), name="download")
            for _ in range(4)]
    qtbot.waitUntil(lambda: len(started) == 4, timeout=3000)
    verified = []
    task = run_task(owner, lambda ctx: "verified", kind=TaskKind.CPU, on_result=verified.append)
    with qtbot.waitSignal(task.done, timeout=3000):
        pass
    assert verified == ["verified"]
    release.set()
    for t in slow:
        qtbot.waitUntil(lambda t=t: not t.running, timeout=5000)


def test_cancel_gives_the_io_slot_back_at_once(qtbot, owner):
    stuck = threading.Event()
    slots = io_slots().slots
    blockers = [run_task(owner, lambda ctx: stuck.wait(10), name="keyring") for _ in range(slots)]
    qtbot.waitUntil(lambda: io_slots().busy == slots, timeout=3000)
    answers = []
    late = run_task(owner, lambda ctx: "next call", on_result=answers.append)
    assert io_slots().queued == 1
    blockers[0].cancel()  # its thread is still stuck in the call; its slot is free
    with qtbot.waitSignal(late.done, timeout=3000):
        pass
    assert answers == ["next call"]
    stuck.set()
    assert wait_for_all(10000)


def test_io_slots_queue_in_order_and_release_once():
    pool = IoSlots(slots=1)
    gate = threading.Event()
    order = []
    first = pool.submit(lambda: (gate.wait(5), order.append("first")))
    second = pool.submit(lambda: order.append("second"))
    assert pool.busy == 1 and pool.queued == 1
    first.release()
    first.release()  # a second release must not free a second slot
    assert second.finished.wait(5)
    assert order == ["second"]
    gate.set()
    assert pool.wait(5)
    assert order == ["second", "first"]
    assert pool.busy == 0


def test_a_withdrawn_job_never_runs():
    pool = IoSlots(slots=1)
    gate = threading.Event()
    ran = []
    pool.submit(lambda: gate.wait(5))
    queued = pool.submit(lambda: ran.append(1))
    assert pool.withdraw(queued)
    gate.set()
    assert pool.wait(5)
    assert ran == []


class _Witness:
    """Records the thread its last reference was dropped on."""

    def __init__(self, seen: list[int]) -> None:
        self._seen = seen

    def __del__(self) -> None:
        self._seen.append(threading.get_ident())


@pytest.mark.parametrize("kind", [TaskKind.IO, TaskKind.CPU])
@pytest.mark.parametrize("fails", [False, True])
def test_the_work_and_its_outcome_are_let_go_on_the_gui_thread(qtbot, owner, kind, fails,
                                                               monkeypatch):
    """A closure over a widget losing its last reference on a worker would destroy the
    widget there (Qt then crashes in the style's animation bookkeeping)."""
    from tokenexplorer.ui import tasks

    # pytest's log capture would keep the failure's traceback (and the witness) alive.
    monkeypatch.setattr(logging.getLogger("tokenexplorer.tasks"), "disabled", True)
    # The worker keeps its arguments until the GUI thread has taken the outcome: the
    # unlucky order, where the worker would drop the last reference.
    outcome_taken = threading.Event()
    real = tasks._run_and_deliver

    def slow_to_let_go(*args):
        real(*args)
        outcome_taken.wait(5)

    monkeypatch.setattr(tasks, "_run_and_deliver", slow_to_let_go)

    dropped: list[int] = []

    def start():
        witness = _Witness(dropped)

        def work(ctx):
            if fails:
                raise ValueError(witness)  # the traceback holds the witness too
            return witness

        return run_task(owner, work, kind=kind)

    task = start()
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    del task
    outcome_taken.set()
    qtbot.waitUntil(lambda: not tasks._held, timeout=5000)
    qtbot.waitUntil(lambda: bool(dropped), timeout=5000)
    assert dropped == [threading.get_ident()]
