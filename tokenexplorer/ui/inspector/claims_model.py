"""The claims tree as a Qt item model over the core's TreeNodes (Name · Value · Meaning).

The core decides every word; this model only maps TreeNodes to rows. Long values are cut
for display (painting a 2 MB string would freeze the window); the full value stays in
`node.raw` for "Copy value".
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, overload

from tokenexplorer.tokens.model import TreeNode
from tokenexplorer.ui import theme
from tokenexplorer.ui.qt import Qt, QtCore, QtGui

if TYPE_CHECKING:
    from typing import TypeAlias

    AnyIndex: TypeAlias = QtCore.QModelIndex | QtCore.QPersistentModelIndex  # what Qt passes

COLUMNS = ("Name", "Value", "Meaning")
NAME, VALUE, MEANING = range(3)
DISPLAY_LIMIT = 300  # characters of a value drawn in a cell; the tooltip shows more
TOOLTIP_LIMIT = 1500
NODE_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # the TreeNode behind a row
SEGMENT_ROLE = int(Qt.ItemDataRole.UserRole) + 2  # its raw-token segment name
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ROLES_SERVED = frozenset(
    {_DISPLAY, _ACCESSIBLE, _TOOLTIP, _FOREGROUND, _DECORATION, _FONT, NODE_ROLE, SEGMENT_ROLE}
)


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters; copy the value to get all)"


_ids = itertools.count(1)


class _Item:
    """A row: its node, its parent and its position, so index()/parent() are O(1).

    Indexes carry the item's integer id, not a pointer to it: a Python object behind a raw
    pointer could be freed while a view still holds an index to it.
    """

    __slots__ = ("children", "node", "parent", "registry", "row", "uid")

    def __init__(self, node: TreeNode | None, parent: _Item | None, row: int,
                 registry: dict[int, _Item]) -> None:
        self.node = node
        self.parent = parent
        self.row = row
        self.registry = registry
        self.uid = next(_ids)
        registry[self.uid] = self
        self.children: list[_Item] | None = None  # built on first access (lazy)

    def kids(self) -> list[_Item]:
        if self.children is None:
            nodes = self.node.children if self.node is not None else ()
            self.children = [_Item(child, self, row, self.registry)
                             for row, child in enumerate(nodes)]
        return self.children


class ClaimsModel(QtCore.QAbstractItemModel):
    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._items: dict[int, _Item] = {}
        self._root = _Item(None, None, 0, self._items)
        self._root.children = []
        self._palette = QtGui.QGuiApplication.palette()
        self._icons: dict[str, QtGui.QIcon] = {}
        self._bold: QtGui.QFont | None = None

    # -- content -------------------------------------------------------------------------
    def set_nodes(self, nodes: Sequence[TreeNode]) -> None:
        self.beginResetModel()
        self._items = {}
        self._root = _Item(None, None, 0, self._items)
        self._root.children = [_Item(node, self._root, row, self._items)
                               for row, node in enumerate(nodes)]
        self.endResetModel()

    def clear(self) -> None:
        self.set_nodes(())

    def refresh_nodes(self, nodes: Sequence[TreeNode]) -> None:
        """Same token, texts re-worded (relative times move on): update rows in place, so the
        expansion and selection survive. Falls back to a reset if the shape changed."""
        current = self._root.kids()
        if not _same_shape([item.node for item in current], nodes):
            self.set_nodes(nodes)
            return

        def swap(items: list[_Item], fresh: Sequence[TreeNode]) -> None:
            for item, node in zip(items, fresh, strict=True):
                item.node = node
                if item.children is not None:
                    swap(item.children, node.children)

        swap(current, nodes)
        self._emit_changed_below(QtCore.QModelIndex())

    def top_level_nodes(self) -> list[TreeNode]:
        return [item.node for item in self._root.kids() if item.node is not None]

    def node(self, index: QtCore.QModelIndex) -> TreeNode | None:
        item = self._item(index)
        return item.node if item is not self._root else None

    def index_for_segment(self, segment: str) -> QtCore.QModelIndex:
        """The top-level row showing `segment` (invalid index when none does)."""
        for item in self._root.kids():
            if item.node is not None and item.node.segment == segment:
                return self.createIndex(item.row, 0, item.uid)
        return QtCore.QModelIndex()

    def set_palette(self, palette: QtGui.QPalette) -> None:
        self._palette = palette
        self._icons.clear()
        if self._root.kids():
            self._emit_changed_below(QtCore.QModelIndex())

    def _emit_all_changed(self, parent: QtCore.QModelIndex) -> None:
        rows = self.rowCount(parent)
        if rows:
            self.dataChanged.emit(self.index(0, 0, parent),
                                  self.index(rows - 1, len(COLUMNS) - 1, parent))

    def _emit_changed_below(self, parent: QtCore.QModelIndex) -> None:
        """dataChanged for every row already built (rows never expanded are built fresh)."""
        self._emit_all_changed(parent)
        item = self._item(parent)
        for child in item.children or ():
            if child.children is not None:
                self._emit_changed_below(self.createIndex(child.row, 0, child.uid))

    # -- QAbstractItemModel ---------------------------------------------------------------
    def _item(self, index: AnyIndex) -> _Item:
        if index.isValid():
            item = self._items.get(index.internalId())
            if item is not None:
                return item
        return self._root

    def index(self, row: int, column: int,
              parent: AnyIndex = QtCore.QModelIndex()) -> QtCore.QModelIndex:  # noqa: B008
        if column < 0 or column >= len(COLUMNS) or row < 0:
            return QtCore.QModelIndex()
        if parent.isValid() and parent.column() != 0:
            return QtCore.QModelIndex()
        kids = self._item(parent).kids()
        if row >= len(kids):
            return QtCore.QModelIndex()
        return self.createIndex(row, column, kids[row].uid)

    @overload
    def parent(self) -> QtCore.QObject | None: ...
    @overload
    def parent(self, child: AnyIndex) -> QtCore.QModelIndex: ...

    def parent(self, child: AnyIndex | None = None) -> QtCore.QObject | QtCore.QModelIndex | None:
        if child is None:  # QObject.parent()
            return super().parent()
        if not child.isValid():
            return QtCore.QModelIndex()
        item = self._item(child)
        parent = item.parent
        if parent is None or parent is self._root:
            return QtCore.QModelIndex()
        return self.createIndex(parent.row, 0, parent.uid)

    def rowCount(self, parent: AnyIndex = QtCore.QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        item = self._item(parent)
        if item is self._root:
            return len(item.kids())
        return len(item.node.children) if item.node is not None else 0

    def columnCount(self, parent: AnyIndex = QtCore.QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def hasChildren(self, parent: AnyIndex = QtCore.QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(COLUMNS)):
            return COLUMNS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every cell and role on each paint: plain ints and early exits keep it cheap.
        role = int(role)
        if role not in _ROLES_SERVED:
            return None
        item = self._items.get(index.internalId()) if index.isValid() else None
        if item is None or item.node is None:
            return None
        node, column = item.node, index.column()
        if role in (_DISPLAY, _ACCESSIBLE):
            return _cut(self._text(node, column), DISPLAY_LIMIT)
        if role == _FOREGROUND:
            if node.flag and column != MEANING:
                return QtGui.QBrush(theme.flag_colour(node.flag, self._palette))
            return None
        if role == _DECORATION:
            return self._flag_icon(node.flag) if node.flag and column == NAME else None
        if role == _FONT:
            return self._bold_font() if column == NAME and item.parent is self._root else None
        if role == _TOOLTIP:
            return self._tooltip(node, column)
        if role == NODE_ROLE:
            return node
        return node.segment  # SEGMENT_ROLE

    def _bold_font(self) -> QtGui.QFont:
        if self._bold is None:
            self._bold = QtGui.QFont()
            self._bold.setBold(True)
        return self._bold

    @staticmethod
    def _text(node: TreeNode, column: int) -> str:
        if column == NAME:
            return node.name
        if column == VALUE:
            return node.value
        return node.meaning

    @staticmethod
    def _tooltip(node: TreeNode, column: int) -> str:
        """Plain text (escaped): claim values are untrusted and must never render as HTML."""
        parts = []
        if column == VALUE:
            parts.append(_cut(node.value, TOOLTIP_LIMIT))
        if node.meaning:
            parts.append(_cut(node.meaning, TOOLTIP_LIMIT))
        reason = flag_reason(node)
        if reason:
            parts.append(f"{str(node.flag).capitalize()}: {reason}")
        if node.link:
            parts.append(f"Source: {node.link}")
        if not parts:
            return ""
        escaped = "<br><br>".join(_escape(part) for part in parts)
        return f"<qt>{escaped}</qt>"

    def _flag_icon(self, flag: str) -> QtGui.QIcon:
        """A small round badge in the flag's colour ("!" inside), drawn once per palette.

        Drawn rather than taken from the style: QStyle's icon enums are large and slow to
        load, and this keeps the colour in step with the light/dark palette."""
        icon = self._icons.get(flag)
        if icon is None:
            icon = QtGui.QIcon(_badge(theme.flag_colour(flag, self._palette)))
            self._icons[flag] = icon
        return icon


def flag_reason(node: TreeNode) -> str:
    """Why a flagged row is flagged, in words (the core says why)."""
    if not node.flag:
        return ""
    return node.why or f"this value is suspicious ({node.flag})."


def _badge(colour: QtGui.QColor, size: int = 14) -> QtGui.QPixmap:
    pixmap = QtGui.QPixmap(size, size)
    pixmap.fill(QtGui.QColor(0, 0, 0, 0))
    painter = QtGui.QPainter(pixmap)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    painter.setPen(QtGui.QPen(colour, 1))
    painter.setBrush(colour)
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.setPen(QtGui.QPen(QtGui.QColor("white"), 2))
    middle = size // 2
    painter.drawLine(middle, 4, middle, size - 6)
    painter.drawPoint(middle, size - 4)
    painter.end()
    return pixmap


def _same_shape(old: Sequence[TreeNode | None], new: Sequence[TreeNode]) -> bool:
    if len(old) != len(new):
        return False
    return all(a is not None and a.name == b.name and _same_shape(a.children, b.children)
               for a, b in zip(old, new, strict=True))


def _escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))
