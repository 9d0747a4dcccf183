"""Start the window: the QApplication, its identity, and the `--screenshot` / smoke modes.

Start-up order, by design: create the application, build the window on the token (only
what the first screen shows), paint it; then (ui/first_paint.py) the icon, the panels and
everything else. No import hooks, no collector switches: the first paint is quick because
little is built and imported before it.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tokenexplorer.ui.first_paint import after_first_paint

if TYPE_CHECKING:
    from tokenexplorer.ui.main_window import MainWindow
    from tokenexplorer.ui.qt import QtCore, QtWidgets
    from tokenexplorer.ui.state import AppState

SCREENSHOT_WAIT_MS = 3000  # offline verification is quick; never wait longer than this
# Set by benchmarks/bench_window.py: print "painted" once the first paint is done, then quit.
FIRST_PAINT_PROBE_ENV = "TOKENEXPLORER_EXIT_AFTER_FIRST_PAINT"


# The offscreen platform says this on every top-level window; it means nothing to the user.
HARMLESS_OFFSCREEN_MESSAGES = frozenset({"This plugin does not support propagateSizeHints()"})

MessageHandler = Callable[["QtCore.QtMsgType", "QtCore.QMessageLogContext", str], None]


def quiet_offscreen_noise() -> MessageHandler | None:
    """Drop the offscreen platform's known-harmless message; every other Qt message is
    printed as Qt would (or handed to the handler installed before, which is returned)."""
    from tokenexplorer.ui.qt import QtCore

    previous: MessageHandler | None = None

    def handler(kind: QtCore.QtMsgType, context: QtCore.QMessageLogContext,
                message: str) -> None:
        if message in HARMLESS_OFFSCREEN_MESSAGES:
            return
        if previous is not None:
            previous(kind, context, message)
        else:
            print(QtCore.qFormatLogMessage(kind, context, message), file=sys.stderr, flush=True)

    previous = QtCore.qInstallMessageHandler(handler)
    return previous


def _has_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def create_application(argv: list[str] | None = None,
                       icon: bool = True) -> QtWidgets.QApplication:
    """The one QApplication, named so settings and the desktop know who we are.

    `icon=False` leaves the icon (an SVG rendered by a plugin, ~4 ms) to `apply_app_icon`,
    so the first window paints sooner; the names are set at once (the desktop reads them
    when the window appears)."""
    from tokenexplorer.ui.qt import QtWidgets

    existing = QtWidgets.QApplication.instance()
    app = existing if isinstance(existing, QtWidgets.QApplication) else \
        QtWidgets.QApplication(argv if argv is not None else sys.argv[:1])
    if not icon:
        _name_app(app)
        return app
    apply_app_icon(app)
    return app


def _name_app(app: QtWidgets.QApplication) -> None:
    from tokenexplorer import APP_ID, APP_NAME
    from tokenexplorer.ui.qt import QtGui

    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_ID)
    QtGui.QGuiApplication.setDesktopFileName(APP_ID)


def apply_app_icon(app: QtWidgets.QApplication) -> None:
    """The full identity (names, version, icon) from app_identity, when that module is built in."""
    try:
        from tokenexplorer.ui.app_identity import apply_app_identity
    except ImportError:  # identity module missing: name the app ourselves
        _name_app(app)
    else:
        apply_app_identity(app)


def create_window(token: str | None = None, offline: bool = False,
                  remember_layout: bool = True) -> MainWindow:
    """The main window on `token`, or on the sample token when none is given."""
    from tokenexplorer.ui.main_window import MainWindow

    window = MainWindow(remember_layout=remember_layout)
    if offline:
        window.inspector.key_panel.offline_box.setChecked(True)
    if token:
        window.show_text(token)
    else:
        window.show_sample()
    return window


def install_panels(window: MainWindow) -> AppState:
    """Mount the Cognito docks and the AWS tabs (their modules' one call); returns the AppState.

    The panels use only the window's public API (ui/window_api.py). `--sandbox` works once
    this ran: window.start_sandbox hands it to the Cognito panels."""
    from tokenexplorer.ui.state import AppState

    state = AppState()
    window.attach_state(state)
    try:
        from tokenexplorer.ui.cognito.install import install_cognito_ui
    except ImportError as error:  # a trimmed build: the inspector still works
        print(f"tokenexplorer: Cognito panels unavailable ({error})", file=sys.stderr)
    else:
        window.cognito_ui = install_cognito_ui(window, state)
    try:
        from tokenexplorer.ui.aws.install import install_aws_ui
    except ImportError as error:
        print(f"tokenexplorer: AWS panels unavailable ({error})", file=sys.stderr)
    else:
        window.aws_ui = install_aws_ui(window, state)
    try:
        from tokenexplorer.ui.teaching.install import install_teaching_ui
    except ImportError as error:
        print(f"tokenexplorer: teaching views unavailable ({error})", file=sys.stderr)
    else:
        install_teaching_ui(window, state)
    from tokenexplorer.ui.lessons.install import install_lessons_ui

    install_lessons_ui(window, state)
    window.tabs.setCurrentWidget(window.inspector)
    from tokenexplorer.ui.qt import QtCore

    QtCore.QTimer.singleShot(0, window, window.fit_docks)  # once the docks are laid out
    return state


def apply_view_options(window: MainWindow, options: argparse.Namespace) -> None:
    """`--size`, `--zoom`, `--mask`, `--presenter`: for this start only (nothing remembered)."""
    if options.size:
        window.resize(*options.size)
    if options.zoom:
        window.zoom.set_percent(options.zoom, remember=False)
    if options.mask:
        window.masking.set_enabled(True)
    if options.presenter:
        window.presenter.set_active(True)


def wait_until_settled(app: QtWidgets.QApplication, window: MainWindow,
                       timeout_ms: int = SCREENSHOT_WAIT_MS) -> bool:
    """Let decoding and (offline) verification finish, so a screenshot shows the verdict."""
    from tokenexplorer.ui.qt import QtCore

    timer = QtCore.QElapsedTimer()
    timer.start()
    while window.inspector.is_busy() and timer.elapsed() < timeout_ms:
        app.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents, 20)
    app.processEvents()
    return not window.inspector.is_busy()


def take_screenshot(app: QtWidgets.QApplication, window: MainWindow, path: str) -> int:
    """Render the window (offscreen) to a PNG; 0 when written."""
    window.show()
    wait_until_settled(app, window)
    image = window.grab()
    target = Path(path)
    if target.parent and not target.parent.exists():
        print(f"tokenexplorer: cannot write {path}: no folder {target.parent}", file=sys.stderr)
        return 1
    if not image.save(str(target), "PNG"):
        print(f"tokenexplorer: could not write the screenshot to {path}", file=sys.stderr)
        return 1
    print(f"screenshot written to {target} ({image.width()}x{image.height()})")
    return 0


def _exit_after_first_paint(app: QtWidgets.QApplication, window: MainWindow) -> None:
    def report() -> None:
        import time

        rows = window.inspector.tree.model().rowCount()
        print(f"painted cpu={time.process_time() * 1000:.0f} rows={rows}", flush=True)
        app.quit()

    after_first_paint(window, report)


def _offscreen_or_display(options: argparse.Namespace) -> bool:
    """Screenshots and the smoke test run offscreen; a window needs a display (else say so)."""
    if options.screenshot or options.smoke_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        if os.environ["QT_QPA_PLATFORM"] == "offscreen":
            quiet_offscreen_noise()
        return True
    if _has_display():
        return True
    print(
        "tokenexplorer: no display found (DISPLAY/WAYLAND_DISPLAY unset). Run it on a "
        "desktop, or use 'tokenexplorer decode' in a terminal.",
        file=sys.stderr,
    )
    return False


def run_gui(options: argparse.Namespace) -> int:
    """Open the window (or take a screenshot / run the smoke test) and return the exit status."""
    if not _offscreen_or_display(options):
        return 2
    interactive = not options.screenshot and not options.smoke_test
    app = create_application(icon=not interactive)  # interactive: the icon follows the paint
    from tokenexplorer.ui.crash import install_crash_handler  # logs and shows what no one caught

    install_crash_handler(app)
    # A screenshot never waits for the network: decode offline, verify with what is cached.
    # Screenshots use the default layout (reproducible images; the user's saved one untouched).
    window = create_window(options.token, offline=bool(options.screenshot),
                           remember_layout=not options.screenshot)
    apply_view_options(window, options)
    if options.screenshot:
        return take_screenshot(app, window, options.screenshot)
    if options.smoke_test:
        from tokenexplorer.ui.smoke import run_smoke_test

        state = install_panels(window)  # so a build missing a panel's modules fails here
        try:
            return run_smoke_test(app, window)
        finally:
            state.close()
    # The panels (~0.1 s to build) join right after the first paint: the token shows first.
    after_first_paint(window, lambda: _complete_window(app, window, bool(options.sandbox)))
    if os.environ.get(FIRST_PAINT_PROBE_ENV):  # installed last, so it reports first
        _exit_after_first_paint(app, window)
    window.show()
    try:
        return app.exec()
    finally:
        _shut_down(window)


def _shut_down(window: MainWindow) -> None:
    from tokenexplorer.ui.tasks import wait_for_all

    window.inspector.shutdown()
    if window.app_state is not None:
        window.app_state.close()
    wait_for_all(2000)


def _complete_window(app: QtWidgets.QApplication, window: MainWindow, sandbox: bool) -> None:
    apply_app_icon(app)
    install_panels(window)
    if not sandbox:
        return
    if window.cognito_ui is None:
        print("sandbox not available in this build", file=sys.stderr)
    window.start_sandbox()
