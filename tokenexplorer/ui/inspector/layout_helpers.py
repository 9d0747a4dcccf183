"""Small builders the inspector's layout is made of: labelled columns, named splitters."""

from __future__ import annotations

import json
from typing import Any

from tokenexplorer.ui import plain
from tokenexplorer.ui.qt import Qt, QtCore, QtGui, QtWidgets


def json_text(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def label(text: str, buddy: QtWidgets.QWidget) -> QtWidgets.QLabel:
    widget = plain.label(text)
    widget.setBuddy(buddy)
    return widget


def column(*widgets: QtWidgets.QWidget) -> QtWidgets.QWidget:
    holder = QtWidgets.QWidget()
    layout = QtWidgets.QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(4)
    for widget in widgets:
        layout.addWidget(widget)
    return holder


def splitter(orientation: Qt.Orientation, name: str,
             *widgets: QtWidgets.QWidget) -> QtWidgets.QSplitter:
    holder = QtWidgets.QSplitter(orientation)
    holder.setAccessibleName(name)
    holder.setChildrenCollapsible(False)
    for widget in widgets:
        holder.addWidget(widget)
    return holder


def separator(parent: QtCore.QObject) -> QtGui.QAction:
    action = QtGui.QAction(parent)
    action.setSeparator(True)
    return action


class VerticalScroll(QtWidgets.QScrollArea):
    """Scrolls its widget vertically only, and only when the widget's minimum height does not
    fit: as wide as the widget needs (never clipped at the right edge), otherwise exactly the
    viewport's size (a preferred height would scroll for nothing on a large screen)."""

    def __init__(self, widget: QtWidgets.QWidget, name: str) -> None:
        super().__init__()
        self.setAccessibleName(name)
        self.setWidgetResizable(False)  # sized by _fit: by the minimum, not the preferred size
        self.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(widget)
        widget.installEventFilter(self)
        self.viewport().installEventFilter(self)

    def minimumSizeHint(self) -> QtCore.QSize:
        widget = self.widget()
        if widget is None:
            return super().minimumSizeHint()
        inner = widget.minimumSizeHint()
        bar = self.verticalScrollBar().sizeHint().width()
        return QtCore.QSize(inner.width() + bar, min(inner.height(), 160))

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() in (QtCore.QEvent.Type.LayoutRequest, QtCore.QEvent.Type.Resize) and (
                watched is self.viewport() or event.type() == QtCore.QEvent.Type.LayoutRequest):
            self._fit()
        return super().eventFilter(watched, event)

    def _fit(self) -> None:
        widget, viewport = self.widget(), self.viewport().size()
        if widget is None:
            return
        height = max(viewport.height(), widget.minimumSizeHint().height())
        if widget.size() != QtCore.QSize(viewport.width(), height):
            widget.resize(viewport.width(), height)
