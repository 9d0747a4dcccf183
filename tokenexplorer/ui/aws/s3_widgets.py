"""The S3 tab's pieces: the object table view, the breadcrumb, and the default dialogs.

The view turns keys into intentions (Enter/double-click opens, Backspace/Alt+Up goes up,
Delete deletes, dropped files upload); the panel (s3_browser) decides what they do.
"""

from __future__ import annotations

from typing import Any

from tokenexplorer.ui.aws.s3_models import MODIFIED, NAME, SIZE
from tokenexplorer.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal

# ---------------------------------------------------------------- default dialogs


def ask_download_folder(parent: QtWidgets.QWidget) -> str | None:
    folder = QtWidgets.QFileDialog.getExistingDirectory(parent, "Download to folder")
    return folder or None


def ask_upload_files(parent: QtWidgets.QWidget) -> list[str]:
    files, _ = QtWidgets.QFileDialog.getOpenFileNames(parent, "Upload files")
    return list(files)


def ask_folder_name(parent: QtWidgets.QWidget) -> str | None:
    name, ok = QtWidgets.QInputDialog.getText(parent, "New folder", "Folder name:")
    return name.strip() if ok and name.strip() else None


def confirm(parent: QtWidgets.QWidget, title: str, text: str) -> bool:
    answer = QtWidgets.QMessageBox.question(
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
        if corner is not None:
            corner.setAccessibleName("Select all objects")

    def setModel(self, model: QtCore.QAbstractItemModel) -> None:
        super().setModel(model)
        header = self.horizontalHeader()
        header.setSectionResizeMode(NAME, QtWidgets.QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(SIZE, QtWidgets.QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(MODIFIED, QtWidgets.QHeaderView.ResizeMode.Interactive)
        metrics = self.fontMetrics()
        header.resizeSection(SIZE, metrics.horizontalAdvance("0000.0 MiB") + 24)
        header.resizeSection(MODIFIED, metrics.horizontalAdvance("0000-00-00 00:00:00") + 24)

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

    def _local_files(self, event: Any) -> list[str]:
        mime = event.mimeData()
        if not mime.hasUrls():
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

    def set_path(self, bucket: str, prefix: str) -> None:
        from tokenexplorer.aws.s3 import breadcrumbs

        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()  # deleteLater is not immediate: do not overlap
                item.widget().deleteLater()
        self.buttons = []
        crumbs = breadcrumbs(prefix)
        for number, (label, target) in enumerate(crumbs):
            if number:
                arrow = QtWidgets.QLabel("›")
                arrow.setAccessibleName("")
                self._layout.addWidget(arrow)
            button = QtWidgets.QToolButton()
            button.setText((bucket or "(no bucket)") if not target else label)
            button.setAutoRaise(True)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setAccessibleName(f"Go to {target or 'bucket root'}")
            button.setToolTip(f"s3://{bucket}/{target}")
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
]
