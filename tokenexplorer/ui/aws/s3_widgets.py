"""The S3 tab's pieces: the object table view, the breadcrumb, and the default dialogs.

The view turns keys into intentions (Enter/double-click opens, Backspace/Alt+Up goes up,
Delete deletes, dropped files upload); the panel (s3_browser) decides what they do.
"""

from __future__ import annotations

from collections.abc import Callable

from tokenexplorer.ui import plain
from tokenexplorer.ui.aws.s3_models import MODIFIED, NAME, SIZE
from tokenexplorer.ui.aws.shown import shown_key
from tokenexplorer.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal

# ---------------------------------------------------------------- default dialogs


def default_download_dir() -> str:
    """The user's Downloads folder (Qt's answer first, then platformdirs'), else a new
    folder in the home folder: never home itself, nor the working directory (for an app
    started from a menu anyone's guess). The core decides (aws.downloads)."""
    from tokenexplorer.aws.downloads import default_download_folder

    location = QtCore.QStandardPaths.writableLocation(
        QtCore.QStandardPaths.StandardLocation.DownloadLocation)
    return str(default_download_folder([location]))


def ask_download_folder(parent: QtWidgets.QWidget, start: str | None = None) -> str | None:
    folder = QtWidgets.QFileDialog.getExistingDirectory(
        parent, "Download to folder", start or default_download_dir())
    return folder or None


def ask_upload_files(parent: QtWidgets.QWidget) -> list[str]:
    files, _ = QtWidgets.QFileDialog.getOpenFileNames(parent, "Upload files")
    return list(files)


def ask_folder_name(parent: QtWidgets.QWidget) -> str | None:
    name, ok = QtWidgets.QInputDialog.getText(parent, "New folder", "Folder name:")
    return name.strip() if ok and name.strip() else None


def confirm(parent: QtWidgets.QWidget, title: str, text: str) -> bool:
    answer = plain.ask(
        parent, title, text,
        QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.No,
        QtWidgets.QMessageBox.StandardButton.No,
    )
    return answer == QtWidgets.QMessageBox.StandardButton.Yes


# ---------------------------------------------------------------- the view


class ObjectsView(QtWidgets.QTableView):
    """The object table: Enter/double-click opens, Backspace/Alt+Up goes up, files drop in."""

    open_requested = Signal(QtCore.QModelIndex)
    up_requested = Signal()
    delete_requested = Signal()
    files_dropped = Signal(list)  # local paths

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Objects")
        self.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)  # Tab leaves the table, as in any form
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QtWidgets.QAbstractItemView.DragDropMode.DropOnly)
        self.verticalHeader().hide()
        # Fixed row heights: no per-row measuring, whatever the number of rows.
        self.verticalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self.doubleClicked.connect(self.open_requested)
        corner = self.findChild(QtWidgets.QAbstractButton, "qt_tableview_cornerbutton")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        if corner is not None:
            corner.setAccessibleName("Select all objects")

    def setModel(self, model: QtCore.QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is None:
            return
        header = self.horizontalHeader()
        header.setSectionResizeMode(NAME, QtWidgets.QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(SIZE, QtWidgets.QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(MODIFIED, QtWidgets.QHeaderView.ResizeMode.Interactive)
        metrics = self.fontMetrics()
        header.resizeSection(SIZE, metrics.horizontalAdvance("0000.0 MiB") + 24)
        header.resizeSection(MODIFIED, metrics.horizontalAdvance("0000-00-00 00:00:00") + 24)

    def select_current_row(self) -> None:
        """Select the focused row when nothing is selected, so the keyboard's row is the
        one the actions (Download, Delete, …) work on, without pressing Space first."""
        model = self.selectionModel()
        current = self.currentIndex()
        if model is not None and current.isValid() and not model.hasSelection():
            model.select(current, QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect
                         | QtCore.QItemSelectionModel.SelectionFlag.Rows)

    def focusInEvent(self, event: QtGui.QFocusEvent) -> None:
        super().focusInEvent(event)
        self.select_current_row()

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit(self.currentIndex())
            return
        if key == Qt.Key.Key_Backspace or (
            key == Qt.Key.Key_Up and mods & Qt.KeyboardModifier.AltModifier
        ):
            self.up_requested.emit()
            return
        if key == Qt.Key.Key_Delete:
            self.delete_requested.emit()
            return
        super().keyPressEvent(event)

    def _local_files(self, event: QtGui.QDropEvent) -> list[str]:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return []
        return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:
        if self._local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QtGui.QDragMoveEvent) -> None:
        if self._local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QtGui.QDropEvent) -> None:
        files = self._local_files(event)
        if files:
            event.acceptProposedAction()
            self.files_dropped.emit(files)
        else:
            event.ignore()


class Breadcrumb(QtWidgets.QWidget):
    """Buttons for the bucket root and each folder of the prefix; a click goes there."""

    navigate = Signal(str)
    changed = Signal()  # the buttons were rebuilt

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Breadcrumb")
        self._layout = QtWidgets.QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.buttons: list[QtWidgets.QToolButton] = []
        self.mask_text: Callable[[str], str] = str  # View → Mask personal data sets it
        self._path = ("", "")

    def render_again(self) -> None:
        """The same path, drawn again (masking was switched)."""
        self.set_path(*self._path)

    def set_path(self, bucket: str, prefix: str) -> None:
        from tokenexplorer.aws.s3_types import breadcrumbs

        self._path = (bucket, prefix)
        mask = self.mask_text

        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # deleteLater is not immediate: do not overlap
                widget.deleteLater()
        self.buttons = []
        crumbs = breadcrumbs(prefix)
        for number, (label, target) in enumerate(crumbs):
            if number:
                arrow = plain.label("›")
                arrow.setAccessibleName("")
                self._layout.addWidget(arrow)
            button = QtWidgets.QToolButton()
            button.setText(mask(shown_key(bucket or "(no bucket)")) if not target
                           else mask(shown_key(label)) or "(empty name)")
            button.setAutoRaise(True)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setAccessibleName(f"Go to {mask(shown_key(target)) or 'bucket root'}")
            plain.set_tooltip(button, mask(f"s3://{shown_key(bucket)}/{shown_key(target)}"))
            if number == len(crumbs) - 1:
                font = button.font()
                font.setBold(True)
                button.setFont(font)
            button.clicked.connect(lambda _=False, t=target: self.navigate.emit(t))
            self._layout.addWidget(button)
            self.buttons.append(button)
        self._layout.addStretch(1)
        self.changed.emit()


__all__ = [
    "Breadcrumb",
    "ObjectsView",
    "ask_download_folder",
    "ask_folder_name",
    "ask_upload_files",
    "confirm",
    "default_download_dir",
]
