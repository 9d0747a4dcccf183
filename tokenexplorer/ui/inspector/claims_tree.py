"""The claims tree view: Name · Value · Meaning over the ClaimsModel, with its copy menu."""

from __future__ import annotations

from tokenexplorer.tokens.model import TreeNode
from tokenexplorer.ui.inspector.claims_model import NODE_ROLE, ClaimsModel
from tokenexplorer.ui.qt import Qt, QtWidgets


class ClaimsTree(QtWidgets.QTreeView):
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
        header.resizeSection(0, 170)
        header.resizeSection(1, 290)

    def current_node(self) -> TreeNode | None:
        index = self.currentIndex()
        return index.data(NODE_ROLE) if index.isValid() else None
