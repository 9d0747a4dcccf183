"""The S3 browser's table model: one prefix's folders and objects, filled page by page.

Rows are plain Python objects in one list (folders first, then objects), inserted with
beginInsertRows as listing pages arrive, so tens of thousands of keys stay cheap: no
per-row widgets, and display text is made only for the rows a view paints.

Sorting is done here, in Python, with `list.sort` on precomputed keys (milliseconds for
20,000 rows), not by QSortFilterProxyModel's per-comparison `data()` calls, which would
stall the GUI for seconds. The proxy only filters. The default order (name ascending)
is S3's own key order, so pages arriving in listing order never need a re-sort.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, Protocol

from tokenexplorer.aws.s3_types import human_size
from tokenexplorer.ui import plain
from tokenexplorer.ui.aws.shown import shown_key
from tokenexplorer.ui.qt import Qt, QtCore, QtWidgets

NAME, SIZE, MODIFIED = range(3)
HEADERS = ("Name", "Size", "Last modified")

KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # the full S3 key (or prefix, for folders)
IS_FOLDER_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QtCore.QModelIndex | QtCore.QPersistentModelIndex
SortKey = Callable[["ObjectRow"], Any]  # a value list.sort compares


class Listed(Protocol):
    """An object of a listing page (aws.s3_types.S3Object, or a test's stand-in)."""

    @property
    def key(self) -> str: ...

    @property
    def size(self) -> int: ...

    @property
    def last_modified(self) -> datetime | None: ...


class ObjectRow:
    """One folder (common prefix) or object under the current prefix."""

    __slots__ = (
        "_folded", "_modified_text", "_size_text", "is_folder", "key", "modified", "name", "size",
    )

    def __init__(
        self, key: str, name: str, is_folder: bool, size: int = 0,
        modified: datetime | None = None,
    ) -> None:
        self.key = key
        self.name = name
        self.is_folder = is_folder
        self.size = size
        self.modified = modified
        self._size_text: str | None = None
        self._modified_text: str | None = None
        self._folded: str | None = None

    @property
    def folded_name(self) -> str:
        """The name case-folded once, for filtering."""
        if self._folded is None:
            self._folded = self.name.casefold()
        return self._folded

    def size_text(self) -> str:
        if self.is_folder:
            return ""
        if self._size_text is None:
            self._size_text = human_size(self.size)
        return self._size_text

    def modified_text(self) -> str:
        if self.modified is None:
            return ""
        if self._modified_text is None:
            self._modified_text = self.modified.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        return self._modified_text

    def __repr__(self) -> str:
        kind = "folder" if self.is_folder else f"{self.size} B"
        return f"ObjectRow({self.key!r}, {kind})"


def _sort_key(column: int) -> SortKey:
    if column == SIZE:
        return lambda row: (row.size, row.key)
    if column == MODIFIED:
        return lambda row: (row.modified.timestamp() if row.modified else 0.0, row.key)
    return lambda row: row.key  # S3's order: code points, like UTF-8 bytes


class ObjectsModel(QtCore.QAbstractTableModel):
    """Folders and objects of one prefix; `add_page` appends a listing page."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.prefix = ""
        self._rows: list[ObjectRow] = []
        self._folder_count = 0
        self._known_folders: set[str] = set()
        self._sort_column = NAME
        self._sort_order = Qt.SortOrder.AscendingOrder
        style = QtWidgets.QApplication.style()
        self._folder_icon = style.standardIcon(QtWidgets.QStyle.StandardPixmap.SP_DirIcon)
        self._file_icon = style.standardIcon(QtWidgets.QStyle.StandardPixmap.SP_FileIcon)
        # How names are shown (View → Mask personal data sets it); keys stay real underneath.
        self.mask_text: Callable[[str], str] = str

    # ------------------------------------------------------------ filling

    def reset(self, prefix: str = "") -> None:
        """Empty the model for a new listing of `prefix` (ending in "/" or empty)."""
        self.beginResetModel()
        self.prefix = prefix
        self._rows = []
        self._folder_count = 0
        self._known_folders = set()
        self.endResetModel()

    def add_page(self, folders: Iterable[str], objects: Iterable[Listed]) -> int:
        """Append one listing page: folder prefixes and objects (with .key, .size,
        .last_modified). Returns how many rows were added."""
        new_folders = []
        for prefix in folders:
            if prefix in self._known_folders or prefix == self.prefix:
                continue
            self._known_folders.add(prefix)
            name = prefix[len(self.prefix):] if prefix.startswith(self.prefix) else prefix
            new_folders.append(ObjectRow(prefix, name, True))
        new_files = []
        for obj in objects:
            key = obj.key
            if key == self.prefix:  # the zero-byte marker of the folder itself
                continue
            name = key[len(self.prefix):] if key.startswith(self.prefix) else key
            new_files.append(
                ObjectRow(key, name, False, int(obj.size), obj.last_modified)
            )
        sort_key = _sort_key(self._sort_column)
        reverse = self._sort_order == Qt.SortOrder.DescendingOrder
        in_order = True
        if new_folders:
            new_folders.sort(key=sort_key, reverse=reverse)
            start = self._folder_count
            in_order &= self._fits_after(start - 1, new_folders[0], 0, sort_key, reverse)
            self._insert(start, new_folders)
            self._folder_count += len(new_folders)
        if new_files:
            new_files.sort(key=sort_key, reverse=reverse)
            start = len(self._rows)
            in_order &= self._fits_after(
                start - 1, new_files[0], self._folder_count, sort_key, reverse
            )
            self._insert(start, new_files)
        if not in_order:
            self._resort()
        return len(new_folders) + len(new_files)

    def _fits_after(
        self, before: int, first: ObjectRow, segment_start: int, sort_key: SortKey, reverse: bool
    ) -> bool:
        if before < segment_start:
            return True
        a, b = sort_key(self._rows[before]), sort_key(first)
        return a >= b if reverse else a <= b

    def _insert(self, start: int, rows: list[ObjectRow]) -> None:
        self.beginInsertRows(QtCore.QModelIndex(), start, start + len(rows) - 1)
        self._rows[start:start] = rows
        self.endInsertRows()

    # ------------------------------------------------------------ reading

    @property
    def folder_count(self) -> int:
        return self._folder_count

    @property
    def object_count(self) -> int:
        return len(self._rows) - self._folder_count

    def row_at(self, row: int) -> ObjectRow:
        return self._rows[row]

    def rows(self) -> Sequence[ObjectRow]:
        return tuple(self._rows)

    def rowCount(self, parent: Index | None = None) -> int:
        if parent is not None and parent.isValid():
            return 0
        return len(self._rows)

    def columnCount(self, parent: Index | None = None) -> int:
        if parent is not None and parent.isValid():
            return 0
        return len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == NAME:
                return self.mask_text(shown_key(row.name))
            if column == SIZE:
                return row.size_text()
            return row.modified_text()
        if role == Qt.ItemDataRole.DecorationRole and column == NAME:
            return self._folder_icon if row.is_folder else self._file_icon
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.is_folder:
                return plain.tooltip(f"Folder (prefix) {self.mask_text(shown_key(row.key))}")
            return plain.tooltip(f"{self.mask_text(shown_key(row.key))} — {row.size:,} bytes")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == KEY_ROLE:
            return row.key
        if role == IS_FOLDER_ROLE:
            return row.is_folder
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # ------------------------------------------------------------ sorting

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(HEADERS):
            column = NAME
        self._sort_column = column
        self._sort_order = order
        self._resort()

    def _resort(self) -> None:
        """Sort folders and objects separately (folders stay first) as one layout change."""
        sort_key = _sort_key(self._sort_column)
        reverse = self._sort_order == Qt.SortOrder.DescendingOrder
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [(index, self._rows[index.row()]) for index in persistent]
        folders = sorted(self._rows[: self._folder_count], key=sort_key, reverse=reverse)
        files = sorted(self._rows[self._folder_count:], key=sort_key, reverse=reverse)
        self._rows = folders + files
        if held:
            if len(held) <= 16:  # the usual case: a current row, a few selected ones
                where = {id(row): self._rows.index(row) for _, row in held}
            else:
                where = {id(row): number for number, row in enumerate(self._rows)}
            self.changePersistentIndexList(
                [index for index, _ in held],
                [self.index(where[id(row)], index.column()) for index, row in held],
            )
        self.layoutChanged.emit()


class ObjectsFilterProxy(QtCore.QSortFilterProxyModel):
    """Filters rows by name (case-insensitive substring); sorting is passed to the source.

    The test is a Python attribute check on the source's rows instead of the default
    regular expression over `data()`: for 20,000 rows that is ~25 ms instead of ~170 ms,
    because PySide's per-call cost of `data()` (QVariant round trip) dominates."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._rows: ObjectsModel | None = None

    def setSourceModel(self, model: QtCore.QAbstractItemModel) -> None:
        super().setSourceModel(model)
        self._rows = model if isinstance(model, ObjectsModel) else None

    @property
    def filter_text(self) -> str:
        return self._needle

    def set_filter_text(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle == self._needle:
            return
        self.beginFilterChange()
        self._needle = needle
        self.endFilterChange(QtCore.QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(
        self, source_row: int, source_parent: Index
    ) -> bool:
        needle = self._needle
        if not needle or self._rows is None:
            return True
        return needle in self._rows.row_at(source_row).folded_name

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)


__all__ = [
    "HEADERS",
    "IS_FOLDER_ROLE",
    "KEY_ROLE",
    "MODIFIED",
    "NAME",
    "SIZE",
    "ObjectRow",
    "ObjectsFilterProxy",
    "ObjectsModel",
]
