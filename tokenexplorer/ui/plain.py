"""Untrusted text shown as text, never as HTML: the one helper every widget uses for it.

Qt guesses: a QLabel, a tooltip, an item's ToolTipRole or a QMessageBox whose text *looks*
like HTML is rendered as HTML. Claims, S3 keys, JSON keys, profile names and server errors
are written by others, so a guess would let them fake UI text, load local files as images
(`<img src="/dev/zero">` exhausts memory) or add links. Labels made here are plain text;
tooltips and model tooltips are escaped when Qt would guess HTML; rich text is only ever
built from `escape`d parts.
"""

from __future__ import annotations

import html
from typing import Any

from tokenexplorer.ui.qt import Qt, QtGui, QtWidgets

PLAIN = Qt.TextFormat.PlainText


def escape(text: Any) -> str:
    """Text made safe to put inside rich text we build ourselves."""
    return html.escape(str(text), quote=True)


def label(text: str = "", parent: QtWidgets.QWidget | None = None) -> QtWidgets.QLabel:
    """A QLabel that always shows its text as plain text, whatever it contains."""
    widget = QtWidgets.QLabel(parent)
    widget.setTextFormat(PLAIN)
    widget.setText(text)
    return widget


def tooltip(text: Any) -> str:
    """Text for setToolTip or ToolTipRole (which have no text-format setting): escaped
    into rich text exactly when Qt would otherwise guess the plain text is HTML."""
    if text is None:
        return ""
    text = str(text)
    if not QtGui.Qt.mightBeRichText(text):
        return text
    # pre-wrap keeps the spaces, tabs and line breaks HTML would otherwise collapse
    return f"<p style='white-space:pre-wrap'>{escape(text)}</p>"


def set_tooltip(target: Any, text: Any) -> None:
    """target.setToolTip(text) with the text shown as typed (widgets, actions, items)."""
    target.setToolTip(tooltip(text))


def button(text: str, name: str, tip: str = "") -> QtWidgets.QPushButton:
    """A push button with the accessible name tests and screen readers find it by, and a
    tooltip shown as typed when there is one."""
    widget = QtWidgets.QPushButton(text)
    widget.setAccessibleName(name)
    if tip:
        set_tooltip(widget, tip)
    return widget


def message_box(parent: QtWidgets.QWidget | None, icon: QtWidgets.QMessageBox.Icon, title: str,
                text: str, buttons: Any = QtWidgets.QMessageBox.StandardButton.Ok,
                default: Any = None) -> QtWidgets.QMessageBox:
    """A QMessageBox whose text and informative text are plain text."""
    box = QtWidgets.QMessageBox(icon, title, "", buttons, parent)
    box.setTextFormat(PLAIN)
    box.setText(text)
    if default is not None:
        box.setDefaultButton(default)
    return box


def ask(parent: QtWidgets.QWidget | None, title: str, question: str,
        buttons: Any = None, default: Any = None) -> Any:
    """QMessageBox.question with the question shown as plain text; the button pressed."""
    standard = QtWidgets.QMessageBox.StandardButton
    box = message_box(parent, QtWidgets.QMessageBox.Icon.Question, title, question,
                      buttons if buttons is not None else standard.Yes | standard.No, default)
    return box.exec()


def warn(parent: QtWidgets.QWidget | None, title: str, text: str) -> Any:
    """QMessageBox.warning with the text shown as plain text."""
    return message_box(parent, QtWidgets.QMessageBox.Icon.Warning, title, text).exec()


def plain_children(widget: QtWidgets.QWidget) -> None:
    """Make the labels a Qt dialog built itself (QInputDialog's prompt) plain text."""
    for child in widget.findChildren(QtWidgets.QLabel):
        child.setTextFormat(PLAIN)
