"""The crash handler: an uncaught error in a slot or a thread becomes a dialog, redacted."""

from __future__ import annotations

import sys
import threading

import pytest

from tests.ui.conftest import by_name, hs256_token
from tokenexplorer import logs
from tokenexplorer.ui import crash
from tokenexplorer.ui.qt import QtCore, QtWidgets

PASSWORD = "hunter2-Very-Secret"
pytestmark = pytest.mark.qt_no_exception_capture


@pytest.fixture
def handler(qapp):
    installed = crash.install_crash_handler(qapp)
    yield installed
    installed.uninstall()
    logs.shutdown()


def crash_dialog() -> QtWidgets.QWidget | None:
    for widget in QtWidgets.QApplication.topLevelWidgets():
        if widget.accessibleName() == "Unexpected error" and widget.isVisible():
            return widget
    return None


def boom(token: str) -> None:
    raise RuntimeError(f"sign-in failed for token={token} password={PASSWORD!r} {token}")


def test_error_in_a_slot_shows_the_redacted_details(handler, qtbot):
    token = hs256_token()
    QtCore.QTimer.singleShot(0, lambda: boom(token))
    qtbot.waitUntil(lambda: crash_dialog() is not None)
    text = by_name(crash_dialog(), "Error details").toPlainText()
    assert "RuntimeError: sign-in failed" in text
    assert "boom" in text  # the traceback, not only the message
    assert token not in text and token.split(".")[1] not in text
    assert PASSWORD not in text
    assert "‹redacted" in text
    log_text = logs.log_file().read_text(encoding="utf-8")
    assert "RuntimeError: sign-in failed" in log_text
    assert token.split(".")[1] not in log_text and PASSWORD not in log_text
    for name in ("What happened", "Copy details", "Quit Token Explorer", "Continue"):
        assert by_name(crash_dialog(), name).accessibleName() == name


def test_copy_only_on_click(handler, qtbot):
    clipboard = QtWidgets.QApplication.clipboard()
    clipboard.setText("before")
    token = hs256_token()
    QtCore.QTimer.singleShot(0, lambda: boom(token))
    qtbot.waitUntil(lambda: crash_dialog() is not None)
    dialog = crash_dialog()
    assert clipboard.text() == "before"
    by_name(dialog, "Copy details").click()
    copied = clipboard.text()
    assert copied == by_name(dialog, "Error details").toPlainText()
    assert "RuntimeError" in copied and token.split(".")[1] not in copied
    assert PASSWORD not in copied
    by_name(dialog, "Continue").click()
    assert crash_dialog() is None


def test_crash_in_a_worker_thread_arrives_on_the_gui_thread(handler, qtbot, monkeypatch):
    shown_on = []
    original = handler._show

    def recording_show(details: str) -> None:
        shown_on.append(threading.current_thread())
        original(details)

    monkeypatch.setattr(handler, "_show", recording_show)
    worker = threading.Thread(target=boom, args=(hs256_token(),), name="worker-7")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: crash_dialog() is not None)
    assert shown_on == [threading.main_thread()]
    text = by_name(crash_dialog(), "Error details").toPlainText()
    assert "Thread: worker-7" in text and PASSWORD not in text


def test_a_crash_inside_the_handler_does_not_loop(handler, qtbot, monkeypatch):
    calls = []

    def broken_show(details: str) -> None:
        calls.append(details)
        raise ValueError("the dialog itself failed")

    monkeypatch.setattr(handler, "_show", broken_show)
    monkeypatch.setattr(sys, "__stderr__", None)  # a Windows GUI: nowhere to print
    QtCore.QTimer.singleShot(0, lambda: boom(hs256_token()))
    qtbot.waitUntil(lambda: handler.broken)
    QtCore.QTimer.singleShot(0, lambda: boom(hs256_token()))  # a later crash: logged only
    qtbot.waitUntil(lambda: logs.log_file().read_text().count("Uncaught exception") == 2)
    qtbot.wait(50)  # let any (wrong) queued re-entry run before counting
    assert len(calls) == 1
    log_text = logs.log_file().read_text(encoding="utf-8")
    assert "The crash handler failed" in log_text and PASSWORD not in log_text


def test_second_crash_is_added_to_the_open_dialog(handler, qtbot):
    QtCore.QTimer.singleShot(0, lambda: boom(hs256_token()))
    qtbot.waitUntil(lambda: crash_dialog() is not None)
    QtCore.QTimer.singleShot(0, lambda: boom(hs256_token()))
    details = by_name(crash_dialog(), "Error details")
    qtbot.waitUntil(lambda: details.toPlainText().count("RuntimeError: sign-in") == 2)
    visible = [w for w in QtWidgets.QApplication.topLevelWidgets()
               if w.accessibleName() == "Unexpected error" and w.isVisible()]
    assert len(visible) == 1


def test_qt_messages_reach_the_log(handler, qtbot):
    crash.start_file_logging()
    QtCore.qWarning("a qt warning with access_token=abc.def-secret")
    text = logs.log_file().read_text(encoding="utf-8")
    assert "tokenexplorer.qt: a qt warning" in text and "abc.def-secret" not in text


def test_the_log_file_opens_by_itself_after_start(handler, qtbot, monkeypatch):
    logs.ui.info("logged before the file opened")
    qtbot.waitUntil(lambda: logs.log_file() is not None, timeout=crash.START_FILE_LOGGING_MS * 3)
    assert "logged before the file opened" in logs.log_file().read_text(encoding="utf-8")


def test_quit_and_keyboard(qtbot):
    from tokenexplorer.ui.crash_dialog import CrashDialog

    dialog = CrashDialog("details", None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert by_name(dialog, "Continue").isDefault()
    with qtbot.waitSignal(dialog.quit_requested, timeout=1000):
        by_name(dialog, "Quit Token Explorer").click()
    assert not dialog.isVisible()
    dialog.show()
    qtbot.keyClick(dialog, QtCore.Qt.Key.Key_Escape)  # Escape is Continue
    assert not dialog.isVisible() and dialog.result() == 0
