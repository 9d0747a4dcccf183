"""Coloured message boxes (errors, notices, notes) that read in light and dark palettes."""

from __future__ import annotations

from tokenexplorer.ui.qt import QtGui, QtWidgets
from tokenexplorer.ui.theme import message_colours


def style_box(label: QtWidgets.QLabel, kind: str, palette: QtGui.QPalette) -> None:
    """Background, text and border for `kind` ("error", "warning", "info") that suit the
    palette: dark text on a pale box in a light theme, light text on a dim one in a dark."""
    background, text = message_colours(kind, palette)
    border = QtGui.QColor(text)
    label.setStyleSheet(
        f"QLabel {{ color: {text.name()}; background: {background.name()};"
        f" border: 1px solid rgba({border.red()}, {border.green()}, {border.blue()}, 90);"
        " border-radius: 3px; padding: 6px; }"
    )


__all__ = ["style_box"]
