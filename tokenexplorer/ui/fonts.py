"""Fonts that follow the window's zoom (ui/view_zoom.py)."""

from __future__ import annotations

from tokenexplorer.ui.qt import QtGui
from tokenexplorer.ui.view_zoom import current_percent


def fixed_font() -> QtGui.QFont:
    """The system's monospace font at the current zoom: a widget made after a zoom (a
    dialog opened later) starts at the zoomed size; a zoom change rescales it."""
    font = QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * current_percent() / 100)
    return font


__all__ = ["fixed_font"]
