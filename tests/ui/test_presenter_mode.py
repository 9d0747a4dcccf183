"""View → Presenter mode: large type and high contrast at 1024×768, nothing clipped, and
the layout exactly as it was afterwards."""

from __future__ import annotations

import pytest

from tests.ui.conftest import wait_settled
from tests.ui.view_checks import action, clipped_widgets
from tokenexplorer import zoom_steps
from tokenexplorer.ui.qt import QtGui, QtWidgets
from tokenexplorer.ui.view_zoom import apply_percent, base_point_size


@pytest.fixture(autouse=True)
def unzoomed(qapp):
    yield
    apply_percent(zoom_steps.DEFAULT)


def _settle(qtbot, window) -> None:
    wait_settled(qtbot, window)
    qtbot.wait(50)  # presenter mode fits its splitters once the larger type is laid out


def _layout(window) -> tuple:
    splitters = [s.sizes() for s in window.findChildren(QtWidgets.QSplitter)]
    docks = [(d.objectName(), d.isVisible(), window.dockWidgetArea(d))
             for d in window.findChildren(QtWidgets.QDockWidget)]
    return (window.size().toTuple(), bytes(window.saveState()), splitters, docks,
            window.zoom.percent, window.inspector.key_panel.isVisible())


def test_presenter_mode_at_1024x768_is_large_high_contrast_and_unclipped(full_window,
                                                                         qtbot) -> None:
    window = full_window
    window.resize(1024, 768)
    _settle(qtbot, window)
    presenter = action(window, "Presenter mode")
    assert presenter.isCheckable() and presenter.shortcut() == QtGui.QKeySequence("F6")
    presenter.trigger()
    _settle(qtbot, window)
    assert presenter.isChecked()
    base = base_point_size(QtWidgets.QApplication.instance())
    assert QtWidgets.QApplication.font().pointSizeF() >= base * 1.6 - 0.01
    assert not any(d.isVisible() for d in window.findChildren(QtWidgets.QDockWidget))
    assert not window.inspector.key_panel.isVisible()
    palette = window.palette()
    text = palette.color(QtGui.QPalette.ColorRole.WindowText)
    back = palette.color(QtGui.QPalette.ColorRole.Window)
    assert abs(text.lightness() - back.lightness()) == 255  # black on white
    assert window.size().toTuple() == (1024, 768)
    # Layouts settle over a few event-loop turns: wait for it, then nothing may be cut off.
    try:
        qtbot.waitUntil(lambda: clipped_widgets(window) == [], timeout=3000)
    finally:
        assert clipped_widgets(window) == []


def test_leaving_presenter_mode_restores_the_layout(full_window, qtbot) -> None:
    window = full_window
    window.resize(1366, 768)
    window.zoom.set_percent(110)
    _settle(qtbot, window)
    before = _layout(window)
    assert any(d.isVisible() for d in window.findChildren(QtWidgets.QDockWidget))
    presenter = action(window, "Presenter mode")
    presenter.trigger()
    _settle(qtbot, window)
    assert _layout(window) != before
    window.zoom.zoom_in()  # zooming while presenting is not remembered
    presenter.trigger()
    _settle(qtbot, window)
    assert not presenter.isChecked()
    assert _layout(window) == before
    assert not window.testAttribute(QtGui.Qt.WidgetAttribute.WA_SetPalette)


def test_closing_while_presenting_saves_the_users_layout(qtbot) -> None:
    from tokenexplorer.ui.main_window import MainWindow, layout_settings
    from tokenexplorer.ui.view_zoom import SETTING

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.zoom.set_percent(125)
    action(window, "Presenter mode").trigger()
    assert window.zoom.percent == 160
    window.close()
    assert int(layout_settings().value(SETTING)) == 125


def test_screenshot_options(tmp_path) -> None:
    import subprocess
    import sys

    target = tmp_path / "presenter.png"
    done = subprocess.run(
        [sys.executable, "-m", "tokenexplorer", "--screenshot", str(target), "--presenter",
         "--zoom", "175", "--size", "1024x768", "--mask"],
        capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    image = QtGui.QImage(str(target))
    assert (image.width(), image.height()) == (1024, 768)
    bad = subprocess.run([sys.executable, "-m", "tokenexplorer", "--screenshot",
                          str(target), "--zoom", "huge"],
                         capture_output=True, text=True, timeout=60, check=False)
    assert bad.returncode != 0 and "percentage" in bad.stderr
    assert "Traceback" not in bad.stderr
