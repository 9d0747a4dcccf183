"""Mount the Lessons pane: a dock built the first time it is shown (View → Lessons)."""

from __future__ import annotations

from tokenexplorer.ui.qt import Qt, QtWidgets
from tokenexplorer.ui.state import AppState
from tokenexplorer.ui.window_api import PanelHost


def install_lessons_ui(window: PanelHost, state: AppState) -> QtWidgets.QDockWidget:
    from tokenexplorer.ui.lessons.lessons_pane import LessonsPane

    dock = window.add_lazy_dock("Lessons", lambda: LessonsPane(state, window.window_events),
                                Qt.DockWidgetArea.RightDockWidgetArea)
    dock.hide()  # opened from View → Lessons; nothing built until then
    return dock
