"""What happens in the window that a panel may want to follow (lessons do, for one).

The window owns one `WindowEvents` and emits on it; panels connect through
`PanelHost.window_events`, never to the window's tabs, docks or inspector directly.
"""

from __future__ import annotations

from tokenexplorer.ui.qt import QObject, QtWidgets, Signal


class WindowEvents(QObject):
    view_shown = Signal(str)  # a tab became current or a dock became visible: its title
    token_checked = Signal(object)  # tokens.model.Report of the token the inspector checked
    show_view_requested = Signal(str)  # a panel asks for a tab or dock by its title

    def dock_visible(self, title: str, visible: bool) -> None:
        if visible:
            self.view_shown.emit(title)


def show_view(window: QtWidgets.QMainWindow, tabs: QtWidgets.QTabWidget, name: str) -> bool:
    """Bring the tab or dock called `name` to front; False (and a status line) if none."""
    for index in range(tabs.count()):
        if tabs.tabText(index).replace("&", "") == name:
            tabs.setCurrentIndex(index)
            return True
    for dock in window.findChildren(QtWidgets.QDockWidget):
        if dock.accessibleName() == name:
            dock.show()
            dock.raise_()
            return True
    window.statusBar().showMessage(f"Open “{name}” from the View menu", 5000)
    return False
