""""A file named … already exists": Replace, Keep both or Skip, optionally for all.

The core (aws.downloads) decides the names and asks through a callable; this module
is that callable's face. `OverwriteAsker` remembers "apply to all" for one download.
"""

from __future__ import annotations

from collections.abc import Callable

from tokenexplorer.aws.downloads import Choice, PlannedFile, keep_both_name
from tokenexplorer.aws.s3_errors import Cancelled
from tokenexplorer.ui.aws.shown import shown_key
from tokenexplorer.ui.qt import Qt, QtWidgets

# (choice, apply to the remaining conflicts too); None = cancel the download.
Answer = tuple[Choice, bool] | None
AskOne = Callable[[PlannedFile, int], Answer]


class OverwriteDialog(QtWidgets.QDialog):
    """One question about one file; `remaining` other conflicts follow it."""

    def __init__(self, item: PlannedFile, remaining: int,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("File already exists")
        self.setAccessibleName("File already exists dialog")
        self.answer: Answer = None
        text = QtWidgets.QLabel(
            f"A file named “{shown_key(item.target.name)}” already exists in "
            f"{shown_key(str(item.target.parent))}.\n\nDownloading "
            f"{shown_key(item.key)} can replace it, be saved beside it as "
            f"“{shown_key(keep_both_name(item.target).name)}”, or be skipped.")
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        text.setAccessibleName("Existing file")
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.apply_all = QtWidgets.QCheckBox(
            f"Do the same for the other {remaining} file{'s' * (remaining != 1)} "
            "that already exist")
        self.apply_all.setAccessibleName("Apply to all")
        self.apply_all.setVisible(remaining > 0)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addStretch(1)
        for label, choice in (("&Replace", Choice.REPLACE), ("&Keep both", Choice.KEEP_BOTH),
                              ("&Skip", Choice.SKIP)):
            button = QtWidgets.QPushButton(label)
            button.setAccessibleName(label.replace("&", ""))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
            buttons.addWidget(button)
            if choice is Choice.KEEP_BOTH:
                button.setDefault(True)  # Enter never destroys a file
                self.keep_both_button = button
        cancel = QtWidgets.QPushButton("Cancel download")
        cancel.setAccessibleName("Cancel download")
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        buttons.addWidget(cancel)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.apply_all)
        layout.addLayout(buttons)
        self.setMinimumWidth(440)

    def _choose(self, choice: Choice) -> None:
        self.answer = (choice, self.apply_all.isChecked())
        self.accept()


def ask_overwrite(parent: QtWidgets.QWidget, item: PlannedFile, remaining: int) -> Answer:
    dialog = OverwriteDialog(item, remaining, parent)
    dialog.exec()
    return dialog.answer


class OverwriteAsker:
    """The `decide` callable for downloads.resolve: asks per file until "apply to all";
    raises Cancelled when the user cancels the download."""

    def __init__(self, ask: AskOne, conflicts: int) -> None:
        self._ask = ask
        self._left = conflicts
        self._all: Choice | None = None

    def __call__(self, item: PlannedFile) -> Choice:
        self._left -= 1
        if self._all is not None:
            return self._all
        answer = self._ask(item, max(0, self._left))
        if answer is None:
            raise Cancelled("The download")
        choice, for_all = answer
        if for_all:
            self._all = choice
        return choice
