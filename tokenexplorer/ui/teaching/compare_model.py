"""The Compare view's table: a title row per section, then one row per name.

The rows are the core's (tokens/comparison.Row), already bounded and made visible; this
model only adds colour, always next to the status in words (never colour alone).
"""

from __future__ import annotations

from typing import Any

from tokenexplorer.tokens.comparison import Row
from tokenexplorer.ui import plain, theme
from tokenexplorer.ui.qt import Qt, QtCore, QtGui

COLUMNS = ("Status", "Claim", "Token A", "Token B", "Difference")
FLAG = {"added": "ok", "removed": "error", "changed": "warning"}  # theme.flag_colour names
AnyIndex = QtCore.QModelIndex | QtCore.QPersistentModelIndex
Entry = Row | str  # a str is a section title ("Header", "Payload")


class CompareModel(QtCore.QAbstractTableModel):
    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[Entry] = []
        self._palette = QtGui.QGuiApplication.palette()

    def set_rows(self, rows: list[Row]) -> None:
        """Rows in header-then-payload order; a title row is put before each section."""
        entries: list[Entry] = []
        for row in rows:
            if not entries or (isinstance(entries[-1], Row)
                               and entries[-1].section != row.section):
                entries.append(row.section)
            entries.append(row)
        self.beginResetModel()
        self._entries = entries
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def rows(self) -> list[Row]:
        """The claim rows shown (no titles): what tests read."""
        return [entry for entry in self._entries if isinstance(entry, Row)]

    def entry(self, row: int) -> Entry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def is_title(self, row: int) -> bool:
        return isinstance(self.entry(row), str)

    def set_palette(self, palette: QtGui.QPalette) -> None:
        self._palette = palette
        if self._entries:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._entries) - 1, len(COLUMNS) - 1))

    def rowCount(self, parent: AnyIndex = QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: AnyIndex = QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(COLUMNS)):
            return COLUMNS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None:
            return None
        if isinstance(entry, str):
            return self._title_data(entry, index.column(), role)
        text = (entry.marker, entry.name, entry.a, entry.b, entry.note)[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            full = (entry.marker, entry.name, entry.full_a, entry.full_b, entry.note)
            return plain.tooltip(full[index.column()][:2000])
        flag = FLAG.get(entry.status)
        if role == Qt.ItemDataRole.ForegroundRole and flag and index.column() in (0, 1):
            return QtGui.QBrush(theme.flag_colour(flag, self._palette))
        if role == Qt.ItemDataRole.FontRole and flag and index.column() == 0:
            font = QtGui.QFont()
            font.setBold(True)
            return font
        return None

    @staticmethod
    def _title_data(title: str, column: int, role: int) -> Any:
        if column != 0:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return title
        if role == Qt.ItemDataRole.FontRole:
            font = QtGui.QFont()
            font.setBold(True)
            return font
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if self.is_title(index.row()):
            return Qt.ItemFlag.ItemIsEnabled
        return super().flags(index)


__all__ = ["COLUMNS", "CompareModel"]
