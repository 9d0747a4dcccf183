"""Small builders the inspector's layout is made of: labelled columns, named splitters."""

from __future__ import annotations

import json
from typing import Any

from tokenexplorer.ui.qt import Qt, QtCore, QtGui, QtWidgets


def json_text(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def label(text: str, buddy: QtWidgets.QWidget) -> QtWidgets.QLabel:
    widget = QtWidgets.QLabel(text)
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
