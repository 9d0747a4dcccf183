"""The S3 tab's rows of controls: where (bucket, prefix, Up, breadcrumb), what to do
(the action buttons, URL lifetime, filter), messages, and the listing's status line.

Each bar builds its widgets and one layout row; the panel (s3_browser) places the rows,
connects them and decides what they do.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from tokenexplorer.ui import plain
from tokenexplorer.ui.aws.message_style import style_box
from tokenexplorer.ui.aws.s3_models import ObjectRow
from tokenexplorer.ui.aws.s3_widgets import Breadcrumb
from tokenexplorer.ui.aws.shown import shown
from tokenexplorer.ui.masked_texts import MaskedTexts
from tokenexplorer.ui.qt import Qt, QtGui, QtWidgets

LIFETIMES = (  # (label, seconds) for presigned URLs
    ("5 minutes", 300),
    ("1 hour", 3600),
    ("12 hours", 12 * 3600),
    ("1 day", 24 * 3600),
    ("7 days", 7 * 24 * 3600),
)


class LocationBar:
    """Bucket and prefix fields with List; below them Up and the breadcrumb."""

    def __init__(self, style: QtWidgets.QStyle) -> None:
        self.bucket_edit = QtWidgets.QLineEdit()
        self.bucket_edit.setAccessibleName("Bucket")
        self.bucket_edit.setPlaceholderText("bucket name (from the profile, or type one)")
        self.prefix_edit = QtWidgets.QLineEdit()
        self.prefix_edit.setAccessibleName("Prefix")
        self.prefix_edit.setPlaceholderText("prefix, e.g. photos/2024/")
        self.list_button = QtWidgets.QPushButton("Li&st")
        self.list_button.setAccessibleName("List")
        self.list_button.setToolTip("List the bucket at this prefix (Enter in either field)")
        bucket_label = plain.label("&Bucket:")
        bucket_label.setBuddy(self.bucket_edit)
        prefix_label = plain.label("Prefi&x:")
        prefix_label.setBuddy(self.prefix_edit)
        self.fields = QtWidgets.QHBoxLayout()
        self.fields.addWidget(bucket_label)
        self.fields.addWidget(self.bucket_edit, 2)
        self.fields.addWidget(prefix_label)
        self.fields.addWidget(self.prefix_edit, 3)
        self.fields.addWidget(self.list_button)

        self.up_button = QtWidgets.QToolButton()
        self.up_button.setIcon(style.standardIcon(
            QtWidgets.QStyle.StandardPixmap.SP_FileDialogToParent))
        self.up_button.setAccessibleName("Up one level")
        self.up_button.setToolTip("Up one level (Backspace or Alt+Up)")
        self.breadcrumb = Breadcrumb()
        self.crumbs = QtWidgets.QHBoxLayout()
        self.crumbs.addWidget(self.up_button)
        self.crumbs.addWidget(self.breadcrumb, 1)


class ActionBar:
    """Upload, Download, Delete, New folder, Copy presigned URL (with its lifetime), Filter."""

    def __init__(self) -> None:
        self.upload_button = plain.button("&Upload…", "Upload",
                                          "Upload files here (or drop files on the list)")
        self.download_button = plain.button("&Download…", "Download",
                                            "Download the selected objects and folders to a folder "
                                            "(folders with everything in them)")
        self.delete_button = plain.button("De&lete…", "Delete",
                                          "Delete the selected objects (asks first)")
        self.new_folder_button = plain.button("Ne&w folder…", "New folder",
                                              "Create a folder (an empty 'name/' object)")
        self.presign_button = plain.button("Copy presi&gned URL", "Copy presigned URL",
                                           "Copy a link anyone can use to download the selected "
                                           "object, for the chosen time")
        self.lifetime_combo = QtWidgets.QComboBox()
        self.lifetime_combo.setAccessibleName("Presigned URL lifetime")
        self.lifetime_combo.setToolTip("How long the presigned URL works")
        for label, seconds in LIFETIMES:
            self.lifetime_combo.addItem(label, seconds)
        self.lifetime_combo.setCurrentIndex(1)
        self.filter_edit = QtWidgets.QLineEdit()
        self.filter_edit.setAccessibleName("Filter")
        self.filter_edit.setPlaceholderText("Filter names")
        self.filter_edit.setClearButtonEnabled(True)
        for clear in self.filter_edit.findChildren(QtWidgets.QToolButton):
            clear.setAccessibleName("Clear filter")
        self.row = QtWidgets.QHBoxLayout()
        for widget in (*self.buttons(), self.lifetime_combo):
            self.row.addWidget(widget)
        self.row.addStretch(1)
        self.row.addWidget(self.filter_edit)
        self._menu: list[tuple[QtGui.QAction, QtWidgets.QPushButton]] = []

    def buttons(self) -> tuple[QtWidgets.QPushButton, ...]:
        return (self.upload_button, self.download_button, self.delete_button,
                self.new_folder_button, self.presign_button)

    def enable(self, rows: Sequence[ObjectRow], has_bucket: bool) -> None:
        """What the selection allows: Upload and New folder need a bucket, Download and
        Delete a selection, the presigned URL exactly one object."""
        objects = [r for r in rows if not r.is_folder]
        self.upload_button.setEnabled(has_bucket)
        self.new_folder_button.setEnabled(has_bucket)
        self.download_button.setEnabled(bool(rows))
        self.delete_button.setEnabled(bool(rows))
        self.presign_button.setEnabled(len(objects) == 1 and len(rows) == 1)
        self.lifetime_combo.setEnabled(self.presign_button.isEnabled())
        for action, source in self._menu:
            action.setEnabled(source.isEnabled())

    def mirror_on(self, view: QtWidgets.QAbstractItemView) -> None:
        """The same actions on the table's context menu (right click or the Menu key)."""
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for text, source in (("Download…", self.download_button),
                             ("Copy presigned URL", self.presign_button),
                             ("Delete…", self.delete_button),
                             ("Upload…", self.upload_button),
                             ("New folder…", self.new_folder_button)):
            action = QtGui.QAction(text, view)
            action.triggered.connect(source.click)
            self._menu.append((action, source))
            view.addAction(action)
        separator = QtGui.QAction(view)
        separator.setSeparator(True)
        view.addAction(separator)


def follow_links_action(view: QtWidgets.QWidget) -> QtGui.QAction:
    """The context menu's switch for symbolic links in uploaded folders (off by default)."""
    action = QtGui.QAction("Follow symbolic links in uploaded folders", view, checkable=True)
    action.setToolTip("Off: links that lead out of a folder are skipped (and named), "
                      "never uploaded")
    view.addAction(action)
    return action


class MessageLabel(QtWidgets.QLabel):
    """One selectable, word-wrapped message line, hidden while empty; an "error" one is a
    coloured box (restyled by the panel on light/dark palette switches)."""

    def __init__(self, name: str, kind: str | None = None) -> None:
        super().__init__()
        self.setTextFormat(plain.PLAIN)
        self.setAccessibleName(name)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._kind = kind
        self.texts: MaskedTexts | None = None  # the panel's, under View → Mask personal data
        if kind:
            style_box(self, kind, self.palette())
        self.hide()

    def say(self, text: str) -> None:
        """Show `text` (keys in it escaped like claims)."""
        if self.texts is not None:
            self.texts.show(self, shown(text))
        else:
            self.setText(shown(text))
        self.show()

    def dismiss(self) -> None:
        self.hide()
        self.clear()

    def restyle(self, palette: QtGui.QPalette) -> None:
        """Colours for a new palette (a light/dark switch), from the panel's palette: the
        style sheet changes this label's own one."""
        if self._kind:
            style_box(self, self._kind, palette)


class StatusLine:
    """What the listing (or an action) is doing, with Cancel while a listing runs. Every
    write goes through `say`, whose stamp tells a writer whether its line is still shown."""

    def __init__(self) -> None:
        self.stamp = 0
        self.texts: MaskedTexts | None = None  # the panel's, under View → Mask personal data
        self.label = plain.label()
        self.label.setAccessibleName("Listing status")
        self.cancel_button = QtWidgets.QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel listing")
        self.cancel_button.hide()
        self.row = QtWidgets.QHBoxLayout()
        self.row.addWidget(self.label, 1)
        self.row.addWidget(self.cancel_button)

    def say(self, text: str) -> int:
        """Show `text`; the stamp of this write."""
        self.stamp += 1
        if self.texts is not None:
            self.texts.show(self.label, text)
        else:
            self.label.setText(text)
        return self.stamp


def signing_label() -> QtWidgets.QLabel:
    label = plain.label()
    label.setAccessibleName("Signing identity")
    label.setToolTip("The identity-pool credentials S3 requests are signed with (details in "
                     "the Credentials tab)")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def set_tab_order(chain: Sequence[QtWidgets.QWidget]) -> None:
    for first, second in itertools.pairwise(chain):
        QtWidgets.QWidget.setTabOrder(first, second)


__all__ = ["LIFETIMES", "ActionBar", "LocationBar", "MessageLabel", "StatusLine",
           "follow_links_action", "set_tab_order", "signing_label"]
