"""The checks beside the signature (exp, nbf, iat, iss, token_use, aud …) and the warnings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tokenexplorer.tokens.model import Check
from tokenexplorer.ui import plain, theme
from tokenexplorer.ui.qt import Qt, QtCore, QtGui, QtWidgets

if TYPE_CHECKING:
    from tokenexplorer.ui.inspector.claims_model import AnyIndex

COLUMNS = ("Check", "Result", "Detail")


@dataclass(frozen=True)
class CheckRow:
    name: str
    result: str  # "passed" / "failed" / "not run" / "warning"
    detail: str
    kind: str  # "ok" / "error" / "info" / "warning": picks the colour


def rows_for(checks: list[Check], warnings: list[str]) -> list[CheckRow]:
    rows = []
    for check in checks:
        if check.ok is True:
            rows.append(CheckRow(check.name, "passed", check.detail, "ok"))
        elif check.ok is False:
            rows.append(CheckRow(check.name, "failed", check.detail, "error"))
        else:
            rows.append(CheckRow(check.name, "not run", check.detail, "info"))
    rows.extend(CheckRow("warning", "warning", text, "warning") for text in warnings)
    return rows


class ChecksModel(QtCore.QAbstractTableModel):
    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CheckRow] = []
        self._palette = QtGui.QGuiApplication.palette()

    def set_report(self, checks: list[Check], warnings: list[str]) -> None:
        self.beginResetModel()
        self._rows = rows_for(checks, warnings)
        self.endResetModel()

    def clear(self) -> None:
        self.set_report([], [])

    def rows(self) -> list[CheckRow]:
        return list(self._rows)

    def set_palette(self, palette: QtGui.QPalette) -> None:
        self._palette = palette
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(COLUMNS) - 1))

    def rowCount(self, parent: AnyIndex = QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(COLUMNS)):
            return COLUMNS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        text = (row.name, row.result, row.detail)[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain.tooltip(f"{row.name}: {row.result}. {row.detail}")
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1:
            return QtGui.QBrush(theme.flag_colour(row.kind, self._palette))
        if role == Qt.ItemDataRole.FontRole and index.column() == 1 and row.kind == "error":
            font = QtGui.QFont()
            font.setBold(True)
            return font
        return None


class ChecksView(QtWidgets.QTreeView):
    """A flat list of checks; one row per check, the detail word-wrapped in its tooltip."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Checks")
        self.setAccessibleDescription("Claim checks beside the signature, and warnings")
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.checks_model = ChecksModel(self)
        self.setModel(self.checks_model)
        header = self.header()
        header.setStretchLastSection(True)
        header.resizeSection(0, 110)
        header.resizeSection(1, 80)

    def copy_current(self) -> str | None:
        index = self.currentIndex()
        if not index.isValid():
            return None
        row = self.checks_model.rows()[index.row()]
        return f"{row.name}: {row.result}. {row.detail}"
