"""Start the window: the QApplication, its identity, and the `--screenshot` / smoke modes."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import Any

SCREENSHOT_WAIT_MS = 3000  # offline verification is quick; never wait longer than this
# Set by benchmarks/bench_window.py: print "painted" once the first paint is done, then quit.
FIRST_PAINT_PROBE_ENV = "TOKENEXPLORER_EXIT_AFTER_FIRST_PAINT"


# The offscreen platform says this on every top-level window; it means nothing to the user.
HARMLESS_OFFSCREEN_MESSAGES = frozenset({"This plugin does not support propagateSizeHints()"})


def quiet_offscreen_noise() -> Any:
    """Drop the offscreen platform's known-harmless message; every other Qt message is
    printed as Qt would (or handed to the handler installed before, which is returned)."""
    from tokenexplorer.ui.qt import QtCore

    previous = None

    def handler(kind, context, message) -> None:
        if message in HARMLESS_OFFSCREEN_MESSAGES:
            return
        if previous is not None:
            previous(kind, context, message)
        else:
            print(QtCore.qFormatLogMessage(kind, context, message), file=sys.stderr, flush=True)

    previous = QtCore.qInstallMessageHandler(handler)
    return previous


def _needs_offscreen(options: Any) -> bool:
    return bool(getattr(options, "screenshot", None) or getattr(options, "smoke_test", False))


def _has_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _lighten_pyside_import_hook() -> None:
    """PySide6 (6.x) checks every module imported after it for the text "PySide6" with
    inspect.getsource (tokenize, linecache): ~0.15 ms a module, ~9 ms before the first paint.
    Same question, answered from the file's bytes; anything else goes to PySide's own check."""
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None or getattr(original, "_tokenexplorer", False):
        return

    def mod_uses_pyside(module) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    mod_uses_pyside._tokenexplorer = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = mod_uses_pyside


def create_application(argv: list[str] | None = None, icon: bool = True):
    """The one QApplication, named so settings and the desktop know who we are.

    `icon=False` leaves the icon (an SVG rendered by a plugin, ~4 ms) to `apply_app_icon`,
    so the first window paints sooner; the names are set at once (the desktop reads them
    when the window appears)."""
    from tokenexplorer.ui.qt import QtWidgets

    _lighten_pyside_import_hook()
    app = QtWidgets.QApplication.instance()
    if app is None:
        app = QtWidgets.QApplication(argv if argv is not None else sys.argv[:1])
    if not icon:
        _name_app(app)
        return app
    apply_app_icon(app)
    return app


def _name_app(app) -> None:
    from tokenexplorer import APP_ID, APP_NAME
    from tokenexplorer.ui.qt import QtGui

    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_ID)
    QtGui.QGuiApplication.setDesktopFileName(APP_ID)


def apply_app_icon(app) -> None:
    """The full identity (names, version, icon) from app_identity, when that module is built in."""
    try:
        from tokenexplorer.ui.app_identity import apply_app_identity
    except ImportError:  # identity module missing: name the app ourselves
        _name_app(app)
    else:
        apply_app_identity(app)


def create_window(token: str | None = None, offline: bool = False,
                  remember_layout: bool = True):
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


def install_panels(window) -> Any:
    """Mount the Cognito docks and the AWS tabs (their modules' one call); returns the AppState.

    The panels use only the window's public API. `--sandbox` works once this ran: the
    Cognito controller's start_sandbox becomes window.start_sandbox."""
    from tokenexplorer.ui.state import AppState

    state = AppState()
    window.app_state = state
    set_activity_log = getattr(window, "set_activity_log", None)
    if callable(set_activity_log):
        set_activity_log(state.activity)
    try:
        from tokenexplorer.ui.cognito.install import install_cognito_ui
    except ImportError as error:  # a trimmed build: the inspector still works
        print(f"tokenexplorer: Cognito panels unavailable ({error})", file=sys.stderr)
    else:
        cognito = install_cognito_ui(window, state)
        window.cognito_ui = cognito
        window.start_sandbox = cognito.start_sandbox
    try:
        from tokenexplorer.ui.aws.install import install_aws_ui
    except ImportError as error:
        print(f"tokenexplorer: AWS panels unavailable ({error})", file=sys.stderr)
    else:
        window.aws_ui = install_aws_ui(window, state)
    window.tabs.setCurrentWidget(window.inspector)
    fit_docks = getattr(window, "fit_docks", None)
    if callable(fit_docks):  # once the docks are laid out
        from tokenexplorer.ui.qt import QtCore

        QtCore.QTimer.singleShot(0, fit_docks)
    state.status_message.connect(lambda text: window.statusBar().showMessage(text, 8000))
    return state


def wait_until_settled(app, window, timeout_ms: int = SCREENSHOT_WAIT_MS) -> bool:
    """Let decoding and (offline) verification finish, so a screenshot shows the verdict."""
    from tokenexplorer.ui.qt import QtCore

    timer = QtCore.QElapsedTimer()
    timer.start()
    while window.inspector.is_busy() and timer.elapsed() < timeout_ms:
        app.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents, 20)
    app.processEvents()
    return not window.inspector.is_busy()


def take_screenshot(app, window, path: str) -> int:
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


def _startup_done() -> None:
    """Start-up allocates hundreds of thousands of long-lived objects (Qt enums, modules);
    collecting them repeatedly while starting only delays the first paint. Once the window
    is up they are frozen out of future collections and the collector runs as usual."""
    gc.freeze()
    gc.enable()


FIRST_PAINT_FALLBACK_MS = 1000  # a window started minimised never paints: go on anyway


def after_first_paint(window, callback) -> None:
    """Run `callback` once, just after the window's first paint (or after a fallback delay)."""
    from tokenexplorer.ui.qt import QObject, QtCore

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__(window)
            self.fired = False
            window.installEventFilter(self)
            QtCore.QTimer.singleShot(FIRST_PAINT_FALLBACK_MS, self.fire)

        def eventFilter(self, watched, event) -> bool:
            if not self.fired and event.type() == QtCore.QEvent.Type.Paint:
                QtCore.QTimer.singleShot(0, self.fire)  # after the whole paint pass
            return False

        def fire(self) -> None:
            if not self.fired:
                self.fired = True
                window.removeEventFilter(self)
                callback()

    FirstPaint()


def _exit_after_first_paint(app, window) -> None:
    def report() -> None:
        import time

        rows = window.inspector.tree.model().rowCount()
        print(f"painted cpu={time.process_time() * 1000:.0f} rows={rows}", flush=True)
        app.quit()

    after_first_paint(window, report)


def run_gui(options: Any) -> int:
    """Open the window (or take a screenshot / run the smoke test) and return the exit status."""
    gc.disable()  # until the window is up: see _startup_done
    try:
        return _run_gui(options)
    finally:
        if not gc.isenabled():
            gc.enable()


def _run_gui(options: Any) -> int:
    if _needs_offscreen(options):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        if os.environ["QT_QPA_PLATFORM"] == "offscreen":
            quiet_offscreen_noise()
    elif not _has_display():
        print(
            "tokenexplorer: no display found (DISPLAY/WAYLAND_DISPLAY unset). Run it on a "
            "desktop, or use 'tokenexplorer decode' in a terminal.",
            file=sys.stderr,
        )
        return 2
    screenshot = getattr(options, "screenshot", None)
    interactive = not screenshot and not getattr(options, "smoke_test", False)
    app = create_application(icon=not interactive)  # interactive: the icon follows the paint
    from tokenexplorer.ui.crash import install_crash_handler  # logs and shows what no one caught

    install_crash_handler(app)
    # A screenshot never waits for the network: decode offline, verify with what is cached.
    # Screenshots use the default layout (reproducible images; the user's saved one untouched).
    window = create_window(getattr(options, "token", None), offline=bool(screenshot),
                           remember_layout=not screenshot)
    if screenshot:
        return take_screenshot(app, window, screenshot)
    if getattr(options, "smoke_test", False):
        from tokenexplorer.ui.smoke import run_smoke_test

        _startup_done()
        state = install_panels(window)  # so a build missing a panel's modules fails here
        try:
            return run_smoke_test(app, window)
        finally:
            state.close()
    sandbox = bool(getattr(options, "sandbox", False))
    # The panels (~0.1 s to build) join right after the first paint: the token shows first.
    after_first_paint(window, lambda: _complete_window(window, sandbox))
    if os.environ.get(FIRST_PAINT_PROBE_ENV):  # installed last, so it reports first
        _exit_after_first_paint(app, window)
    window.show()
    try:
        return app.exec()
    finally:
        from tokenexplorer.ui.tasks import wait_for_all

        window.inspector.shutdown()
        state = getattr(window, "app_state", None)
        if state is not None:
            state.close()
        wait_for_all(2000)


def _complete_window(window, sandbox: bool) -> None:
    from tokenexplorer.ui.qt import QtWidgets

    _startup_done()
    apply_app_icon(QtWidgets.QApplication.instance())
    install_panels(window)
    if sandbox:
        start_sandbox = getattr(window, "start_sandbox", None)
        if callable(start_sandbox):
            start_sandbox()
        else:
            print("sandbox not available in this build", file=sys.stderr)
