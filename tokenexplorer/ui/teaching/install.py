"""The teaching views' one call: the Compare, Sequence diagram and Timeline tabs (each built
when first shown) and what they need.

File → Samples and File → Export handout live in the window's File menu (ui/window_menus)
and open ui/teaching/samples_dialog and ui/teaching/handout_export.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tokenexplorer.ui.teaching.refresh_history import RefreshHistory

if TYPE_CHECKING:
    from tokenexplorer.ui.qt import QtWidgets
    from tokenexplorer.ui.state import AppState
    from tokenexplorer.ui.window_api import PanelHost

COMPARE = "Compare"
SEQUENCE_TITLE = "Se&quence diagram"
TIMELINE_TITLE = "Timeline"  # no mnemonic: each of its letters is taken (Token, Inspector, Edit, …)


def install_teaching_ui(host: PanelHost, state: AppState) -> RefreshHistory:
    """Mount the tabs; the refresh history starts now, so a refresh made before the Compare
    tab is first opened can still be compared."""
    history = RefreshHistory(state)

    def compare() -> QtWidgets.QWidget:
        from tokenexplorer.ui.teaching.compare_view import CompareView

        return CompareView(state, history)

    def sequence() -> QtWidgets.QWidget:
        from tokenexplorer.ui.teaching.sequence_view import SequencePanel

        return SequencePanel(state, host)

    def timeline() -> QtWidgets.QWidget:
        from tokenexplorer.ui.teaching.timeline_view import TimelinePanel

        return TimelinePanel(state)

    host.add_lazy_tab("Com&pare", compare)
    host.add_lazy_tab(SEQUENCE_TITLE, sequence)
    host.add_lazy_tab(TIMELINE_TITLE, timeline)
    return history


__all__ = ["COMPARE", "SEQUENCE_TITLE", "TIMELINE_TITLE", "install_teaching_ui"]
