"""Where the main window's docks go, and the layout it remembers between starts.

The window remembers geometry and dock placement (never content). A saved dock state can
only be applied once the docks exist, and panels add theirs after the window is built:
`DockLayout` keeps the saved state pending and re-applies it as each dock arrives. On a
first run (nothing saved) it sizes the docks so the inspector keeps its room.
"""

from __future__ import annotations

from tokenexplorer.ui.qt import Qt, QtCore, QtGui, QtWidgets

LAYOUT_VERSION = 1
DEFAULT_SIZE = (1320, 860)  # capped to the screen: 1366×768 gets ~1300×700
# (orientation, the areas it sizes, share of the window, least pixels)
_FIRST_RUN_SHARES = (
    (Qt.Orientation.Horizontal,
     (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea), 0.22, 260),
    (Qt.Orientation.Vertical,
     (Qt.DockWidgetArea.BottomDockWidgetArea, Qt.DockWidgetArea.TopDockWidgetArea), 0.18, 120),
)


class DockLayout:
    """The window's docks, the area each belongs to, and a saved state waiting for them."""

    def __init__(self, window: QtWidgets.QMainWindow) -> None:
        self._window = window
        self._areas: dict[QtWidgets.QDockWidget, Qt.DockWidgetArea] = {}
        self._pending: QtCore.QByteArray | None = None

    def size_for_screen(self) -> None:
        """A roomy first-run size that still fits a small screen (offscreen keeps it)."""
        width, height = DEFAULT_SIZE
        screen = QtGui.QGuiApplication.primaryScreen()
        if screen is not None and QtGui.QGuiApplication.platformName() != "offscreen":
            available = screen.availableGeometry()
            width = min(width, int(available.width() * 0.96))
            height = min(height, int(available.height() * 0.94))
        self._window.resize(width, height)

    def add(self, dock: QtWidgets.QDockWidget, area: Qt.DockWidgetArea) -> None:
        self._window.addDockWidget(area, dock)
        self._areas[dock] = area
        if self._pending is not None:
            self._window.restoreState(self._pending, LAYOUT_VERSION)

    def restore(self, settings: QtCore.QSettings) -> None:
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QtCore.QByteArray):
            self._window.restoreGeometry(geometry)
        state = settings.value("window/state")
        self._pending = state if isinstance(state, QtCore.QByteArray) else None
        if self._pending is not None:
            self._window.restoreState(self._pending, LAYOUT_VERSION)

    def save(self, settings: QtCore.QSettings) -> None:
        settings.setValue("window/geometry", self._window.saveGeometry())
        settings.setValue("window/state", self._window.saveState(LAYOUT_VERSION))

    def reset(self) -> None:
        """Every dock back in its place, shown and docked; the saved state forgotten."""
        for dock, area in self._areas.items():
            dock.setFloating(False)
            self._window.addDockWidget(area, dock)
            dock.show()
        self._pending = None

    def fit(self) -> None:
        """First run (no saved layout): side docks narrow, bottom docks short, so the
        inspector keeps room for Name, Value and Meaning on a 1366×768 laptop."""
        if self._pending is not None:
            return
        window = self._window
        for orientation, areas, share, least in _FIRST_RUN_SHARES:
            docks = [dock for dock in self._areas
                     if window.dockWidgetArea(dock) in areas and dock.isVisible()]
            total = window.width() if orientation == Qt.Orientation.Horizontal else window.height()
            if docks:
                size = max(least, int(total * share))
                window.resizeDocks(docks, [size] * len(docks), orientation)
