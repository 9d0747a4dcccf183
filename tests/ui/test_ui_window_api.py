"""The window's public API for panels (PanelHost), lazy tabs/docks, and the first-paint hook."""

from __future__ import annotations

import re
from pathlib import Path

from tests.ui.conftest import by_name, hs256_token, seed_token, wait_settled
from tokenexplorer.ui.qt import Qt, QtWidgets

ROOT = Path(__file__).resolve().parents[2]


def _labelled(name: str) -> QtWidgets.QWidget:
    widget = QtWidgets.QLabel(name)
    widget.setAccessibleName(name)
    return widget


def test_a_lazy_tab_is_built_on_first_show_only(qtbot, window):
    made: list[str] = []

    def factory() -> QtWidgets.QWidget:
        made.append("tools")
        return _labelled("Tools panel")

    window.add_lazy_tab("&Tools", factory)
    qtbot.wait(1)  # a turn of the loop: nothing shows the tab, nothing is built
    assert made == []
    assert not [w for w in window.findChildren(QtWidgets.QLabel)
                if w.accessibleName() == "Tools panel"]
    window.tabs.setCurrentIndex(window.tabs.count() - 1)
    qtbot.waitUntil(lambda: made == ["tools"])
    assert by_name(window, "Tools panel").isVisible()
    window.tabs.setCurrentWidget(window.inspector)
    window.tabs.setCurrentIndex(window.tabs.count() - 1)
    assert made == ["tools"]  # once


def test_open_tab_builds_and_brings_the_tab_to_front(qtbot, window):
    window.add_lazy_tab("&Tools", lambda: _labelled("Tools panel"))
    panel = window.open_tab("Tools")
    assert panel.accessibleName() == "Tools panel"
    assert window.tabs.tabText(window.tabs.currentIndex()) == "&Tools"
    assert window.open_tab("&Inspector") is window.inspector


def test_a_lazy_dock_is_built_when_it_shows(qtbot, window):
    made: list[str] = []

    def factory() -> QtWidgets.QWidget:
        made.append("notes")
        return _labelled("Notes panel")

    dock = window.add_lazy_dock("Notes", factory, Qt.DockWidgetArea.RightDockWidgetArea)
    dock.hide()
    window.add_lazy_dock("Hidden", lambda: made.append("hidden") or _labelled("Hidden"))
    window.findChildren(QtWidgets.QDockWidget)[-1].hide()
    qtbot.wait(1)
    assert made == []
    dock.show()
    qtbot.waitUntil(lambda: made == ["notes"])
    assert dock.accessibleName() == "Notes" and by_name(window, "Notes panel").isVisible()


def test_add_menu_goes_before_help(qtbot, window):
    window.add_menu(QtWidgets.QMenu("&Tools", window))
    titles = [action.text().replace("&", "") for action in window.menuBar().actions()]
    assert titles[-2:] == ["Tools", "Help"]


def test_show_tokens_in_place_keeps_the_tab_and_the_row(qtbot, window):
    tokens = [("ID token — test", hs256_token(sub="a")),
              ("Access token — test", hs256_token(sub="b"))]
    window.add_tab(_labelled("Other panel"), "&Other")
    window.show_tokens(tokens)
    assert window.tabs.currentWidget() is window.inspector
    wait_settled(qtbot, window)
    window.inspector.token_list.setCurrentRow(1)
    window.tabs.setCurrentIndex(1)
    fresh = [(label, hs256_token(sub=label[:2])) for label, _raw in tokens]
    window.show_tokens(fresh, focus=False)  # decoded at once; verified when the tab shows
    assert window.tabs.currentIndex() == 1  # the user's tab
    assert window.inspector.token_list.currentRow() == 1
    assert window.inspected_token() == fresh[1][1]


def test_clear_tokens_and_inspected_token(qtbot, window):
    window.show_text(seed_token())
    wait_settled(qtbot, window)
    assert window.inspected_token() == seed_token()
    window.add_tab(_labelled("Other panel"), "&Other")
    window.tabs.setCurrentIndex(1)
    window.clear_tokens()
    assert window.inspected_token() is None
    assert window.tabs.currentIndex() == 1


def test_state_status_messages_reach_the_status_bar(qtbot, window):
    from tokenexplorer.ui.state import AppState

    state = AppState()
    try:
        window.attach_state(state)
        assert window.app_state is state
        state.status_message.emit("Signed in")
        assert window.statusBar().currentMessage() == "Signed in"
        window.show_status("Plain words")
        assert window.statusBar().currentMessage() == "Plain words"
    finally:
        state.close()


def test_after_first_paint_runs_once_after_the_paint(qtbot):
    from tokenexplorer.ui.first_paint import after_first_paint

    widget = QtWidgets.QWidget()
    qtbot.addWidget(widget)
    calls: list[bool] = []
    after_first_paint(widget, lambda: calls.append(widget.isVisible()), fallback_ms=60_000)
    qtbot.wait(1)
    assert calls == []  # not shown, not painted: only the (long) fallback would run it
    widget.show()
    qtbot.waitUntil(lambda: calls == [True])
    widget.update()
    widget.repaint()
    qtbot.wait(1)
    assert calls == [True]


def test_after_first_paint_falls_back_for_a_widget_that_never_paints(qtbot):
    from tokenexplorer.ui.first_paint import after_first_paint

    widget = QtWidgets.QWidget()
    qtbot.addWidget(widget)
    calls: list[str] = []
    after_first_paint(widget, lambda: calls.append("ran"), fallback_ms=10)
    qtbot.waitUntil(lambda: calls == ["ran"])


def test_no_private_qt_api_and_no_collector_switches_in_the_app():
    """Start-up is quick by design: no shibokensupport patches, no gc.disable/freeze."""
    pattern = re.compile(r"shibokensupport|\bgc\.(disable|enable|freeze|unfreeze)\(|"
                         r"^\s*import gc\b", re.MULTILINE)
    offenders = [str(path.relative_to(ROOT)) for path in (ROOT / "tokenexplorer").rglob("*.py")
                 if pattern.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
