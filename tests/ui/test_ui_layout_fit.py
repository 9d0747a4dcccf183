"""The whole window fits a 1024×768 screen; at its minimum width nothing overlaps or runs off
the edge; Ctrl+Q quits; View → Reset layout restores docks and splitters."""

from __future__ import annotations

import pytest

from tests.ui.conftest import by_name, wait_settled
from tokenexplorer.ui.qt import Qt, QtCore, QtGui, QtWidgets

POOL = "us-east-2_D8rs5PBjY"


def action(window, text: str) -> QtGui.QAction:
    for found in window.findChildren(QtGui.QAction):
        if found.text().replace("&", "") == text:
            return found
    raise AssertionError(f"no action {text!r}")


def test_the_window_fits_a_1024x768_screen(full_window):
    hint = full_window.minimumSizeHint()
    assert hint.width() <= 1024 and hint.height() <= 700, hint  # 768 less a panel and a title


def labels_overlap(labels: list[QtWidgets.QLabel]) -> bool:
    shown = [label.geometry() for label in labels if label.isVisible()]
    return any(a.intersects(b) for i, a in enumerate(shown) for b in shown[i + 1:])


@pytest.mark.parametrize("width", [0, 1024, 1366, 1920])  # 0: the window's minimum width
def test_nothing_overlaps_or_runs_off_the_edge(qtbot, full_window, width):
    window = full_window
    window.resize(width or window.minimumSizeHint().width(), 768 if width else 560)
    qtbot.waitUntil(lambda: window.width() == (width or window.minimumSizeHint().width()))
    banner = by_name(window, "Signature status")
    verdict, reason, source = (by_name(banner, name) for name in (
        "Signature verdict", "Signature reason", "Signature key source"))
    qtbot.waitUntil(lambda: reason.height() >= reason.heightForWidth(reason.width()))
    assert not labels_overlap([verdict, reason, source])
    assert source.height() >= source.heightForWidth(source.width())
    long_pool = "ap-southeast-2_D8rs5PBjY"  # the longest region names
    window.set_verify_context(client_id="3jc88ht7bue6q5ub32varsdqqm", pool_id=long_pool)
    wait_settled(qtbot, window)
    pool = by_name(window, "Profile pool")
    text = pool.text()
    assert long_pool in text
    assert pool.fontMetrics().horizontalAdvance(text) <= pool.width(), text
    right = pool.mapTo(window, QtCore.QPoint(pool.width(), 0)).x()
    assert right <= window.width()


def test_ctrl_q_quits(qtbot, window):
    quit_action = action(window, "Quit")
    assert quit_action.shortcut() == QtGui.QKeySequence("Ctrl+Q")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_reset_layout_restores_docks_and_splitters(qtbot, full_window):
    window = full_window
    docks = {dock.accessibleName(): dock for dock in window.findChildren(QtWidgets.QDockWidget)}
    areas = {name: window.dockWidgetArea(dock) for name, dock in docks.items()}
    pool_dock, activity = docks["Pool"], docks["Activity"]
    pool_dock.setFloating(True)
    activity.hide()
    body = by_name(window, "Body splitter")
    body.setSizes([100, 10_000])
    squeezed = body.sizes()
    action(window, "Reset layout").trigger()
    qtbot.waitUntil(lambda: activity.isVisible() and not pool_dock.isFloating())
    assert {name: window.dockWidgetArea(dock) for name, dock in docks.items()} == areas
    qtbot.waitUntil(lambda: body.sizes()[0] > body.sizes()[1])  # the claims tree wider again
    assert body.sizes() != squeezed
