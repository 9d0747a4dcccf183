"""Running and finished transfers: a progress bar and a Cancel button for each.

There are a handful of transfers at a time, so one small widget per transfer is fine
(unlike the object list, which is a model). Each row follows a run_task Task.
"""

from __future__ import annotations

from typing import Any

from tokenexplorer.ui.aws.s3_models import human_size
from tokenexplorer.ui.qt import Qt, QtWidgets, Signal
from tokenexplorer.ui.tasks import Task

_SCALE = 1000  # progress bars count in permille: byte counts overflow a C int


class TransferRow(QtWidgets.QFrame):
    """One upload or download: what, how far, and a way to stop it."""

    def __init__(self, title: str, task: Task, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.task = task
        self.title = title
        self.outcome: str | None = None  # "done", "failed", "cancelled"
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        self.title_label = QtWidgets.QLabel(title)
        self.title_label.setAccessibleName("Transfer")
        self.bar = QtWidgets.QProgressBar()
        self.bar.setAccessibleName("Transfer progress")
        self.bar.setRange(0, 0)  # busy until the first progress report
        self.bar.setTextVisible(True)
        self.status = QtWidgets.QLabel("Starting…")
        self.status.setAccessibleName("Transfer status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cancel_button = QtWidgets.QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel")
        self.cancel_button.setToolTip(f"Stop: {title}")
        self.cancel_button.clicked.connect(self.cancel)
        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.title_label, 1)
        top.addWidget(self.cancel_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(top)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        task.progressed.connect(self._on_progress)
        task.succeeded.connect(self._on_succeeded)
        task.failed.connect(self._on_failed)

    def cancel(self) -> None:
        if self.outcome is None:
            self.task.cancel()
            self._finish("cancelled", "Cancelled: nothing partial was kept.")

    def _on_progress(self, value: Any) -> None:
        if self.outcome is not None:
            return
        done, total = value
        if total <= 0:
            return
        self.bar.setRange(0, _SCALE)
        self.bar.setValue(min(_SCALE, int(done * _SCALE / total)))
        self.status.setText(f"{human_size(done)} of {human_size(total)}")

    def _on_succeeded(self, result: Any) -> None:
        count = len(result) if isinstance(result, (list, tuple)) else None
        self.bar.setRange(0, _SCALE)
        self.bar.setValue(_SCALE)
        files = f" ({count} file{'s' * (count != 1)})" if count else ""
        self._finish("done", f"Done{files}.")

    def _on_failed(self, exc: BaseException) -> None:
        if getattr(exc, "code", None) == "cancelled":
            self._finish("cancelled", "Cancelled: nothing partial was kept.")
            return
        message = getattr(exc, "message", None) or f"Failed ({type(exc).__name__})."
        self._finish("failed", str(exc) if hasattr(exc, "code") else message)

    def _finish(self, outcome: str, text: str) -> None:
        self.outcome = outcome
        self.status.setText(text)
        if outcome != "done":
            self.bar.setRange(0, _SCALE)
            self.bar.setFormat(f"{outcome} at %p%")
        self.cancel_button.setEnabled(False)
        self.cancel_button.hide()


class TransferList(QtWidgets.QWidget):
    """A column of TransferRows with "Clear finished"; hidden while empty."""

    finished = Signal(object)  # TransferRow

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Transfers")
        self.rows: list[TransferRow] = []
        header = QtWidgets.QHBoxLayout()
        header.addWidget(QtWidgets.QLabel("<b>Transfers</b>"), 1)
        self.clear_button = QtWidgets.QPushButton("Clear finished")
        self.clear_button.setAccessibleName("Clear finished transfers")
        self.clear_button.clicked.connect(self.clear_finished)
        header.addWidget(self.clear_button)
        holder = QtWidgets.QWidget()
        self._column = QtWidgets.QVBoxLayout(holder)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(4)
        self._column.addStretch(1)
        # Many transfers scroll instead of squeezing the object table.
        self.scroll = QtWidgets.QScrollArea()
        self.scroll.setWidget(holder)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.scroll.setMaximumHeight(180)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.scroll)
        self.hide()

    def add(self, title: str, task: Task) -> TransferRow:
        row = TransferRow(title, task, self)
        self.rows.append(row)
        self._column.insertWidget(self._column.count() - 1, row)  # above the stretch
        task.done.connect(lambda: self.finished.emit(row))
        self.show()
        return row

    def clear_finished(self) -> None:
        for row in [r for r in self.rows if r.outcome is not None]:
            self.rows.remove(row)
            self._column.removeWidget(row)
            row.deleteLater()
        self.setVisible(bool(self.rows))


__all__ = ["TransferList", "TransferRow"]
