"""Adds the teaching tabs ("Sequence diagram", "Timeline") to a window: the one call app.py
makes. Both are lazy: nothing is built or drawn until a tab is first shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tokenexplorer.ui.qt import QtWidgets
    from tokenexplorer.ui.state import AppState
    from tokenexplorer.ui.window_api import PanelHost

SEQUENCE_TITLE = "Se&quence diagram"
TIMELINE_TITLE = "Timeline"  # no mnemonic: each of its letters is taken (Token, Inspector, Edit, …)


def install_teaching_ui(window: PanelHost, state: AppState) -> None:
    def sequence() -> QtWidgets.QWidget:
        from tokenexplorer.ui.teaching.sequence_view import SequencePanel

        return SequencePanel(state, window)

    def timeline() -> QtWidgets.QWidget:
        from tokenexplorer.ui.teaching.timeline_view import TimelinePanel

        return TimelinePanel(state)

    window.add_lazy_tab(SEQUENCE_TITLE, sequence)
    window.add_lazy_tab(TIMELINE_TITLE, timeline)


__all__ = ["SEQUENCE_TITLE", "TIMELINE_TITLE", "install_teaching_ui"]
