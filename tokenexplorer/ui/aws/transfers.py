"""Running and finished transfers: one compact line each, with progress and Cancel.

There are a handful of transfers at a time, so one small widget per transfer is fine
(unlike the object list, which is a model). Each row follows a run_task Task. The list
grows with its rows (the newest on top) up to a few lines, then scrolls; finished rows
stay until removed one by one or with "Clear finished".
"""

from __future__ import annotations

from collections.abc import Callable

from tokenexplorer.aws.s3_errors import Cancelled
from tokenexplorer.aws.s3_types import human_size
from tokenexplorer.ui import plain
from tokenexplorer.ui.aws.shown import shown, shown_key
from tokenexplorer.ui.errors import error_text
from tokenexplorer.ui.qt import Qt, QtWidgets, Signal
from tokenexplorer.ui.tasks import Task

_SCALE = 1000  # progress bars count in permille: byte counts overflow a C int
VISIBLE_ROWS = 4  # rows shown before the list scrolls


class TransferRow(QtWidgets.QFrame):
    """One upload or download: what, how far, and a way to stop it (or remove it once
    finished)."""

    removed = Signal(object)  # this row, after "Remove"

    def show_title(self, mask: Callable[[str], str]) -> None:
        """The title (it names keys) through `mask` (View → Mask personal data)."""
        self.title_label.setText(mask(self.title))
        plain.set_tooltip(self.title_label, mask(self.title))

    def __init__(self, title: str, task: Task, parent: QtWidgets.QWidget | None = None,
                 mask: Callable[[str], str] = str) -> None:
        super().__init__(parent)
        self.task = task
        title = shown_key(title)  # names keys: escaped like claims
        self.title = title
        self.outcome: str | None = None  # "done", "failed", "cancelled"
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        self.title_label = plain.label()
        self.title_label.setAccessibleName("Transfer")
        self.show_title(mask)
        self.title_label.setMinimumWidth(80)
        self.title_label.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored,
                                       QtWidgets.QSizePolicy.Policy.Preferred)
        self.bar = QtWidgets.QProgressBar()
        self.bar.setAccessibleName("Transfer progress")
        self.bar.setRange(0, 0)  # busy until the first progress report
        self.bar.setTextVisible(True)
        self.bar.setFixedWidth(self.fontMetrics().horizontalAdvance("cancelled at 100%") + 40)
        self.status = plain.label("Starting…")
        self.status.setAccessibleName("Transfer status")
        self.status.setMinimumWidth(self.fontMetrics().horizontalAdvance("999.9 MiB of 999.9 MiB"))
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail = plain.label()  # a failure's explanation, below the line
        self.detail.setAccessibleName("Transfer error")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.hide()
        self.cancel_button = QtWidgets.QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel")
        plain.set_tooltip(self.cancel_button, f"Stop: {title}")
        self.cancel_button.clicked.connect(self.cancel)
        self.remove_button = QtWidgets.QToolButton()
        self.remove_button.setText("Remove")
        self.remove_button.setAccessibleName("Remove transfer")
        plain.set_tooltip(self.remove_button,
                          f"Remove this finished transfer from the list: {title}")
        self.remove_button.clicked.connect(lambda: self.removed.emit(self))
        self.remove_button.hide()
        line = QtWidgets.QHBoxLayout()
        line.addWidget(self.title_label, 1)
        line.addWidget(self.bar)
        line.addWidget(self.status)
        line.addWidget(self.cancel_button)
        line.addWidget(self.remove_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(2)
        layout.addLayout(line)
        layout.addWidget(self.detail)
        task.progressed.connect(self._on_progress)
        task.succeeded.connect(self._on_succeeded)
        task.failed.connect(self._on_failed)

    def cancel(self) -> None:
        if self.outcome is None:
            self.task.cancel()
            self._finish("cancelled", "Cancelled: nothing partial was kept.")

    def _on_progress(self, value: tuple[int, int]) -> None:
        if self.outcome is not None:
            return
        done, total = value
        if total <= 0:
            return
        self.bar.setRange(0, _SCALE)
        self.bar.setValue(min(_SCALE, int(done * _SCALE / total)))
        self.status.setText(f"{human_size(done)} of {human_size(total)}")

    def _on_succeeded(self, result: object) -> None:
        count = len(result) if isinstance(result, list | tuple) else None
        self.bar.setRange(0, _SCALE)
        self.bar.setValue(_SCALE)
        files = f" ({count} file{'s' * (count != 1)})" if count else ""
        self._finish("done", f"Done{files}.")

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self._finish("cancelled", "Cancelled: nothing partial was kept.")
            return
        self._finish("failed", "Failed.")
        self.detail.setText(shown(error_text(exc)))
        self.detail.show()

    def _finish(self, outcome: str, text: str) -> None:
        self.outcome = outcome
        self.status.setText(text)
        if outcome != "done":
            self.bar.setRange(0, _SCALE)
            self.bar.setValue(max(0, self.bar.value()))  # never-started bars show 0 %
            self.bar.setFormat(f"{outcome} at %p%")
        self.cancel_button.setEnabled(False)
        self.cancel_button.hide()
        self.remove_button.show()


class TransferList(QtWidgets.QWidget):
    """TransferRows, newest on top, with "Clear finished"; hidden while empty."""

    finished = Signal(object)  # TransferRow

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Transfers")
        self.rows: list[TransferRow] = []  # oldest first
        self.mask_text: Callable[[str], str] = str  # View → Mask personal data sets it
        header = QtWidgets.QHBoxLayout()
        self.heading = QtWidgets.QLabel("<b>Transfers</b>")
        header.addWidget(self.heading, 1)
        self.clear_button = QtWidgets.QPushButton("Clear finished")
        self.clear_button.setAccessibleName("Clear finished transfers")
        self.clear_button.setToolTip("Remove the finished, failed and cancelled transfers")
        self.clear_button.clicked.connect(self.clear_finished)
        header.addWidget(self.clear_button)
        holder = QtWidgets.QWidget()
        self._column = QtWidgets.QVBoxLayout(holder)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(2)
        self._column.addStretch(1)
        # Beyond VISIBLE_ROWS the list scrolls instead of squeezing the object table.
        self.scroll_area = QtWidgets.QScrollArea()
        self.scroll_area.setWidget(holder)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.scroll_area)
        self.hide()

    def add(self, title: str, task: Task) -> TransferRow:
        row = TransferRow(title, task, self, self.mask_text)
        self.rows.append(row)
        self._column.insertWidget(0, row)  # the newest on top, always in view
        row.removed.connect(self._remove)
        task.done.connect(lambda: self._on_done(row))
        self._update()
        self.show()
        return row

    def render_again(self) -> None:
        """Every title drawn again (masking was switched)."""
        for row in self.rows:
            row.show_title(self.mask_text)

    def clear_finished(self) -> None:
        for row in [r for r in self.rows if r.outcome is not None]:
            self._take(row)
        self._update()

    def _on_done(self, row: TransferRow) -> None:
        self._update()
        self.finished.emit(row)

    def _remove(self, row: TransferRow) -> None:
        if row in self.rows:
            self._take(row)
            self._update()

    def _take(self, row: TransferRow) -> None:
        self.rows.remove(row)
        self._column.removeWidget(row)
        row.hide()
        row.deleteLater()

    def _update(self) -> None:
        """Height follows the rows up to VISIBLE_ROWS; the heading counts them."""
        self.setVisible(bool(self.rows))
        running = sum(1 for r in self.rows if r.outcome is None)
        finished = len(self.rows) - running
        self.clear_button.setEnabled(finished > 0)
        parts = [f"{running} running"] if running else []
        parts += [f"{finished} finished"] if finished else []
        self.heading.setText("<b>Transfers</b>" + (f" ({', '.join(parts)})" if parts else ""))
        heights = [r.sizeHint().height() for r in reversed(self.rows)][:VISIBLE_ROWS]
        spacing = self._column.spacing() * max(0, len(heights) - 1)
        self.scroll_area.setFixedHeight(sum(heights) + spacing + 2 if heights else 0)


__all__ = ["TransferList", "TransferRow"]
