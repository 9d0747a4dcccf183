"""The S3 tab: browse a bucket's prefixes as folders, transfer objects, share a URL.

Every S3 call runs in a background task through the core's `aws.s3.S3Browser`; listing
pages are appended to the model as they arrive, so the first rows show after the first
page and a 20,000-object prefix never freezes the window. Errors are the core's
explanations, shown inline above the table. Dialogs (folders, files, confirmations) go
through replaceable callables, so tests drive everything without popping a dialog.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tokenexplorer.ui import plain
from tokenexplorer.ui.aws.boxes import style_box
from tokenexplorer.ui.aws.overwrite_dialog import ask_overwrite
from tokenexplorer.ui.aws.presigned import PresignedUrlBox
from tokenexplorer.ui.aws.s3_core import LazyCore, freeze_long_lived_objects
from tokenexplorer.ui.aws.s3_models import (
    IS_FOLDER_ROLE,
    NAME,
    ObjectRow,
    ObjectsFilterProxy,
    ObjectsModel,
)
from tokenexplorer.ui.aws.s3_widgets import (
    Breadcrumb,
    ObjectsView,
    ask_download_folder,
    ask_folder_name,
    ask_upload_files,
    confirm,
    default_download_dir,
)
from tokenexplorer.ui.aws.shown import session_username, shown, shown_key
from tokenexplorer.ui.aws.transfers import TransferList
from tokenexplorer.ui.errors import error_text
from tokenexplorer.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from tokenexplorer.ui.tasks import Task, run_task

PAGE_SIZE = 1000
LIFETIMES = (  # (label, seconds) for presigned URLs
    ("5 minutes", 300),
    ("1 hour", 3600),
    ("12 hours", 12 * 3600),
    ("1 day", 24 * 3600),
    ("7 days", 7 * 24 * 3600),
)


def parent_prefix(prefix: str) -> str:
    """'a/b/' → 'a/', 'a/' → '', '' → ''."""
    parts = prefix.rstrip("/").split("/")
    return "/".join(parts[:-1]) + "/" if len(parts) > 1 else ""


# ---------------------------------------------------------------- the panel


class S3BrowserPanel(QtWidgets.QWidget):
    """Bucket, breadcrumb, filterable object table, actions and transfers."""

    listing_finished = Signal(int)  # rows listed
    listing_failed = Signal(str)  # the message shown
    action_finished = Signal(str)  # "upload", "download", "delete", "new folder", "presigned"

    def __init__(
        self,
        state: Any,
        credentials_source: Callable[[], Any] | None = None,
        parent: QtWidgets.QWidget | None = None,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.setAccessibleName("S3 browser")
        self.page_size = page_size
        self._credentials_source = credentials_source or (lambda: None)
        # Replaceable dialogs (tests, scripted use): no modal pops up when these are set.
        self.choose_download_folder: Callable[[], str | None] = (
            lambda: ask_download_folder(self, self.download_start_dir()))
        self.choose_upload_files: Callable[[], Sequence[str]] = lambda: ask_upload_files(self)
        self.ask_folder_name: Callable[[], str | None] = lambda: ask_folder_name(self)
        self.confirm: Callable[[str, str], bool] = lambda title, text: confirm(self, title, text)
        self.ask_overwrite: Callable[[Any, int], Any] = (
            lambda item, remaining: ask_overwrite(self, item, remaining))
        self.follow_links = False  # folder uploads: symbolic links are not followed
        self._listed_once = False  # the profile's bucket is listed when first shown
        self.bucket = ""
        self.prefix = ""
        self._listing: Task | None = None
        self._listing_id = 0
        self._pages = 0
        self._core_lock = threading.Lock()
        self._core: Any = None
        self._core_key: tuple[int, int] | None = None
        self.last_url: str | None = None
        self._download_dir: str | None = None  # the last folder chosen, this session only
        self._menu_actions: list[tuple[QtGui.QAction, QtWidgets.QPushButton]] = []
        self._status_working: tuple[str, str] | None = None  # (working line, line before)
        self._build()
        state.profile_changed.connect(self._on_profile_changed)
        state.session_changed.connect(self._update_signing)
        state.credentials_changed.connect(self._update_signing)
        self._on_profile_changed(state.profile)

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        self.bucket_edit = QtWidgets.QLineEdit()
        self.bucket_edit.setAccessibleName("Bucket")
        self.bucket_edit.setPlaceholderText("bucket name (from the profile, or type one)")
        self.bucket_edit.returnPressed.connect(lambda: self.open_bucket(self.bucket_edit.text()))
        self.prefix_edit = QtWidgets.QLineEdit()
        self.prefix_edit.setAccessibleName("Prefix")
        self.prefix_edit.setPlaceholderText("prefix, e.g. photos/2024/")
        self.prefix_edit.returnPressed.connect(self._go_typed)
        self.list_button = QtWidgets.QPushButton("Li&st")
        self.list_button.setAccessibleName("List")
        self.list_button.setToolTip("List the bucket at this prefix (Enter in either field)")
        self.list_button.clicked.connect(self._go_typed)
        bucket_label = plain.label("&Bucket:")
        bucket_label.setBuddy(self.bucket_edit)
        prefix_label = plain.label("Prefi&x:")
        prefix_label.setBuddy(self.prefix_edit)
        top = QtWidgets.QHBoxLayout()
        top.addWidget(bucket_label)
        top.addWidget(self.bucket_edit, 2)
        top.addWidget(prefix_label)
        top.addWidget(self.prefix_edit, 3)
        top.addWidget(self.list_button)

        self.up_button = QtWidgets.QToolButton()
        self.up_button.setIcon(
            self.style().standardIcon(QtWidgets.QStyle.StandardPixmap.SP_FileDialogToParent)
        )
        self.up_button.setAccessibleName("Up one level")
        self.up_button.setToolTip("Up one level (Backspace or Alt+Up)")
        self.up_button.clicked.connect(self.go_up)
        self.breadcrumb = Breadcrumb()
        self.breadcrumb.navigate.connect(self.navigate)
        crumbs = QtWidgets.QHBoxLayout()
        crumbs.addWidget(self.up_button)
        crumbs.addWidget(self.breadcrumb, 1)

        def button(text: str, name: str, tip: str, slot: Callable[[], Any]) -> Any:
            widget = QtWidgets.QPushButton(text)
            widget.setAccessibleName(name)
            plain.set_tooltip(widget, tip)
            widget.clicked.connect(slot)
            return widget

        self.upload_button = button("&Upload…", "Upload",
                                    "Upload files here (or drop files on the list)", self.upload)
        self.download_button = button("&Download…", "Download",
                                      "Download the selected objects and folders to a folder "
                                      "(folders with everything in them)", self.download)
        self.delete_button = button("De&lete…", "Delete",
                                    "Delete the selected objects (asks first)", self.delete)
        self.new_folder_button = button("Ne&w folder…", "New folder",
                                        "Create a folder (an empty 'name/' object)",
                                        self.new_folder)
        self.presign_button = button("Copy presi&gned URL", "Copy presigned URL",
                                     "Copy a link anyone can use to download the selected "
                                     "object, for the chosen time", self.copy_presigned_url)
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
        actions = QtWidgets.QHBoxLayout()
        for widget in (self.upload_button, self.download_button, self.delete_button,
                       self.new_folder_button, self.presign_button, self.lifetime_combo):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.filter_edit)

        self.error_label = plain.label()
        self.error_label.setAccessibleName("S3 error")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        style_box(self.error_label, "error", self.palette())
        self.error_label.hide()
        self.note_label = plain.label()
        self.note_label.setAccessibleName("S3 note")
        self.note_label.setWordWrap(True)
        self.note_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note_label.hide()
        self.presigned_box = PresignedUrlBox()
        self.signing_label = plain.label()
        self.signing_label.setAccessibleName("Signing identity")
        self.signing_label.setToolTip("The identity-pool credentials S3 requests are signed "
                                      "with (details in the Credentials tab)")
        self.signing_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)

        self.model = ObjectsModel(self)
        self.proxy = ObjectsFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = ObjectsView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(NAME, Qt.SortOrder.AscendingOrder)
        self.view.open_requested.connect(self._open_index)
        self.view.up_requested.connect(self.go_up)
        self.view.delete_requested.connect(self.delete)
        self.view.files_dropped.connect(self.upload_files)
        self.view.selectionModel().selectionChanged.connect(self._refresh_actions)
        self.view.selectionModel().currentChanged.connect(self._refresh_actions)
        # The same actions on the table's context menu (right click or the Menu key).
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for text, source in (("Download…", self.download_button),
                             ("Copy presigned URL", self.presign_button),
                             ("Delete…", self.delete_button),
                             ("Upload…", self.upload_button),
                             ("New folder…", self.new_folder_button)):
            action = QtGui.QAction(text, self.view)
            action.triggered.connect(source.click)
            self._menu_actions.append((action, source))
            self.view.addAction(action)
        self.view.addAction(QtGui.QAction(self.view, separator=True))
        self.follow_links_action = QtGui.QAction(
            "Follow symbolic links in uploaded folders", self.view, checkable=True)
        self.follow_links_action.setToolTip("Off: links that lead out of a folder are "
                                            "skipped (and named), never uploaded")
        self.follow_links_action.toggled.connect(lambda on: setattr(self, "follow_links", on))
        self.view.addAction(self.follow_links_action)
        self.filter_edit.textChanged.connect(self.proxy.set_filter_text)

        self.status_label = plain.label()
        self.status_label.setAccessibleName("Listing status")
        self.cancel_listing_button = QtWidgets.QPushButton("Cancel")
        self.cancel_listing_button.setAccessibleName("Cancel listing")
        self.cancel_listing_button.clicked.connect(self.cancel_listing)
        self.cancel_listing_button.hide()
        status = QtWidgets.QHBoxLayout()
        status.addWidget(self.status_label, 1)
        status.addWidget(self.cancel_listing_button)

        self.transfers = TransferList()

        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.signing_label)
        layout.addLayout(crumbs)
        layout.addLayout(actions)
        layout.addWidget(self.error_label)
        layout.addWidget(self.note_label)
        layout.addWidget(self.presigned_box)
        layout.addWidget(self.view, 1)
        layout.addLayout(status)
        layout.addWidget(self.transfers)
        self.breadcrumb.changed.connect(self._order_focus_chain)
        self._order_focus_chain()
        find = QtGui.QShortcut(QtGui.QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(lambda: (self.filter_edit.setFocus(),
                                        self.filter_edit.selectAll()))
        reload = QtGui.QShortcut(QtGui.QKeySequence.StandardKey.Refresh, self)
        reload.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        reload.activated.connect(self.refresh)
        self._refresh_actions()

    def changeEvent(self, event: QtCore.QEvent) -> None:
        if event.type() == QtCore.QEvent.Type.PaletteChange:
            style_box(self.error_label, "error", self.palette())  # light/dark switch
        super().changeEvent(event)

    def _order_focus_chain(self) -> None:
        """Tab goes through the panel top to bottom, breadcrumb buttons included (they are
        recreated on every navigation and would otherwise land at the end of the chain)."""
        chain: list[QtWidgets.QWidget] = [
            self.bucket_edit, self.prefix_edit, self.list_button, self.up_button,
            *self.breadcrumb.buttons,
            self.upload_button, self.download_button, self.delete_button,
            self.new_folder_button, self.presign_button, self.lifetime_combo, self.filter_edit,
            self.presigned_box.field, self.view, self.cancel_listing_button, self.transfers,
        ]
        for first, second in itertools.pairwise(chain):
            QtWidgets.QWidget.setTabOrder(first, second)

    # ------------------------------------------------------------ navigation

    def open_bucket(self, bucket: str, prefix: str = "") -> Task | None:
        """List `bucket` at `prefix` (the bucket field follows)."""
        self.bucket = bucket.strip()
        self.bucket_edit.setText(self.bucket)
        return self.navigate(prefix)

    def navigate(self, prefix: str) -> Task | None:
        """List the current bucket at `prefix`; rows arrive page by page."""
        from tokenexplorer.aws.s3 import folder_prefix

        self.cancel_listing()
        self._hide_messages()
        self.presigned_box.clear()
        self._listed_once = True
        self.prefix = folder_prefix(prefix)
        self.prefix_edit.setText(shown_key(self.prefix))
        self.breadcrumb.set_path(self.bucket, self.prefix)
        self.model.reset(self.prefix)
        self._pages = 0
        self._refresh_actions()
        if not self.bucket:
            self._show_error("Type a bucket name (or choose a profile that names one).")
            return None
        core = self._core_browser()
        if core is None:
            return None
        self._listing_id += 1
        listing_id = self._listing_id
        bucket, prefix_now, page_size = self.bucket, self.prefix, self.page_size

        def work(ctx: Any) -> int:
            count = 0
            core.prepare(bucket)  # credentials and the S3 client (botocore's model) first
            freeze_long_lived_objects()
            for page in core.list_prefix(bucket, prefix_now, page_size,
                                         cancelled=lambda: ctx.cancelled):
                ctx.progress(page)
                count += len(page.folders) + len(page.objects)
            return count

        self.status_label.setText(f"Listing s3://{shown_key(bucket)}/{shown_key(prefix_now)} …")
        self.cancel_listing_button.show()
        self._listing = run_task(
            self, work,
            name="s3 list",
            on_progress=lambda page: self._on_page(listing_id, page),
            on_result=lambda count: self._on_listed(listing_id, count),
            on_error=lambda exc: self._on_list_failed(listing_id, exc),
        )
        return self._listing

    def refresh(self) -> Task | None:
        return self.navigate(self.prefix)

    def go_up(self) -> None:
        if self.prefix:
            self.navigate(parent_prefix(self.prefix))

    def cancel_listing(self) -> None:
        if self._listing is not None and self._listing.running:
            self._listing.cancel()
            self.status_label.setText(self._count_text() + " (listing cancelled)")
        self._listing_id += 1
        self.cancel_listing_button.hide()

    def _go_typed(self) -> None:
        self.bucket = self.bucket_edit.text().strip()
        typed = self.prefix_edit.text().strip()
        # The field shows the current prefix escaped; unchanged, it still means that prefix.
        self.navigate(self.prefix if typed == shown_key(self.prefix).strip() else typed)

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        if not self._listed_once:
            self._list_on_open()

    def _list_on_open(self) -> None:
        """The profile's bucket is listed when the tab is first shown (and when the profile
        changes while it is shown), once credentials can be had without asking."""
        if (self.bucket and self.state.profile is not None
                and self._credentials_source() is not None):
            self.navigate("")

    def _open_index(self, index: QtCore.QModelIndex) -> None:
        if index.isValid() and index.data(IS_FOLDER_ROLE):
            source = self.proxy.mapToSource(index)
            self.navigate(self.model.row_at(source.row()).key)

    # ------------------------------------------------------------ listing results

    def _on_page(self, listing_id: int, page: Any) -> None:
        if listing_id != self._listing_id:
            return  # a page of a listing we left
        self._pages = page.number
        self.model.add_page(page.folders, page.objects)
        if self.view.currentIndex().row() < 0 and self.proxy.rowCount() > 0:
            self.view.setCurrentIndex(self.proxy.index(0, NAME))
            self.view.clearSelection()
            if self.view.hasFocus():
                self.view.select_current_row()  # the keyboard is on it: act on it
        more = "" if page.is_last else " …"
        self.status_label.setText(self._count_text() + more)

    def _on_listed(self, listing_id: int, count: int) -> None:
        if listing_id != self._listing_id:
            return
        self.cancel_listing_button.hide()
        text = self._count_text()
        if self.model.rowCount() == 0:
            text = f"s3://{shown_key(self.bucket)}/{shown_key(self.prefix)} is empty."
        self.status_label.setText(text)
        self._refresh_actions()
        self.listing_finished.emit(self.model.rowCount())

    def _on_list_failed(self, listing_id: int, exc: BaseException) -> None:
        if listing_id != self._listing_id:
            return
        self.cancel_listing_button.hide()
        message = error_text(exc)
        self._show_error(message)
        self.status_label.setText(self._count_text() + " (listing stopped)")
        self.listing_failed.emit(message)

    def _count_text(self) -> str:
        folders, objects = self.model.folder_count, self.model.object_count
        pages = f" in {self._pages} page{'s' * (self._pages != 1)}" if self._pages else ""
        return (f"{folders:,} folder{'s' * (folders != 1)}, "
                f"{objects:,} object{'s' * (objects != 1)}{pages}")

    # ------------------------------------------------------------ selection

    def selected_rows(self) -> list[ObjectRow]:
        rows = self.view.selectionModel().selectedRows(NAME)
        return [self.model.row_at(self.proxy.mapToSource(i).row()) for i in rows]

    def select_keys(self, keys: Sequence[str]) -> None:
        """Select the rows of these keys (for keyboard-free scripting and tests)."""
        wanted = set(keys)
        selection = QtCore.QItemSelection()
        for number, row in enumerate(self.model.rows()):
            if row.key in wanted:
                proxy_index = self.proxy.mapFromSource(self.model.index(number, NAME))
                if proxy_index.isValid():
                    selection.select(proxy_index, proxy_index)
        flags = (QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QtCore.QItemSelectionModel.SelectionFlag.Rows)
        self.view.selectionModel().select(selection, flags)

    def _refresh_actions(self, *_: Any) -> None:
        rows = self.selected_rows() if self.view.selectionModel() else []
        objects = [r for r in rows if not r.is_folder]
        has_bucket = bool(self.bucket)
        self.up_button.setEnabled(bool(self.prefix))  # nothing above the bucket root
        self.upload_button.setEnabled(has_bucket)
        self.new_folder_button.setEnabled(has_bucket)
        self.download_button.setEnabled(bool(rows))
        self.delete_button.setEnabled(bool(rows))
        self.presign_button.setEnabled(len(objects) == 1 and len(rows) == 1)
        self.lifetime_combo.setEnabled(self.presign_button.isEnabled())
        for action, source in self._menu_actions:
            action.setEnabled(source.isEnabled())

    # ------------------------------------------------------------ actions

    def download(self) -> Task | None:
        """Download the selected objects, and folders with everything below them; names
        taken on disk are asked about (s3_download)."""
        from tokenexplorer.ui.aws.s3_download import start_download

        rows = self.selected_rows()
        if not rows:
            self._show_note("Select one or more objects or folders to download.")
            return None
        folder = self.choose_download_folder()
        if not folder:
            return None
        self._download_dir = folder
        return start_download(self, rows, folder)

    def upload(self) -> Task | None:
        files = list(self.choose_upload_files())
        return self.upload_files(files) if files else None

    def upload_files(self, files: Sequence[str]) -> Task | None:
        """Upload local files (or folders, recursively) into the current prefix."""
        if not self.bucket:
            self._show_error("Choose a bucket before uploading.")
            return None
        core = self._core_browser()
        if core is None:
            return None
        paths = [Path(f) for f in files]
        bucket, prefix, follow = self.bucket, self.prefix, self.follow_links
        title = (f"Upload {paths[0].name}" if len(paths) == 1
                 else f"Upload {len(paths)} items") + f" → s3://{bucket}/{prefix}"
        skipped: list[Path] = []

        def work(ctx: Any) -> list[str]:
            return core.upload(bucket, prefix, paths, progress=lambda d, t: ctx.progress((d, t)),
                               cancelled=lambda: ctx.cancelled, follow_links=follow,
                               skipped_links=skipped)

        def done(keys: list[str]) -> None:
            note = f"Uploaded {len(keys)} object{'s' * (len(keys) != 1)}."
            if skipped:
                names = ", ".join(str(p) for p in skipped[:5]) + (" …" * (len(skipped) > 5))
                note += (f" {len(skipped)} symbolic link{'s' * (len(skipped) != 1)} not "
                         f"followed (they lead out of the folder, or to a folder): {names}.")
            if self.bucket == bucket and self.prefix == prefix:
                self.refresh()  # first: a new listing clears the messages
            self._show_note(note)
            self.action_finished.emit("upload")

        return self._transfer(title, work, done)

    def delete(self) -> Task | None:
        rows = self.selected_rows()
        if not rows:
            return None
        folders = [r for r in rows if r.is_folder]
        objects = [r for r in rows if not r.is_folder]
        parts = []
        if objects:
            names = ", ".join(r.name for r in objects[:5]) + (" …" if len(objects) > 5 else "")
            parts.append(f"{len(objects)} object{'s' * (len(objects) != 1)} ({names})")
        if folders:
            names = ", ".join(r.name for r in folders[:5]) + (" …" if len(folders) > 5 else "")
            parts.append(f"{len(folders)} folder{'s' * (len(folders) != 1)} ({names}) "
                         "with everything under them")
        text = (f"Delete {' and '.join(parts)} from s3://{self.bucket}/?\n\n"
                "This cannot be undone (unless the bucket keeps versions).")
        if not self.confirm("Delete from S3", shown(text)):
            return None
        core = self._core_browser()
        if core is None:
            return None
        bucket = self.bucket
        keys = [r.key for r in objects]
        folder_prefixes = [r.key for r in folders]

        def work(ctx: Any) -> Any:
            from tokenexplorer.aws.s3 import DeleteResult

            deleted: list[str] = []
            failed: dict[str, str] = {}
            for result in ([core.delete(bucket, keys)] if keys else []):
                deleted += result.deleted
                failed.update(result.failed)
            for prefix in folder_prefixes:
                before = len(deleted)

                def progress(done: int, _listed: int, before: int = before) -> None:
                    ctx.progress(before + done)

                result = core.delete_prefix(bucket, prefix, progress=progress,
                                            cancelled=lambda: ctx.cancelled)
                deleted += result.deleted
                failed.update(result.failed)
            return DeleteResult(deleted, failed)

        def done(result: Any) -> None:
            text = f"Deleted {len(result.deleted)} object{'s' * (len(result.deleted) != 1)}."
            self.refresh()  # first: a new listing clears the messages
            if result.failed:
                first = next(iter(result.failed.values()))
                self._show_error(f"{len(result.failed)} could not be deleted. {first}")
            self._show_note(text)
            self.action_finished.emit("delete")

        return self._action("delete", work, done, progress=lambda count: self.status_label
                            .setText(f"Deleting: {count:,} object{'s' * (count != 1)} "
                                     "deleted…"))

    def new_folder(self) -> Task | None:
        if not self.bucket:
            return None
        name = self.ask_folder_name()
        if not name:
            return None
        name = name.strip().strip("/")
        if not name:
            return None
        core = self._core_browser()
        if core is None:
            return None
        bucket, key = self.bucket, self.prefix + name + "/"

        def done(created: str) -> None:
            self.refresh()  # first: a new listing clears the messages
            self._show_note(f"Created the folder {created} (an empty object named after it).")
            self.action_finished.emit("new folder")

        return self._action("new folder", lambda ctx: core.create_folder(bucket, key), done)

    def copy_presigned_url(self) -> Task | None:
        """Sign a GET URL for the selected object and copy it (only on this explicit click)."""
        rows = [r for r in self.selected_rows() if not r.is_folder]
        if len(rows) != 1:
            self._show_note("Select exactly one object to share.")
            return None
        core = self._core_browser()
        if core is None:
            return None
        bucket, key = self.bucket, rows[0].key
        seconds = int(self.lifetime_combo.currentData())
        label = self.lifetime_combo.currentText()

        def done(presigned: Any) -> None:
            self.last_url = presigned.url
            QtWidgets.QApplication.clipboard().setText(presigned.url)
            self.presigned_box.show_url(presigned.url)
            until = presigned.expires_at.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")
            note = (f"Copied a presigned URL for {key}: anyone with it can download the "
                    f"object for {label} (until {until}).")
            if presigned.note:
                note += " " + presigned.note
            self._show_note(note)
            self.action_finished.emit("presigned")

        return self._action(
            "presigned", lambda ctx: core.presigned_get_url(bucket, key, seconds), done
        )

    # ------------------------------------------------------------ running work

    def _transfer(self, title: str, work: Callable[[Any], Any],
                  done: Callable[[Any], None]) -> Task:
        self._hide_messages()
        task = run_task(self, work, name="s3 transfer", on_result=done,
                        on_error=lambda exc: self._on_action_failed(exc))
        self.transfers.add(title, task)
        return task

    def _action(self, name: str, work: Callable[[Any], Any], done: Callable[[Any], None],
                progress: Callable[[Any], None] | None = None) -> Task:
        """Run a short S3 action; the status line says so until it ends, then shows again
        what it showed before (unless the action replaced it, e.g. with a new listing)."""
        self._hide_messages()
        resting = self.status_label.text()
        if self._status_working is not None:
            resting = self._status_working[1]  # another action's line is not a resting one
        working = f"Working: {name}…"
        self.status_label.setText(working)
        self._status_working = (working, resting)

        def finished() -> None:
            if self._status_working is not None and self._status_working[0] == working:
                if self.status_label.text().startswith(("Working:", "Deleting:")):
                    self.status_label.setText(resting)
                self._status_working = None

        task = run_task(self, work, name=f"s3 {name}", on_result=done, on_progress=progress,
                        on_error=lambda exc: self._on_action_failed(exc))
        task.done.connect(finished)
        return task

    def _on_action_failed(self, exc: BaseException) -> None:
        if getattr(exc, "code", None) == "cancelled":
            return
        self._show_error(error_text(exc))

    def _core_browser(self) -> Any:
        """The core S3Browser for the profile and current credentials (made on first use)."""
        profile = self.state.profile
        if profile is None:
            self._show_error("Choose a profile first: its identity pool gives the credentials "
                             "S3 requests are signed with.")
            return None
        source = self._credentials_source()
        if source is None:
            self._show_error("There are no AWS credentials yet: get them in the Credentials tab.")
            return None
        key = (id(profile), id(source))
        with self._core_lock:
            if self._core is None or self._core_key != key:
                from tokenexplorer.aws.s3 import S3Browser

                self._core = LazyCore(lambda: S3Browser.for_profile(
                    profile, source, self.state.activity))
                self._core_key = key
            return self._core

    # ------------------------------------------------------------ messages and state

    def _show_error(self, text: str) -> None:
        self.error_label.setText(shown(text))
        self.error_label.show()

    def _show_note(self, text: str) -> None:
        self.note_label.setText(shown(text))
        self.note_label.show()

    def _hide_messages(self) -> None:
        self.error_label.hide()
        self.error_label.clear()
        self.note_label.hide()
        self.note_label.clear()

    def download_start_dir(self) -> str:
        """Where the download dialog opens: the folder chosen last in this session, else
        the user's Downloads folder (else a new folder in home, never home itself). The
        choice is never written to disk."""
        return self._download_dir or default_download_dir()

    def _update_signing(self, *_: Any) -> None:
        """Say which identity S3 requests are signed with, as it changes."""
        state = self.state
        if state.profile is None:
            self.signing_label.clear()
            self.signing_label.hide()
            return
        creds, session = state.credentials, state.session
        name = session_username(session)
        kind = creds.kind if creds is not None else (
            "authenticated" if session is not None else "guest")
        if kind == "authenticated":
            who = f"authenticated as {name}" if name else "authenticated"
        elif session is None:
            who = "guest (no sign-in)"
        else:
            who = f"guest, as chosen in the Credentials tab (you are signed in as {name})"
        if creds is not None:
            text = f"Signed requests: {shown_key(who)} (identity {shown_key(creds.identity_id)})"
        else:
            text = f"Signed requests: {who}; the credentials are fetched with the first request"
        self.signing_label.setText(text)
        self.signing_label.show()

    def _on_profile_changed(self, profile: Any) -> None:
        self.cancel_listing()
        with self._core_lock:
            self._core = None
            self._core_key = None
        self.bucket = (getattr(profile, "bucket", None) or "") if profile else ""
        self.bucket_edit.setText(self.bucket)
        self.prefix = ""
        self.prefix_edit.clear()
        self.model.reset("")
        self.breadcrumb.set_path(self.bucket, "")
        self.status_label.setText(
            "Press Enter or List to browse." if self.bucket else "Type a bucket name."
        )
        self._hide_messages()
        self.presigned_box.clear()
        self._refresh_actions()
        self._update_signing()
        self._listed_once = False
        if self.isVisible():
            self._list_on_open()


__all__ = ["Breadcrumb", "ObjectsView", "S3BrowserPanel", "parent_prefix"]
