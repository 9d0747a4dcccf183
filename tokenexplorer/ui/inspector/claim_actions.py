"""Copy and open actions on the shown token: only ever on an explicit user action.

One QAction each, in the claims tree's context menu and the window's Edit menu, so one
shortcut is shown in both (Ctrl+C on the tree copies the value too).
"""

from __future__ import annotations

from collections.abc import Callable

from tokenexplorer.tokens.inspection import FoundToken
from tokenexplorer.ui.inspector.claims_tree import ClaimsTree
from tokenexplorer.ui.inspector.layout_helpers import json_text, separator
from tokenexplorer.ui.qt import QObject, QtCore, QtGui, Signal


class ClaimActions(QObject):
    status_message = Signal(str)

    def __init__(self, tree: ClaimsTree, current: Callable[[], FoundToken | None]) -> None:
        super().__init__(tree)
        self._tree = tree
        self._current = current  # the token shown now
        self.copy_value_action = self._action("Copy &value", self.copy_value, "Ctrl+Shift+C")
        self.copy_header_action = self._action("Copy &header JSON", self.copy_header_json,
                                               "Ctrl+Shift+H")
        self.copy_payload_action = self._action("Copy &payload JSON", self.copy_payload_json,
                                                "Ctrl+Shift+P")
        self.copy_raw_action = self._action("Copy &raw token", self.copy_raw_token,
                                            "Ctrl+Shift+R")
        self.open_link_action = self._action("&Open explanation source", self.open_link)
        self.expand_action = self._action("&Expand all", tree.expandAll)
        self.collapse_action = self._action("C&ollapse all", tree.collapseAll)
        for action in (self.copy_value_action, self.copy_header_action, self.copy_payload_action,
                       self.copy_raw_action, separator(tree), self.open_link_action,
                       self.expand_action, self.collapse_action):
            tree.addAction(action)
        tree.copy_requested.connect(self.copy_value)

    def _action(self, text: str, slot: Callable[[], object],
                shortcut: str | None = None) -> QtGui.QAction:
        action = QtGui.QAction(text, self._tree)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(QtGui.QKeySequence(shortcut))
        return action

    def update(self) -> None:
        """Enable what applies to the token and row shown now."""
        current = self._current()
        token = current.token if current is not None else None
        node = self._tree.current_node()
        self.copy_value_action.setEnabled(node is not None)
        self.open_link_action.setEnabled(node is not None and bool(node.link))
        self.copy_header_action.setEnabled(token is not None)
        self.copy_payload_action.setEnabled(token is not None and token.payload is not None)
        self.copy_raw_action.setEnabled(current is not None)

    def copy_value(self) -> bool:
        node = self._tree.current_node()
        if node is None:
            self.status_message.emit("Select a row of the claims tree to copy its value")
            return False
        value = node.raw
        if value is None:
            text = node.value
        elif isinstance(value, str):
            text = value
        else:
            text = json_text(value)
        return self._copy(text, f"Copied the value of {node.name[:60]}")

    def open_link(self) -> bool:
        """Open the RFC / OIDC / AWS page that explains the selected row."""
        node = self._tree.current_node()
        if node is None or not node.link or not node.link.startswith("https://"):
            return False
        return QtGui.QDesktopServices.openUrl(QtCore.QUrl(node.link))

    def copy_header_json(self) -> bool:
        current = self._current()
        token = current.token if current is not None else None
        if token is None:
            return False
        return self._copy(json_text(token.header), "Copied the header as JSON")

    def copy_payload_json(self) -> bool:
        current = self._current()
        token = current.token if current is not None else None
        if token is None or token.payload is None:
            self.status_message.emit("No readable payload to copy (encrypted or not decoded)")
            return False
        return self._copy(json_text(token.payload), "Copied the payload as JSON")

    def copy_raw_token(self) -> bool:
        current = self._current()
        if current is None:
            return False
        return self._copy(current.candidate.raw, "Copied the raw token")

    def _copy(self, text: str, message: str) -> bool:
        QtGui.QGuiApplication.clipboard().setText(text)
        self.status_message.emit(message)
        return True
