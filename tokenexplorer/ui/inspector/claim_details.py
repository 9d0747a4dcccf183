"""The selected claim in full: name, value, meaning, source link and why it is flagged.

The tree's Meaning column is cut to its width and its tooltip needs a mouse; this pane shows
the same words for the current row as selectable text, reachable with the keyboard (Tab
into it, arrows to read, Tab again to reach the source link, Enter to open it).
"""

from __future__ import annotations

from tokenexplorer.tokens.model import TreeNode
from tokenexplorer.ui import plain, theme
from tokenexplorer.ui.inspector.claims_model import flag_reason
from tokenexplorer.ui.palette_follow import follow_palette
from tokenexplorer.ui.qt import Qt, QtWidgets

VALUE_LIMIT = 2000  # characters of a value shown here; Copy value copies it whole
EMPTY_TEXT = "Select a row of the claims tree to read it in full here."


class ClaimDetails(QtWidgets.QTextBrowser):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Claim details")
        self.setReadOnly(True)
        self.setOpenExternalLinks(False)  # opened by open_link: https only, never file:
        self.setOpenLinks(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setTabChangesFocus(True)
        self.anchorClicked.connect(self._open)
        self.setPlaceholderText(EMPTY_TEXT)  # no document built before the first paint
        self.setAccessibleDescription(EMPTY_TEXT)
        self._node: TreeNode | None = None
        # Rich text fixes its link colour when it is set: written again on a palette switch.
        follow_palette(self, lambda: self.show_node(self._node) if self._node else None)

    def show_node(self, node: TreeNode | None) -> None:
        self._node = node
        if node is None:
            if not self.document().isEmpty():
                self.clear()
            self.setAccessibleDescription(EMPTY_TEXT)
            return
        value = node.value
        note = ""
        if len(value) > VALUE_LIMIT:
            note = (f"Shown: the first {VALUE_LIMIT:,} of {len(value):,} characters. "
                    "Copy value (Ctrl+C in the tree) copies it whole.")
            value = value[:VALUE_LIMIT] + "…"
        parts = [f"<b>{plain.escape(node.name)}</b> = "
                 f"<span style='white-space: pre-wrap'><tt>{plain.escape(value)}</tt></span>"]
        if note:
            parts.append(f"<i>{plain.escape(note)}</i>")
        if node.meaning:
            parts.append(plain.escape(node.meaning))
        reason = flag_reason(node)
        if reason:
            flag = plain.escape(str(node.flag).capitalize())
            parts.append(f"<b>{flag}:</b> {plain.escape(reason)}")
        if node.link and node.link.startswith("https://"):
            link = plain.escape(node.link)
            colour = theme.link_colour(self.palette()).name()
            parts.append(f"Source: <a href='{link}' style='color: {colour}'>{link}</a>")
        self.setHtml("".join(f"<p style='margin: 0 0 4px 0'>{part}</p>" for part in parts))
        self.setAccessibleDescription(self.toPlainText()[:500])

    def _open(self, url) -> None:
        from tokenexplorer.ui.qt import QtGui

        if url.scheme() == "https":
            QtGui.QDesktopServices.openUrl(url)
