"""Crash handling for the window (after qutebrowser's misc/crashsignal.py).

An exception nobody caught, in a slot or in a worker thread, is logged (redacted) and
shown in a CrashDialog on the GUI thread instead of vanishing: on Windows the GUI has no
stderr at all. Qt's own messages are routed into the `tokenexplorer.qt` log category.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from tokenexplorer import logs
from tokenexplorer.redaction import redact_text
from tokenexplorer.ui.qt import QObject, Qt, QtCore, QtWidgets, Signal

if TYPE_CHECKING:
    from tokenexplorer.ui.crash_dialog import CrashDialog

MessageHandler = Callable[[QtCore.QtMsgType, QtCore.QMessageLogContext, str], None]
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]

# The log file opens this long after start (importing logging.handlers costs ~15 ms: not
# before the token shows); records from before wait in logs' start-up buffer, and a crash
# opens the file at once.
START_FILE_LOGGING_MS = 1500
_QT_LEVELS = {"QtDebugMsg": 10, "QtInfoMsg": 20, "QtWarningMsg": 30,
              "QtCriticalMsg": 40, "QtFatalMsg": 50}


def crash_details(exc_type: type[BaseException], exc: BaseException | None,
                  tb: TracebackType | None, thread: str) -> str:
    """The report shown and copied: versions, thread and traceback, redacted."""
    import platform  # only when there is something to report (~2 ms to import)

    from tokenexplorer import __version__

    header = (f"Token Explorer {__version__}, Python {platform.python_version()}, "
              f"Qt {QtCore.qVersion()}, {platform.platform()}\nThread: {thread}\n\n")
    body = "".join(traceback.format_exception(exc_type, exc, tb))
    return redact_text(header + body)


class CrashHandler(QObject):
    """Owns the hooks; `crashed` carries a report from any thread to the GUI thread."""

    crashed = Signal(str)

    def __init__(self, app: QtWidgets.QApplication) -> None:
        super().__init__(app)
        self.dialog: CrashDialog | None = None
        self.broken = False  # showing a report itself failed: from now on only log
        self._local = _Reporting()
        self._previous_sys = sys.excepthook
        self._previous_threading = threading.excepthook
        self._previous_qt: MessageHandler | None = None
        self.crashed.connect(self.show_report, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook
        self._previous_qt = route_qt_messages()

    def uninstall(self) -> None:
        """Put back the hooks found at install (tests; a second window)."""
        if sys.excepthook == self.excepthook:
            sys.excepthook = self._previous_sys
        if threading.excepthook == self.thread_excepthook:
            threading.excepthook = self._previous_threading
        QtCore.qInstallMessageHandler(self._previous_qt)
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        self.deleteLater()  # and with it the pending start of file logging

    def excepthook(self, exc_type: type[BaseException], exc: BaseException,
                   tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):  # Ctrl+C in a terminal: as usual
            self._previous_sys(exc_type, exc, tb)
            return
        self.report(exc_type, exc, tb, threading.current_thread().name)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "unknown thread"
        self.report(args.exc_type, args.exc_value, args.exc_traceback, name)

    def report(self, exc_type: type[BaseException], exc: BaseException | None,
               tb: TracebackType | None, thread: str) -> None:
        """Log, then queue the dialog. A failure in here only reaches the last resort."""
        if self._local.busy:
            _last_resort(exc_type, exc, tb)
            return
        self._local.busy = True
        try:
            if logs.log_file() is None:
                start_file_logging()
            logs.crash.error("Uncaught exception in %s", thread,
                             exc_info=_exc_info(exc_type, exc, tb))
            self.crashed.emit(crash_details(exc_type, exc, tb, thread))
        except BaseException as error:  # the handler must never raise
            _last_resort(type(error), error, error.__traceback__)
        finally:
            self._local.busy = False

    def show_report(self, details: str) -> None:
        """On the GUI thread: one dialog, later reports appended to it."""
        if self.broken:
            return
        try:
            self._show(details)
        except BaseException as error:  # a crash here must not loop
            self.broken = True
            _last_resort(type(error), error, error.__traceback__)

    def _show(self, details: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add_details(details)
            return
        from tokenexplorer.ui.crash_dialog import CrashDialog

        path = logs.log_file()
        dialog = self.dialog = CrashDialog(details, str(path) if path else None)
        dialog.quit_requested.connect(lambda: QtWidgets.QApplication.exit(1))
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()


class _Reporting(threading.local):
    """Per thread: a report is being made (a failure inside it must not recurse)."""

    busy = False


def _exc_info(exc_type: type[BaseException], exc: BaseException | None,
              tb: TracebackType | None) -> ExcInfo | None:
    """What logging takes; a thread hook may report a type without a value."""
    return (exc_type, exc, tb) if exc is not None else None


def _last_resort(exc_type: type[BaseException], exc: BaseException | None,
                 tb: TracebackType | None) -> None:
    """The handler failed: log without it, and print only where a stderr exists."""
    with contextlib.suppress(Exception):  # nothing else is left to try
        logs.crash.critical("The crash handler failed",
                            exc_info=_exc_info(exc_type, exc, tb))
    stream = sys.__stderr__
    if stream is not None:
        with contextlib.suppress(Exception):
            stream.write(redact_text("".join(traceback.format_exception(exc_type, exc, tb))))


def start_file_logging() -> None:
    """The GUI always logs to the file (debug detail with TOKENEXPLORER_DEBUG / --debug)."""
    if logs.log_file() is None:
        logs.setup(to_file=True, debug=logs.debug_requested())


def route_qt_messages() -> MessageHandler | None:
    """Qt's warnings into `tokenexplorer.qt`, and on to the handler installed before
    (returned, so it can be put back)."""
    previous: MessageHandler | None = None

    def handler(kind: QtCore.QtMsgType, context: QtCore.QMessageLogContext,
                message: str) -> None:
        level = _QT_LEVELS.get(kind.name, 30)
        logs.qt.log(level, "%s", message)
        if previous is not None:
            previous(kind, context, message)
        elif sys.stderr is not None:
            print(QtCore.qFormatLogMessage(kind, context, message), file=sys.stderr, flush=True)

    previous = QtCore.qInstallMessageHandler(handler)
    return previous


def install_crash_handler(app: QtWidgets.QApplication) -> CrashHandler:
    """The app's one call, right after the QApplication exists: hooks now, file later."""
    handler = CrashHandler(app)
    handler.install()
    logs.buffer_until_file(debug=logs.debug_requested())
    QtCore.QTimer.singleShot(START_FILE_LOGGING_MS, handler, start_file_logging)
    return handler
