"""Helpers for the View-menu tests: actions by accessible name, clipping, zoom reset."""

from __future__ import annotations

from tokenexplorer.ui.qt import QtGui, QtWidgets


def action(window: QtWidgets.QWidget, name: str) -> QtGui.QAction:
    """The one action of `window` called `name` (its object name, the accessible name
    screen readers announce for a menu item is its text without '&')."""
    found = [a for a in window.findChildren(QtGui.QAction)
             if a.objectName() == name or a.text().replace("&", "") == name]
    found = list(dict.fromkeys(found))
    assert len(found) == 1, f"expected one action {name!r}, found {len(found)}"
    return found[0]


def _scrolled(widget: QtWidgets.QWidget) -> bool:
    """Inside a scroll area's viewport: clipping there is scrolling, not a defect."""
    parent = widget.parentWidget()
    while parent is not None:
        grand = parent.parentWidget()
        if isinstance(grand, QtWidgets.QAbstractScrollArea) and grand.viewport() is parent:
            return True
        parent = grand
    return False


def clipped_widgets(window: QtWidgets.QWidget) -> list[str]:
    """Every visible widget smaller than its minimum size hint (or, for wrapped text, than
    the height its text needs at its width): what a user would see cut off."""
    problems = []
    for widget in window.findChildren(QtWidgets.QWidget):
        if not widget.isVisible() or widget.isWindow() or _scrolled(widget):
            continue
        if isinstance(widget, QtWidgets.QSplitterHandle | QtWidgets.QScrollBar
                      | QtWidgets.QHeaderView) or widget.objectName().startswith("qt_scrollarea"):
            continue  # handles and scroll bars; a header's own hint is nonsense (68x68)
        if isinstance(widget, QtWidgets.QAbstractScrollArea):
            continue  # what does not fit scrolls
        if isinstance(widget, QtWidgets.QTabBar) and widget.count() == 0:
            continue  # the bar of tabbed docks that are all hidden: it shows nothing
        size = widget.size()
        minimum = widget.minimumSizeHint()
        name = widget.accessibleName() or widget.objectName() or type(widget).__name__
        texted = isinstance(widget, QtWidgets.QLabel | QtWidgets.QAbstractButton)
        text = widget.text() if texted else ""
        if minimum.isValid() and (size.width() < minimum.width()
                                  or size.height() < minimum.height()):
            problems.append(f"{name} {text[:30]!r}: {size.width()}x{size.height()} < "
                            f"minimum {minimum.width()}x{minimum.height()}")
            continue
        hint = widget.sizeHint()
        one_line = isinstance(widget, QtWidgets.QAbstractButton) or (
            isinstance(widget, QtWidgets.QLabel) and not widget.wordWrap())
        if one_line and hint.isValid() and size.width() < hint.width():
            problems.append(f"{name} {text[:30]!r}: {size.width()} px wide, its text "
                            f"needs {hint.width()}")
            continue
        if isinstance(widget, QtWidgets.QLabel) and widget.wordWrap() and widget.text():
            needed = widget.heightForWidth(size.width())
            if needed > size.height():
                problems.append(f"{name} {text[:30]!r}: {size.height()} px high, "
                                f"its text needs {needed}")
    return problems
