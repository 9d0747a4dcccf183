"""The line on the sign-up, confirm and reset pages that points a learner to the inbox.

A local sandbox delivers no mail: the code it would have sent is in the *Sandbox inbox*.
Shown only for an emulator profile; the button asks (through `open_requested`) for the
dock to open, whoever owns it.
"""

from __future__ import annotations

from tokenexplorer.ui import plain
from tokenexplorer.ui.cognito.widgets import helper_text
from tokenexplorer.ui.qt import QtWidgets, Signal

POINTER_TEXT = "The Sandbox inbox shows the mail Cognito would have sent, with its code."


class InboxPointer(QtWidgets.QWidget):
    """"… is in the Sandbox inbox." and an "Open Sandbox inbox" button."""

    open_requested = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Sandbox inbox hint")
        self.text = helper_text(POINTER_TEXT, "Where the code is")
        self.button = plain.button("Open Sandbox inbox", "Open Sandbox inbox",
                                   "Show the mail the sandbox's Cognito would have sent")
        self.button.setAutoDefault(False)  # Enter still submits the page's code
        self.button.clicked.connect(self.open_requested)
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(0, 4, 0, 0)
        row.addWidget(self.text, 1)
        row.addWidget(self.button)
