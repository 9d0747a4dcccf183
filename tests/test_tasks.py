"""run_task: work happens off the GUI thread and results come back on it."""

import threading

from tokenexplorer.ui.qt import QtCore
from tokenexplorer.ui.tasks import run_task, wait_for_all


def test_result_is_delivered_on_the_gui_thread(qtbot):
    gui_thread = threading.get_ident()
    seen = {}

    def work(ctx):
        seen["worker"] = threading.get_ident()
        ctx.progress(50)
        return 42

    progress = []
    task = run_task(work, on_progress=progress.append,
                    on_result=lambda v: seen.update(result=v, thread=threading.get_ident()))
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    assert seen["result"] == 42
    assert seen["thread"] == gui_thread
    assert seen["worker"] != gui_thread
    assert progress == [50]
    assert not task.running


def test_errors_come_back_as_values(qtbot):
    errors = []
    task = run_task(lambda ctx: 1 / 0, on_error=errors.append)
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    assert isinstance(errors[0], ZeroDivisionError)


def test_cancelled_task_never_delivers_and_the_worker_sees_it(qtbot):
    release = threading.Event()
    observed = {}

    def work(ctx):
        release.wait(5)
        observed["cancelled"] = ctx.cancelled
        return "late answer"

    results = []
    task = run_task(work, on_result=results.append)
    with qtbot.waitSignal(task.cancelled, timeout=1000):
        task.cancel()
    release.set()
    assert wait_for_all(10000), "the worker did not finish"
    # The worker's answer is now a queued event: deliver every posted event, then look.
    QtCore.QCoreApplication.sendPostedEvents()
    assert observed["cancelled"] is True
    assert results == []
