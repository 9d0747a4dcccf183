"""The line under the input: what finding and decoding said, coloured by severity."""

from __future__ import annotations

from tokenexplorer.tokens.inspection import Message
from tokenexplorer.tokens.model import Severity
from tokenexplorer.ui import plain, theme
from tokenexplorer.ui.qt import Qt, QtGui, QtWidgets


class InputMessages:
    """Owns the "Input problem" label: one line per message, an error colours it red."""

    def __init__(self, owner: QtWidgets.QWidget) -> None:
        self._owner = owner  # its palette is the base (it follows light/dark changes)
        self.label = plain.label()
        self.label.setAccessibleName("Input problem")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setAutoFillBackground(True)
        self.label.setMargin(6)
        self.label.setVisible(False)
        self.severity = Severity.INFO  # of what is shown: picks the colours

    def show(self, messages: list[Message]) -> None:
        label = self.label
        if not messages:
            label.clear()
            label.setVisible(False)
            label.setAccessibleDescription("")
            return
        kinds = [kind for kind, _ in messages]
        self.severity = Severity.ERROR if Severity.ERROR in kinds else kinds[0]
        text = "\n".join(text for _, text in messages)
        label.setText(text)
        label.setAccessibleDescription(text)
        label.setVisible(True)
        self.apply_colours()

    def apply_colours(self) -> None:
        base = self._owner.palette()
        background, foreground = theme.message_colours(self.severity, base)
        palette = QtGui.QPalette(base)
        palette.setColor(QtGui.QPalette.ColorRole.Window, background)
        palette.setColor(QtGui.QPalette.ColorRole.WindowText, foreground)
        self.label.setPalette(palette)
