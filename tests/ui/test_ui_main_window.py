"""The window as a whole: first run, layout memory without content, drops, screenshot, a11y."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

from tests.ui.conftest import by_name, hs256_token, seed_token, top_level_rows, wait_settled
from tokenexplorer.ui.qt import Qt, QtCore, QtGui, QtWidgets

ROOT = Path(__file__).resolve().parents[2]


def test_first_run_opens_on_the_sample_token_with_a_hint(qtbot):
    from tokenexplorer.ui.app import create_window

    window = create_window()  # the sample is checked offline, and Offline says so
    qtbot.addWidget(window)
    window.show()
    wait_settled(qtbot, window)
    assert by_name(window, "Sample hint").isVisible()
    assert by_name(window, "Offline").isChecked()
    assert "sample is checked offline" in by_name(window, "Signature status").text()
    assert top_level_rows(by_name(window, "Claims tree")) == ["Header", "Payload", "Signature"]
    window.show_text(hs256_token())
    wait_settled(qtbot, window)
    assert not by_name(window, "Sample hint").isVisible()
    assert not by_name(window, "Offline").isChecked()  # the user's own setting is back


def test_layout_is_remembered_but_no_token_or_secret_is_written(qtbot, isolated_storage):
    from tokenexplorer.ui.main_window import LAYOUT_FILE, MainWindow

    secret = "a secret the settings must never see, 40b"
    token = hs256_token(secret=secret, email="private.person@example.com")
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.show_text(token)
    by_name(window, "Key source").setCurrentText("HMAC secret")
    by_name(window, "HMAC secret").setText(secret)
    wait_settled(qtbot, window)
    window.resize(760, 560)  # inside the offscreen screen (800x600)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == (760, 560), timeout=5000)
    window.inspector.body_splitter.setSizes([300, 700])
    sizes = window.inspector.body_splitter.sizes()
    window.close()

    settings_file = isolated_storage[0] / LAYOUT_FILE
    content = settings_file.read_bytes()
    assert b"geometry" in content
    for fragment in (*token.split("."), "eyJ", "private.person", "example.com", secret,
                     "token_use", "HS256"):
        assert fragment.encode() not in content, f"{fragment[:20]!r} leaked into settings"
    leftovers = [p for p in isolated_storage[0].rglob("*") if p.is_file() and p != settings_file]
    assert leftovers == []

    reopened = MainWindow()
    qtbot.addWidget(reopened)
    reopened.show()

    def restored_as_left() -> None:
        assert (reopened.width(), reopened.height()) == (760, 560)
        restored = reopened.inspector.body_splitter.sizes()
        assert abs(restored[0] / sum(restored) - sizes[0] / sum(sizes)) < 0.02

    qtbot.waitUntil(restored_as_left, timeout=5000)
    assert by_name(reopened, "Token input").token_text() == ""  # content is not restored


def test_dropping_a_text_file_or_text_on_the_window_inspects_it(qtbot, window, tmp_path):
    token_file = tmp_path / "token.txt"
    token_file.write_text(f"Authorization: Bearer {hs256_token()}\n", encoding="utf-8")
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(token_file))])
    _drop(window, mime)
    wait_settled(qtbot, window)
    assert top_level_rows(by_name(window, "Claims tree"))[1] == "Payload"

    mime = QtCore.QMimeData()
    mime.setText("garbage that holds no token")
    _drop(window, mime)
    wait_settled(qtbot, window)
    assert by_name(window, "Claims tree").model().rowCount() == 0

    binary = tmp_path / "image.bin"
    binary.write_bytes(b"\xff\xfe\x00\x81" * 10)
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(binary))])
    _drop(window, mime)
    assert "not UTF-8" in by_name(window, "Input problem").text()


def _drop(window, mime: QtCore.QMimeData) -> None:
    position = QtCore.QPointF(50, 50)
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    try:  # PySide6 6.12 takes a QPointF (the QPoint form is deprecated); 6.11 only a QPoint
        enter = QtGui.QDragEnterEvent(position, Qt.DropAction.CopyAction, mime,
                                      buttons, modifiers)
    except TypeError:
        enter = QtGui.QDragEnterEvent(position.toPoint(), Qt.DropAction.CopyAction, mime,
                                      buttons, modifiers)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QtGui.QDropEvent(position, Qt.DropAction.CopyAction, mime, buttons, modifiers)
    window.dropEvent(drop)


def test_show_tokens_lists_handed_over_tokens(qtbot, window):
    window.show_tokens([("IdToken from sign-in", hs256_token()),
                        ("AccessToken from sign-in", hs256_token(token_use="access"))])
    wait_settled(qtbot, window)
    labels = by_name(window, "Found tokens").labels()
    assert labels == ["ID token — IdToken from sign-in",
                      "Access token — AccessToken from sign-in"]


def test_other_panels_can_add_tabs_and_docks(qtbot, window):
    panel = QtWidgets.QLabel("S3")
    index = window.add_tab(panel, "S3 browser")
    assert window.tabs.tabText(0) == "&Inspector" and index == 1
    assert panel.accessibleName() == "S3 browser"
    dock = window.add_dock(QtWidgets.QLabel("log"), "Activity",
                           Qt.DockWidgetArea.BottomDockWidgetArea)
    assert dock.widget().text() == "log"
    assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea


def test_every_interactive_widget_has_an_accessible_name(qtbot, window):
    window.show_text(seed_token())
    wait_settled(qtbot, window)
    interactive = (QtWidgets.QAbstractButton, QtWidgets.QLineEdit, QtWidgets.QPlainTextEdit,
                   QtWidgets.QComboBox, QtWidgets.QAbstractSpinBox, QtWidgets.QAbstractItemView)
    unnamed = []
    for widget in window.findChildren(QtWidgets.QWidget):
        if not isinstance(widget, interactive) or isinstance(widget, QtWidgets.QHeaderView):
            continue
        if widget.objectName().startswith("qt_") or _inside_qt_internal(widget):
            continue
        if not widget.accessibleName():
            unnamed.append(f"{type(widget).__name__} {widget.objectName()!r}")
    assert unnamed == []


def _inside_qt_internal(widget: QtWidgets.QWidget) -> bool:
    """Parts Qt builds itself (a combo's popup list, a spin box's line edit, tab scrollers)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QtWidgets.QComboBox | QtWidgets.QAbstractSpinBox |
                      QtWidgets.QTabBar) or type(parent).__name__.startswith("QComboBox"):
            return True
        parent = parent.parentWidget()
    return isinstance(widget, QtWidgets.QToolButton) and widget.parentWidget() is not None \
        and isinstance(widget.parentWidget(), QtWidgets.QTabBar)


def test_keyboard_shortcuts_reach_the_main_actions(qtbot, window):
    shortcuts = {action.text().replace("&", ""): action.shortcut().toString()
                 for action in window.findChildren(QtGui.QAction)
                 if not action.shortcut().isEmpty()}
    assert shortcuts["Paste token"] == "Ctrl+Shift+V"
    assert shortcuts["Copy header JSON"] == "Ctrl+Shift+H"
    assert shortcuts["Copy payload JSON"] == "Ctrl+Shift+P"
    assert shortcuts["Go to token input"] == "Ctrl+L"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    by_name(window, "Checks").setFocus()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: by_name(window, "Token input").hasFocus(), timeout=2000)


def test_key_fetch_shows_progress_and_can_be_cancelled(qtbot, window):
    """A JWKS URL that never answers: the banner offers Cancel and the GUI stays free."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted = []
    threading.Thread(target=lambda: accepted.append(server.accept()), daemon=True).start()
    port = server.getsockname()[1]
    try:
        window.set_verify_context(allow_http_jwks=True)
        by_name(window, "Offline").setChecked(False)
        window.show_text(seed_token())
        by_name(window, "Key source").setCurrentText("JWKS URL")
        url = by_name(window, "JWKS URL")
        url.setText(f"http://127.0.0.1:{port}/jwks.json")
        qtbot.keyClick(url, Qt.Key.Key_Return)
        cancel = by_name(window, "Cancel key fetch")
        qtbot.waitUntil(cancel.isVisible, timeout=5000)
        assert by_name(window, "Key fetch progress").isVisible()
        assert window.cancel_action.isEnabled()
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        banner = by_name(window, "Signature status")
        assert "cancelled" in banner.text()
        assert not cancel.isVisible()
        assert by_name(window, "Checks").checks_model.rowCount() > 0
    finally:
        for connection, _ in accepted:
            connection.close()
        server.close()


def test_screenshot_command_writes_a_png(tmp_path):
    target = tmp_path / "window.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-m", "tokenexplorer", "--token", hs256_token(),
         "--screenshot", str(target)],
        capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    data = target.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = QtGui.QImage(str(target))
    assert image.width() >= 800 and image.height() >= 500
    assert hs256_token().split(".")[1] not in result.stdout + result.stderr
    assert "propagateSizeHints" not in result.stderr  # the offscreen plugin's noise is dropped


def test_the_command_line_paints_the_token_then_mounts_the_panels(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT),
               TOKENEXPLORER_EXIT_AFTER_FIRST_PAINT="1")
    result = subprocess.run(
        [sys.executable, "-m", "tokenexplorer", "--token", hs256_token()],
        capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "painted" in result.stdout and "rows=3" in result.stdout
    assert "Traceback" not in result.stderr


def test_install_panels_adds_the_cognito_docks_and_aws_tabs(qtbot):
    from tokenexplorer.ui.app import install_panels
    from tokenexplorer.ui.main_window import MainWindow
    from tokenexplorer.ui.tasks import wait_for_all

    window = MainWindow(remember_layout=False)
    qtbot.addWidget(window)
    state = install_panels(window)
    try:
        titles = [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())]
        assert titles[0] == "Inspector" and {"Credentials", "S3"} <= set(titles)
        assert window.tabs.currentWidget() is window.inspector
        docks = {dock.windowTitle() for dock in window.findChildren(QtWidgets.QDockWidget)}
        assert {"Pool", "Activity"} <= docks
        assert callable(window.start_sandbox)
    finally:
        state.close()
        wait_for_all(5000)
