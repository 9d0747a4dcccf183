"""The dialog shown when the app meets an error it did not expect (see ui/crash.py).

Plain words first, then the details (already redacted) in a read-only box the user can
copy on purpose; Continue keeps working, Quit leaves."""

from __future__ import annotations

from tokenexplorer.ui.fonts import fixed_font
from tokenexplorer.ui.qt import Qt, QtWidgets, Signal

SUMMARY = (
    "Token Explorer ran into a problem it did not expect. You can continue, but something "
    "may not work as it should; if it keeps happening, quit and start it again.\n\n"
    "The details below have tokens, passwords and secrets removed. They are also written "
    "to the log file{where}. Copy them if you want to report the problem."
)


class CrashDialog(QtWidgets.QDialog):
    """One dialog for all crashes of a session: later ones are appended to the details."""

    quit_requested = Signal()

    def __init__(self, details: str, log_file: str | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Token Explorer: unexpected error")
        self.setAccessibleName("Unexpected error")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.resize(720, 480)
        layout = QtWidgets.QVBoxLayout(self)
        summary = QtWidgets.QLabel(SUMMARY.format(where=f" ({log_file})" if log_file else ""))
        summary.setTextFormat(Qt.TextFormat.PlainText)
        summary.setWordWrap(True)
        summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        summary.setAccessibleName("What happened")
        layout.addWidget(summary)
        self.details = QtWidgets.QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QtWidgets.QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.details.setFont(fixed_font())
        self.details.setAccessibleName("Error details")
        layout.addWidget(self.details, 1)
        layout.addLayout(self._buttons())

    def _buttons(self) -> QtWidgets.QHBoxLayout:
        row = QtWidgets.QHBoxLayout()
        self.copy_button = QtWidgets.QPushButton("&Copy details")
        self.copy_button.setAccessibleName("Copy details")
        self.copy_button.clicked.connect(self.copy_details)
        row.addWidget(self.copy_button)
        row.addStretch(1)
        quit_button = QtWidgets.QPushButton("&Quit")
        quit_button.setAccessibleName("Quit Token Explorer")
        quit_button.clicked.connect(self._quit)
        row.addWidget(quit_button)
        continue_button = QtWidgets.QPushButton("C&ontinue")
        continue_button.setAccessibleName("Continue")
        continue_button.setDefault(True)
        continue_button.clicked.connect(self.accept)
        row.addWidget(continue_button)
        continue_button.setFocus()
        return row

    def add_details(self, details: str) -> None:
        """Another crash while the dialog is open: keep every report."""
        self.details.appendPlainText("\n" + "-" * 60 + "\n" + details)

    def copy_details(self) -> None:
        QtWidgets.QApplication.clipboard().setText(self.details.toPlainText())
        self.copy_button.setText("Copied")

    def _quit(self) -> None:
        self.quit_requested.emit()
        self.reject()
