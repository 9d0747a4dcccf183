"""The activity log panel: every AWS call the app made, newest last, secrets already redacted.

Rows come from `AppState.activity_added` (GUI thread). The details pane shows the redacted
request and response as JSON. Nothing is written to disk unless the user picks Export….
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from tokenexplorer.activity import ActivityEntry
from tokenexplorer.activity_masking import export_entries_json
from tokenexplorer.ui import plain
from tokenexplorer.ui.cognito.widgets import set_tone, tone_colour
from tokenexplorer.ui.fonts import fixed_font
from tokenexplorer.ui.masking_view import MaskingView
from tokenexplorer.ui.qt import QObject, Qt, QtCore, QtGui, QtWidgets

if TYPE_CHECKING:
    from tokenexplorer.ui.state import AppState

_TIP_TEXT = int(Qt.ItemDataRole.UserRole) + 700  # a cell's tooltip as plain text

COLUMNS = ("Time", "Operation", "Endpoint", "Duration", "Outcome")

Index = QtCore.QModelIndex | QtCore.QPersistentModelIndex  # what Qt passes to a model
_ROOT = QtCore.QModelIndex()


class ActivityModel(QtCore.QAbstractTableModel):
    """A table of ActivityEntry rows (already redacted by the activity log), shown through
    the window's masking (masked copies made once per row, dropped on a switch)."""

    def __init__(self, parent: QObject | None = None,
                 masking: MaskingView | None = None) -> None:
        super().__init__(parent)
        self._entries: list[ActivityEntry] = []
        self.masking = masking or MaskingView(self)
        self._masked: dict[int, ActivityEntry] = {}  # row -> its masked copy
        self.masking.changed.connect(self._masking_changed)

    def _masking_changed(self, _masked: bool) -> None:
        self._masked.clear()
        if self._entries:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._entries) - 1,
                                                               len(COLUMNS) - 1))

    def shown_entry(self, row: int) -> ActivityEntry | None:
        """The entry of `row` as shown: masked while masking is on."""
        entry = self.entry(row)
        if entry is None or not self.masking.enabled:
            return entry
        masked = self._masked.get(row)
        if masked is None:
            masked = self._masked[row] = self.masking.entry(entry)
        return masked

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(COLUMNS)):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self.shown_entry(index.row()) or self._entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain.tooltip(self.data(index, _TIP_TEXT))
        if role in (Qt.ItemDataRole.DisplayRole, _TIP_TEXT):
            if column == 0:
                return entry.time.astimezone().strftime("%H:%M:%S")
            if column == 1:
                return entry.operation if role == Qt.ItemDataRole.DisplayRole else (
                    f"{entry.service} {entry.operation}")
            if column == 2:
                if role == _TIP_TEXT:
                    return entry.endpoint
                return urlsplit(entry.endpoint).netloc or entry.endpoint
            if column == 3:
                return f"{entry.duration_ms:.0f} ms"
            if column == 4:
                return entry.outcome
        if role == Qt.ItemDataRole.ForegroundRole and column == 4:
            return QtGui.QBrush(QtGui.QColor(tone_colour("ok" if entry.ok else "error")))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def entry(self, row: int) -> ActivityEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def entries(self) -> list[ActivityEntry]:
        return list(self._entries)

    def append(self, entry: ActivityEntry) -> None:
        row = len(self._entries)
        self.beginInsertRows(QtCore.QModelIndex(), row, row)
        self._entries.append(entry)
        self.endInsertRows()

    def reset_to(self, entries: list[ActivityEntry]) -> None:
        self.beginResetModel()
        self._masked.clear()
        self._entries = list(entries)
        self.endResetModel()


def entry_details(entry: ActivityEntry) -> str:
    """The details pane text: what was asked and what came back, as JSON."""
    head = (f"{entry.service} {entry.operation}  →  {entry.outcome}\n"
            f"{entry.endpoint}\n{entry.time.isoformat()}  ({entry.duration_ms:.0f} ms)")
    request = json.dumps(entry.request, indent=2, ensure_ascii=False, default=str)
    response = json.dumps(entry.response, indent=2, ensure_ascii=False, default=str)
    return f"{head}\n\nRequest\n{request}\n\nResponse\n{response}\n"


class ActivityPanel(QtWidgets.QWidget):
    """Table + details; Clear and Export… buttons."""

    def __init__(self, state: AppState, parent: QtWidgets.QWidget | None = None,
                 masking: MaskingView | None = None) -> None:
        """`masking`: the window's (PanelHost.masking): rows, details and exports follow it."""
        super().__init__(parent)
        self.state = state
        self.model = ActivityModel(self, masking)
        self.table = self._build_table()
        self.details = self._build_details()
        self.clear_button = QtWidgets.QPushButton("Clear")
        self.clear_button.setAccessibleName("Clear activity log")
        self.export_button = QtWidgets.QPushButton("Export…")
        self.export_button.setAccessibleName("Export activity log")
        self.count_label = plain.label()
        self._lay_out()

        self.table.selectionModel().currentRowChanged.connect(self._show_details)
        self.clear_button.clicked.connect(self.clear)
        self.export_button.clicked.connect(self._ask_export)
        self.model.rowsInserted.connect(self._update_count)
        self.model.modelReset.connect(self._update_count)
        self.model.dataChanged.connect(lambda *_: self._show_details(self.table.currentIndex()))
        state.activity_added.connect(self._add)
        state.activity_cleared.connect(self._cleared)
        initial = state.activity.entries()
        # Entries recorded before this panel existed may still be queued for delivery.
        self._initial_ids = {id(entry) for entry in initial}
        self.model.reset_to(initial)

    def _build_table(self) -> QtWidgets.QTableView:
        table = QtWidgets.QTableView()
        table.setAccessibleName("Activity log")
        table.setModel(self.model)
        table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((0, 70), (1, 190), (2, 120), (3, 70)):
            table.setColumnWidth(column, width)
        return table

    @staticmethod
    def _build_details() -> QtWidgets.QPlainTextEdit:
        details = QtWidgets.QPlainTextEdit()
        details.setReadOnly(True)
        details.setAccessibleName("Activity details")
        details.setPlaceholderText("Select a call to see its (redacted) request and response.")
        details.setFont(fixed_font())
        return details

    def _lay_out(self) -> None:
        note = plain.label("Passwords, secrets, codes and tokens are redacted. "
                           "Kept in memory only.")
        set_tone(note, "muted")
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.count_label)
        buttons.addWidget(note, 1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.export_button)
        splitter = QtWidgets.QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

    def sizeHint(self) -> QtCore.QSize:
        # A strip at the bottom (≈150 px with the dock title), not a quarter of a laptop screen.
        return QtCore.QSize(900, 130)

    def _add(self, entry: ActivityEntry) -> None:
        if self._initial_ids and id(entry) in self._initial_ids:
            self._initial_ids.discard(id(entry))
            return
        bar = self.table.verticalScrollBar()
        at_bottom = bar.value() >= bar.maximum()
        self.model.append(entry)
        if at_bottom:
            self.table.scrollToBottom()

    def _update_count(self, *_: object) -> None:
        count = self.model.rowCount()
        self.count_label.setText(f"{count} call{'s' if count != 1 else ''}")
        self.export_button.setEnabled(count > 0)
        self.clear_button.setEnabled(count > 0)

    def _show_details(self, current: QtCore.QModelIndex,
                      _previous: QtCore.QModelIndex | None = None) -> None:
        entry = self.model.shown_entry(current.row()) if current.isValid() else None
        self.details.setPlainText(entry_details(entry) if entry else "")

    def clear(self) -> None:
        self.state.clear_activity()  # tells _cleared, and every other view of the log

    def _cleared(self) -> None:
        self._initial_ids.clear()
        self.model.reset_to([])
        self.details.clear()

    def select_entry(self, entry: ActivityEntry) -> bool:
        """Select the row of this very entry (e.g. an arrow clicked in the sequence
        diagram), scrolled into view with its details shown; False when it is not listed."""
        for row, listed in enumerate(self.model.entries()):
            if listed is entry:
                index = self.model.index(row, 1)
                self.table.selectionModel().setCurrentIndex(
                    index, QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QtCore.QItemSelectionModel.SelectionFlag.Rows)
                self.table.scrollTo(index)
                return True
        return False

    def _ask_export(self) -> None:
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, "Export activity log", "tokenexplorer-activity.json", "JSON (*.json)"
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Write the (redacted) log as JSON to `path`; called only on the user's request."""
        try:
            if self.model.masking.enabled:  # what is shown is what is written
                export_entries_json([e for row in range(self.model.rowCount())
                                     if (e := self.model.shown_entry(row)) is not None], path)
            else:
                self.state.activity.export_json(path)
        except OSError as exc:
            plain.warn(
                self, "Export failed", f"The activity log could not be written to {path}: "
                f"{exc.strerror or type(exc).__name__}."
            )
            return
        self.state.status_message.emit(f"Activity log exported to {path}")
