"""The teaching views' one call: the Compare tab (built when first shown) and what it needs.

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


def install_teaching_ui(host: PanelHost, state: AppState) -> RefreshHistory:
    """Mount the Compare tab; the refresh history starts now, so a refresh made before the
    tab is first opened can still be compared."""
    history = RefreshHistory(state)

    def build() -> QtWidgets.QWidget:
        from tokenexplorer.ui.teaching.compare_view import CompareView

        return CompareView(state, history)

    host.add_lazy_tab("Com&pare", build)
    return history
