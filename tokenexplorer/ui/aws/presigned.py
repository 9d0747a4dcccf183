"""The presigned URL just made, as selectable read-only text beside the note.

Copying to the clipboard alone left no way to see or re-copy the link; the field shows it
(select with the mouse or keyboard, Ctrl+C), hidden again when another listing starts.
"""

from __future__ import annotations

from tokenexplorer.ui.qt import QtWidgets


class PresignedUrlBox(QtWidgets.QWidget):
    """"Presigned URL: [https://… read-only]"; hidden until a URL is made."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = QtWidgets.QLineEdit()
        self.field.setReadOnly(True)
        self.field.setAccessibleName("Presigned URL")
        self.field.setToolTip("The link anyone can use to download the object until it "
                              "expires (already copied; select to copy again)")
        label = QtWidgets.QLabel("Presigned &URL:")
        label.setBuddy(self.field)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.field, 1)
        self.hide()

    def show_url(self, url: str) -> None:
        self.field.setText(url)
        self.field.setCursorPosition(0)
        self.show()

    def clear(self) -> None:
        self.field.clear()
        self.hide()
