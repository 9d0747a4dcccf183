"""The tokens found in one input (an InitiateAuth response holds three): pick one to inspect."""

from __future__ import annotations

from collections.abc import Sequence

from tokenexplorer.ui import plain
from tokenexplorer.ui.qt import Qt, QtWidgets, Signal


class TokenList(QtWidgets.QListWidget):
    """Rows labelled by content kind and source: "ID token — IdToken field"."""

    token_chosen = Signal(int)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Found tokens")
        self.setAccessibleDescription("Tokens found in the input; choose one to inspect")
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.currentRowChanged.connect(self._on_row)
        self._filling = False

    def set_entries(self, labels: Sequence[str], tooltips: Sequence[str] = ()) -> None:
        self._filling = True
        try:
            self.clear()
            for row, label in enumerate(labels):
                item = QtWidgets.QListWidgetItem(label)
                if row < len(tooltips):
                    plain.set_tooltip(item, tooltips[row])
                item.setData(Qt.ItemDataRole.AccessibleTextRole, label)
                self.addItem(item)
            if labels:
                self.setCurrentRow(0)
        finally:
            self._filling = False

    def labels(self) -> list[str]:
        return [self.item(row).text() for row in range(self.count())]

    def _on_row(self, row: int) -> None:
        if not self._filling and row >= 0:
            self.token_chosen.emit(row)
