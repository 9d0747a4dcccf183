"""View → Presenter mode (F6): large type, high contrast, only the panes in use.

For a projector: the zoom goes to at least 1.6x (zoom_steps.presenter_percent), the
palette to black on white (or white on black in a dark theme), and the docks, tool bars
and secondary panes are hidden. Leaving restores exactly what was there: geometry, dock
state, splitter sizes, hidden panes, palette and zoom (which presenter mode never writes
to the settings).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tokenexplorer import zoom_steps
from tokenexplorer.ui import theme
from tokenexplorer.ui.qt import QObject, Qt, QtCore, QtGui, QtWidgets, Signal
from tokenexplorer.ui.view_zoom import ViewZoom
from tokenexplorer.ui.zoom_fit import fit_window, lay_out_now

ACTION_NAME = "Presenter mode"


def high_contrast(palette: QtGui.QPalette) -> QtGui.QPalette:
    """Black on white (or white on black when `palette` is dark): the most a projector keeps."""
    role = QtGui.QPalette.ColorRole
    dark = theme.is_dark(palette)
    ink, paper = ("#ffffff", "#000000") if dark else ("#000000", "#ffffff")
    shade = "#1a1a1a" if dark else "#f0f0f0"
    contrast = QtGui.QPalette(palette)
    for colour_role, value in (
            (role.Window, paper), (role.Base, paper), (role.AlternateBase, shade),
            (role.Button, shade), (role.WindowText, ink), (role.Text, ink),
            (role.ButtonText, ink), (role.ToolTipBase, paper), (role.ToolTipText, ink),
            (role.Highlight, "#ffd400" if dark else "#0033aa"),
            (role.HighlightedText, "#000000" if dark else "#ffffff"),
            (role.Link, "#80c8ff" if dark else "#0033aa"),
            (role.PlaceholderText, "#c0c0c0" if dark else "#404040")):
        contrast.setColor(QtGui.QPalette.ColorGroup.Active, colour_role, QtGui.QColor(value))
        contrast.setColor(QtGui.QPalette.ColorGroup.Inactive, colour_role, QtGui.QColor(value))
    return contrast


@dataclass
class _Saved:
    """What presenter mode changed, to put back on leaving."""

    geometry: QtCore.QByteArray
    rect: QtCore.QRect  # restoreGeometry alone may shift a window to fit a screen
    state: QtCore.QByteArray
    zoom: int
    palette: QtGui.QPalette | None  # None: the window followed the application's
    splitters: list[tuple[QtWidgets.QSplitter, list[int]]] = field(default_factory=list)
    hidden: list[QtWidgets.QWidget] = field(default_factory=list)


class PresenterMode(QObject):
    """Enters and leaves presenter mode for one main window."""

    toggled = Signal(bool)

    def __init__(self, window: QtWidgets.QMainWindow, zoom: ViewZoom,
                 secondary: Sequence[QtWidgets.QWidget] = ()) -> None:
        """`secondary`: panes hidden while presenting (besides every dock and tool bar)."""
        super().__init__(window)
        self._window = window
        self._zoom = zoom
        self._secondary = list(secondary)
        self._saved: _Saved | None = None

    @property
    def active(self) -> bool:
        return self._saved is not None

    def set_active(self, active: bool) -> None:
        if active == self.active:
            return
        if active:
            self._enter()
        else:
            self._leave()
        self.toggled.emit(active)

    def _enter(self) -> None:
        window = self._window
        own_palette = window.testAttribute(Qt.WidgetAttribute.WA_SetPalette)
        saved = self._saved = _Saved(
            window.saveGeometry(), window.geometry(), window.saveState(), self._zoom.percent,
            QtGui.QPalette(window.palette()) if own_palette else None,
            [(s, s.sizes()) for s in window.findChildren(QtWidgets.QSplitter)])
        panes: list[QtWidgets.QWidget] = [*window.findChildren(QtWidgets.QDockWidget),
                                          *window.findChildren(QtWidgets.QToolBar),
                                          *self._secondary]
        for pane in panes:
            if pane.isVisibleTo(window):
                saved.hidden.append(pane)
                pane.hide()
        self._zoom.hold_setting(True)
        self._zoom.set_percent(zoom_steps.presenter_percent(saved.zoom), remember=False)
        window.setPalette(high_contrast(QtWidgets.QApplication.palette(window)))
        QtCore.QTimer.singleShot(0, self, self._fit)  # once the larger type is laid out

    def _fit(self) -> None:
        """Vertical splitters give each pane at least the height its content needs (a
        wrapped hint at 1.6x needs more lines), taken from the roomiest pane."""
        if self.active:
            fit_window(self._window)

    def _leave(self) -> None:
        saved, window = self._saved, self._window
        assert saved is not None
        self._saved = None
        if saved.palette is None:
            window.setPalette(QtGui.QPalette())
            window.setAttribute(Qt.WidgetAttribute.WA_SetPalette, False)
        else:
            window.setPalette(saved.palette)
        self._zoom.set_percent(saved.zoom, remember=False)
        self._zoom.hold_setting(False)
        for pane in saved.hidden:  # shown at the user's zoom: a combo box sizes itself then
            if not isinstance(pane, QtWidgets.QDockWidget):
                pane.show()
        window.restoreState(saved.state)
        window.restoreGeometry(saved.geometry)
        if not window.windowState() & (Qt.WindowState.WindowMaximized
                                       | Qt.WindowState.WindowFullScreen):
            window.setGeometry(saved.rect)
        splitters = saved.splitters

        def restore_splitters() -> None:
            lay_out_now(window)  # splitters keep sizes only once their own size is final
            for splitter, sizes in splitters:
                splitter.setSizes(sizes)

        restore_splitters()
        QtCore.QTimer.singleShot(0, self, restore_splitters)  # again, once docks are back


def add_presenter_action(menu: QtWidgets.QMenu, presenter: PresenterMode,
                         owner: QtWidgets.QWidget) -> QtGui.QAction:
    """View → Presenter mode (F6), checkable, in step with `presenter`."""
    action = menu.addAction("&Presenter mode")
    action.setObjectName(ACTION_NAME)
    action.setToolTip("Large type, high contrast, only the panes in use (F6 to leave)")
    action.setCheckable(True)
    action.setShortcut(QtGui.QKeySequence("F6"))
    action.toggled.connect(presenter.set_active)
    presenter.toggled.connect(action.setChecked)
    owner.addAction(action)
    return action


__all__ = ["ACTION_NAME", "PresenterMode", "add_presenter_action", "high_contrast"]
