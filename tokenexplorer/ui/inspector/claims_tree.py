"""The claims tree view: Name · Value · Meaning over the ClaimsModel, with its copy menu."""

from __future__ import annotations

from tokenexplorer.tokens.model import TreeNode
from tokenexplorer.ui.inspector.claims_model import NODE_ROLE, ClaimsModel
from tokenexplorer.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal

NAME_WIDTH = 170  # pixels at most, while the columns follow the width (fit_columns)
VALUE_WIDTH = 300


class ClaimsTree(QtWidgets.QTreeView):
    copy_requested = Signal()  # Ctrl+C on the tree: copy the current row's value
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Claims tree")
        self.setAccessibleDescription("Header, payload and signature: Name, Value, Meaning")
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)  # the copy actions
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.claims_model = ClaimsModel(self)
        self.setModel(self.claims_model)
        header = self.header()
        header.setStretchLastSection(True)
        # Until the user drags a column (or a saved layout sets them), Name and Value share
        # the width so that part of Meaning always shows: fit_columns on every resize.
        self.auto_columns = True
        self._fitting = False
        header.sectionResized.connect(self._on_section_resized)
        self.fit_columns()

    def fit_columns(self) -> None:
        width = self.viewport().width()
        name = max(130, min(NAME_WIDTH, int(width * 0.28)))
        value = max(120, min(VALUE_WIDTH, int(width * 0.33)))
        self._fitting = True
        try:
            self.header().resizeSection(0, name)
            self.header().resizeSection(1, value)
        finally:
            self._fitting = False

    def _on_section_resized(self, index: int, _old: int, _new: int) -> None:
        if not self._fitting and index < 2 and self.isVisible():
            self.auto_columns = False

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.auto_columns:
            self.fit_columns()

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        if event.matches(QtGui.QKeySequence.StandardKey.Copy):
            self.copy_requested.emit()
            event.accept()
            return
        if (event.key() == Qt.Key.Key_F10
                and event.modifiers() == Qt.KeyboardModifier.ShiftModifier):
            self.show_context_menu()  # Shift+F10, like the Menu key
            event.accept()
            return
        super().keyPressEvent(event)

    def show_context_menu(self) -> QtWidgets.QMenu:
        """The copy menu at the current row (keyboard: Shift+F10 or the Menu key)."""
        rect = self.visualRect(self.currentIndex())
        point = rect.bottomLeft() if rect.isValid() else QtCore.QPoint(0, 0)
        menu = QtWidgets.QMenu(self)
        menu.setAccessibleName("Claims tree menu")
        menu.addActions(self.actions())
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.viewport().mapToGlobal(point))
        return menu

    def current_node(self) -> TreeNode | None:
        index = self.currentIndex()
        return index.data(NODE_ROLE) if index.isValid() else None
