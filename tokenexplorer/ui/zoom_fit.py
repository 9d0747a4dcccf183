"""After the type grows (a zoom, presenter mode): panes given the room their content needs.

Splitters keep their pixel sizes when fonts change, so a wrapped hint at 150 % is cut off;
side docks keep their width, so a dock's buttons are. `fit_window` grows each pane that
is now too small, from its roomiest neighbour, never below a usable size for the rest.
"""

from __future__ import annotations

from tokenexplorer.ui.qt import Qt, QtWidgets

DONOR_LEAST = 80  # pixels a pane giving room keeps at least
DOCK_SHARE = 0.45  # a side dock never takes more than this of the window's width


def lay_out_now(window: QtWidgets.QWidget) -> None:
    """Apply every pending layout at once, outermost first."""
    for widget in (window, *window.findChildren(QtWidgets.QWidget)):
        layout = widget.layout()
        if layout is not None and widget.isVisible():
            layout.activate()


def needed_height(widget: QtWidgets.QWidget) -> int:
    """The height `widget` needs at its width (a wrapped label needs more lines when narrow)."""
    if isinstance(widget, QtWidgets.QSplitter) and \
            widget.orientation() == Qt.Orientation.Horizontal:
        return max((needed_height(w) for i in range(widget.count())
                    if (w := widget.widget(i)) is not None and w.isVisible()), default=0)
    layout = widget.layout()
    if layout is not None and layout.hasHeightForWidth():
        margins = layout.contentsMargins()
        needed = layout.minimumHeightForWidth(widget.width()) + margins.top() + margins.bottom()
        return max(needed + max(layout.spacing(), 0), widget.minimumHeight())
    return max(widget.minimumSizeHint().height(), widget.minimumHeight())


def fit_splitter(splitter: QtWidgets.QSplitter) -> None:
    """Grow the panes of a vertical splitter shorter than they need, from the tallest."""
    sizes = splitter.sizes()
    children = [splitter.widget(i) for i in range(splitter.count())]
    for index, child in enumerate(children):
        if child is None or not child.isVisible() or isinstance(child,
                                                                QtWidgets.QAbstractScrollArea):
            continue
        short = needed_height(child) - sizes[index]
        donor = max(range(len(sizes)), key=lambda i: sizes[i] if i != index else -1)
        if short > 0 and donor != index and sizes[donor] - short > DONOR_LEAST:
            sizes[index] += short
            sizes[donor] -= short
    splitter.setSizes(sizes)


def _fit_side_docks(window: QtWidgets.QMainWindow) -> None:
    """A left/right dock whose content is now wider than the dock gets that width."""
    side = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)
    for dock in window.findChildren(QtWidgets.QDockWidget):
        if not dock.isVisible() or dock.isFloating() or window.dockWidgetArea(dock) not in side:
            continue
        content: QtWidgets.QWidget | None = dock.widget()
        if isinstance(content, QtWidgets.QScrollArea):
            content = content.widget()  # the scrolled content says what it needs
        if content is None:
            continue
        wanted = min(content.minimumSizeHint().width() + 24, int(window.width() * DOCK_SHARE))
        if wanted > dock.width():
            window.resizeDocks([dock], [wanted], Qt.Orientation.Horizontal)


def fit_window(window: QtWidgets.QMainWindow) -> None:
    """Every vertical splitter and side dock of `window` fitted to its content now."""
    lay_out_now(window)
    _fit_side_docks(window)
    lay_out_now(window)
    for splitter in window.findChildren(QtWidgets.QSplitter):
        if splitter.orientation() == Qt.Orientation.Vertical and splitter.isVisible():
            fit_splitter(splitter)


__all__ = ["fit_splitter", "fit_window", "lay_out_now", "needed_height"]
