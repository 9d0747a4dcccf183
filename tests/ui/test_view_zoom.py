"""View → Zoom in / Zoom out / Reset zoom: the application's text scales, dialogs too."""

from __future__ import annotations

import pytest

from tests.ui.view_checks import action
from tokenexplorer import zoom_steps
from tokenexplorer.ui.qt import QtGui, QtWidgets
from tokenexplorer.ui.view_zoom import apply_percent, base_point_size


@pytest.fixture(autouse=True)
def unzoomed(qapp):
    """Whatever a test does, the next one starts at 100 %."""
    yield
    apply_percent(zoom_steps.DEFAULT)


def _font_size() -> float:
    return QtWidgets.QApplication.font().pointSizeF()


def test_steps_and_bounds() -> None:
    assert zoom_steps.zoom_in(100) == 110 and zoom_steps.zoom_out(100) == 90
    assert zoom_steps.zoom_in(300) == 300 and zoom_steps.zoom_out(80) == 80
    assert zoom_steps.zoom_in(112) == 125 and zoom_steps.zoom_out(112) == 110
    assert zoom_steps.parse_percent("150%") == 150
    assert zoom_steps.parse_percent("9000") == 300 and zoom_steps.parse_percent(1) == 80
    assert zoom_steps.parse_percent("nan") == 100
    assert zoom_steps.parse_percent("big") is None and zoom_steps.parse_percent(None) is None
    assert zoom_steps.presenter_percent(100) == 160 and zoom_steps.presenter_percent(200) == 200


def test_zoom_actions_scale_the_application_font(window, qtbot) -> None:
    base = base_point_size(QtWidgets.QApplication.instance())
    assert _font_size() == pytest.approx(base)
    zoom_in = action(window, "Zoom in")
    assert QtGui.QKeySequence("Ctrl+=") in zoom_in.shortcuts()
    assert QtGui.QKeySequence("Ctrl++") in zoom_in.shortcuts()
    zoom_in.trigger()
    assert _font_size() == pytest.approx(base * 1.10)
    for _ in range(2):
        zoom_in.trigger()
    assert window.zoom.percent == 150
    assert _font_size() == pytest.approx(base * 1.5)
    # A widget that set its own font (the verdict, 1.35x, bold) grows by the same factor.
    verdict = window.inspector.banner.verdict_label
    assert verdict.font().pointSizeF() == pytest.approx(base * 1.35 * 1.5, rel=0.02)
    action(window, "Zoom out").trigger()
    assert _font_size() == pytest.approx(base * 1.25)
    action(window, "Reset zoom").trigger()
    assert _font_size() == pytest.approx(base)
    assert verdict.font().pointSizeF() == pytest.approx(base * 1.35, rel=0.02)


def test_bounds_hold_at_both_ends(window) -> None:
    for _ in range(20):
        action(window, "Zoom in").trigger()
    assert window.zoom.percent == 300
    for _ in range(20):
        action(window, "Zoom out").trigger()
    assert window.zoom.percent == 80
    assert _font_size() == pytest.approx(
        base_point_size(QtWidgets.QApplication.instance()) * 0.8)


def test_dialogs_opened_later_are_zoomed(window, qtbot) -> None:
    from tokenexplorer.ui.crash_dialog import CrashDialog

    base = base_point_size(QtWidgets.QApplication.instance())
    window.zoom.set_percent(200)
    box = QtWidgets.QMessageBox(window)
    box.setText("A later dialog")
    qtbot.addWidget(box)
    assert box.font().pointSizeF() == pytest.approx(base * 2)
    fixed = QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont)
    dialog = CrashDialog("summary", "details", window)
    qtbot.addWidget(dialog)
    assert dialog.details.font().pointSizeF() == pytest.approx(fixed.pointSizeF() * 2)


def test_icons_scale_with_the_zoom(window) -> None:
    style = QtWidgets.QApplication.style()
    metric = QtWidgets.QStyle.PixelMetric.PM_SmallIconSize
    normal = style.pixelMetric(metric)
    window.zoom.set_percent(200)
    assert QtWidgets.QApplication.style().pixelMetric(metric) == normal * 2


def test_zoom_is_remembered_across_starts(qtbot) -> None:
    from tokenexplorer.ui.main_window import MainWindow, layout_settings
    from tokenexplorer.ui.view_zoom import SETTING

    first = MainWindow()
    qtbot.addWidget(first)
    action(first, "Zoom in").trigger()
    action(first, "Zoom in").trigger()
    first.close()
    assert int(layout_settings().value(SETTING)) == 125
    apply_percent(100)
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.zoom.percent == 125
    assert _font_size() == pytest.approx(
        base_point_size(QtWidgets.QApplication.instance()) * 1.25)
    layout_settings().setValue(SETTING, "garbage")
    third = MainWindow()
    qtbot.addWidget(third)
    assert third.zoom.percent == 100


def test_screenshots_use_their_own_zoom_and_leave_the_setting(qtbot) -> None:
    from tokenexplorer.ui.main_window import MainWindow, layout_settings
    from tokenexplorer.ui.view_zoom import SETTING

    shot = MainWindow(remember_layout=False)
    qtbot.addWidget(shot)
    shot.zoom.set_percent(175)
    assert layout_settings().value(SETTING) is None
