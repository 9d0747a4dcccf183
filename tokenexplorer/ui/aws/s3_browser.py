"""The S3 tab: browse a bucket's prefixes as folders, transfer objects, share a URL.

Every S3 call runs in a background task through the core's `aws.s3.S3Browser`; listing
pages are appended to the model as they arrive, so the first rows show after the first
page and a 20,000-object prefix never freezes the window. Which listing is current, and
where Up and typed prefixes lead, is `aws.s3_browse.BrowseState` (no Qt); the buttons'
work is `s3_actions`; the rows of controls are `s3_layout`. Errors are the core's
explanations, shown inline above the table. Dialogs (folders, files, confirmations) go
through replaceable callables, so tests drive everything without popping a dialog. The
tab knows the rest of the window only through AppState (profile, session, credentials)
and the credentials source it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from tokenexplorer.aws.s3_browse import PAGE_SIZE, BrowseState
from tokenexplorer.aws.s3_types import CredentialsSource
from tokenexplorer.ui.aws.overwrite_dialog import AskOne, ask_overwrite
from tokenexplorer.ui.aws.presigned import PresignedUrlBox
from tokenexplorer.ui.aws.s3_actions import S3Actions
from tokenexplorer.ui.aws.s3_core import BrowserHandle, CoreBrowsers
from tokenexplorer.ui.aws.s3_layout import (
    ActionBar,
    LocationBar,
    MessageLabel,
    StatusLine,
    follow_links_action,
    set_tab_order,
    signing_label,
)
from tokenexplorer.ui.aws.s3_listing import S3Listing
from tokenexplorer.ui.aws.s3_masking import S3Masking
from tokenexplorer.ui.aws.s3_models import (
    NAME,
    ObjectRow,
    ObjectsFilterProxy,
    ObjectsModel,
)
from tokenexplorer.ui.aws.s3_signing import signing_text
from tokenexplorer.ui.aws.s3_widgets import (
    Breadcrumb,
    ObjectsView,
    ask_download_folder,
    ask_folder_name,
    ask_upload_files,
    confirm,
    default_download_dir,
)
from tokenexplorer.ui.aws.transfers import TransferList
from tokenexplorer.ui.masking_view import MaskingView
from tokenexplorer.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from tokenexplorer.ui.state import AppState
from tokenexplorer.ui.tasks import Task

if TYPE_CHECKING:
    from tokenexplorer.cognito.profiles import Profile


class S3BrowserPanel(QtWidgets.QWidget):
    """Bucket, breadcrumb, filterable object table, actions and transfers."""

    listing_finished = Signal(int)  # rows listed
    listing_failed = Signal(str)  # the message shown
    action_finished = Signal(str)  # "upload", "download", "delete", "new folder", "presigned"

    def __init__(
        self,
        state: AppState,
        credentials_source: Callable[[], CredentialsSource | None] | None = None,
        parent: QtWidgets.QWidget | None = None,
        page_size: int = PAGE_SIZE,
        masking: MaskingView | None = None,
    ) -> None:
        """`masking`: the window's (PanelHost.masking): keys and identities follow it."""
        super().__init__(parent)
        self.state = state
        self.setAccessibleName("S3 browser")
        self.browse = BrowseState()
        self.page_size = page_size
        self._credentials_source = credentials_source or (lambda: None)
        # Replaceable dialogs (tests, scripted use): no modal pops up when these are set.
        self.choose_download_folder: Callable[[], str | None] = (
            lambda: ask_download_folder(self, self.download_start_dir()))
        self.choose_upload_files: Callable[[], Sequence[str]] = lambda: ask_upload_files(self)
        self.ask_folder_name: Callable[[], str | None] = lambda: ask_folder_name(self)
        self.confirm: Callable[[str, str], bool] = lambda title, text: confirm(self, title, text)
        self.ask_overwrite: AskOne = (
            lambda item, remaining: ask_overwrite(self, item, remaining))
        self._cores = CoreBrowsers()
        self.last_url: str | None = None
        self.download_dir: str | None = None  # the last folder chosen, this session only
        self.operations = S3Actions(self)
        self.listing = S3Listing(self)
        self._build()
        self.masked = S3Masking(self, masking)
        self._connect()
        state.profile_changed.connect(self._on_profile_changed)
        state.session_changed.connect(self._update_signing)
        state.credentials_changed.connect(self._update_signing)
        self._on_profile_changed(state.profile)

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        self.location = LocationBar(self.style())
        self.bucket_edit, self.prefix_edit = self.location.bucket_edit, self.location.prefix_edit
        self.list_button, self.up_button = self.location.list_button, self.location.up_button
        self.breadcrumb: Breadcrumb = self.location.breadcrumb
        self.actions_bar = ActionBar()
        self.filter_edit = self.actions_bar.filter_edit
        self.error_label = MessageLabel("S3 error", "error")
        self.note_label = MessageLabel("S3 note")
        self.presigned_box = PresignedUrlBox()
        self.signing_label = signing_label()
        self.model = ObjectsModel(self)
        self.proxy = ObjectsFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = ObjectsView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(NAME, Qt.SortOrder.AscendingOrder)
        self.actions_bar.mirror_on(self.view)
        # Folder uploads follow symbolic links only when this is ticked (off by default).
        self.follow_links_action = follow_links_action(self.view)
        self.status = StatusLine()
        self.status_label, self.cancel_listing_button = self.status.label, self.status.cancel_button
        self.transfers = TransferList()
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(self.location.fields)
        layout.addWidget(self.signing_label)
        layout.addLayout(self.location.crumbs)
        layout.addLayout(self.actions_bar.row)
        for widget in (self.error_label, self.note_label, self.presigned_box):
            layout.addWidget(widget)
        layout.addWidget(self.view, 1)
        layout.addLayout(self.status.row)
        layout.addWidget(self.transfers)

    def _connect(self) -> None:
        self.bucket_edit.returnPressed.connect(
            lambda: self.listing.open_bucket(self.bucket_edit.text()))
        self.prefix_edit.returnPressed.connect(self.listing.go_typed)
        self.list_button.clicked.connect(self.listing.go_typed)
        self.up_button.clicked.connect(self.listing.go_up)
        self.breadcrumb.navigate.connect(self.navigate)
        bar = self.actions_bar
        for button, slot in ((bar.upload_button, self.upload),
                             (bar.download_button, self.download),
                             (bar.delete_button, self.delete),
                             (bar.new_folder_button, self.new_folder),
                             (bar.presign_button, self.copy_presigned_url)):
            button.clicked.connect(slot)
        self.view.open_requested.connect(self.listing.open_index)
        self.view.up_requested.connect(self.listing.go_up)
        self.view.delete_requested.connect(self.delete)
        self.view.files_dropped.connect(self.upload_files)
        self.view.selectionModel().selectionChanged.connect(self.refresh_actions)
        self.view.selectionModel().currentChanged.connect(self.refresh_actions)
        self.filter_edit.textChanged.connect(self.proxy.set_filter_text)
        self.cancel_listing_button.clicked.connect(self.listing.cancel)
        self.breadcrumb.changed.connect(self._order_focus_chain)
        self._order_focus_chain()
        find = QtGui.QShortcut(QtGui.QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.filter_edit.setFocus)
        find.activated.connect(self.filter_edit.selectAll)
        reload = QtGui.QShortcut(QtGui.QKeySequence.StandardKey.Refresh, self)
        reload.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        reload.activated.connect(self.refresh)
        self.refresh_actions()

    def changeEvent(self, event: QtCore.QEvent) -> None:
        if event.type() == QtCore.QEvent.Type.PaletteChange:
            self.error_label.restyle(self.palette())  # light/dark switch
        super().changeEvent(event)

    def _order_focus_chain(self) -> None:
        """Tab goes through the panel top to bottom, breadcrumb buttons included (they are
        recreated on every navigation and would otherwise land at the end of the chain)."""
        set_tab_order([
            self.bucket_edit, self.prefix_edit, self.list_button, self.up_button,
            *self.breadcrumb.buttons, *self.actions_bar.buttons(),
            self.actions_bar.lifetime_combo, self.filter_edit,
            self.presigned_box.field, self.view, self.cancel_listing_button, self.transfers,
        ])

    @property
    def bucket(self) -> str:
        return self.browse.bucket

    @property
    def prefix(self) -> str:
        return self.browse.prefix

    # ------------------------------------------------------------ navigation (s3_listing)

    def navigate(self, prefix: str) -> Task | None:
        """List the current bucket at `prefix`; rows arrive page by page."""
        return self.listing.navigate(prefix)

    def refresh(self) -> Task | None:
        return self.listing.navigate(self.prefix)

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        self.listing.list_on_open(self._can_sign())

    def _can_sign(self) -> bool:
        return self.state.profile is not None and self._credentials_source() is not None

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

    def refresh_actions(self, *_: object) -> None:
        """Enable what the selection and the location allow."""
        rows = self.selected_rows() if self.view.selectionModel() else []
        self.up_button.setEnabled(bool(self.prefix))  # nothing above the bucket root
        self.actions_bar.enable(rows, bool(self.bucket))

    # ------------------------------------------------------------ actions (s3_actions)

    def download(self) -> Task | None:
        return self.operations.download()

    def upload(self) -> Task | None:
        files = list(self.choose_upload_files())
        return self.upload_files(files) if files else None

    def upload_files(self, files: Sequence[str]) -> Task | None:
        return self.operations.upload_files(files)

    def delete(self) -> Task | None:
        return self.operations.delete()

    def new_folder(self) -> Task | None:
        return self.operations.new_folder()

    def copy_presigned_url(self) -> Task | None:
        return self.operations.copy_presigned_url()

    def core_browser(self) -> BrowserHandle | None:
        """The core S3Browser for the profile and current credentials (made on first use,
        on a worker); None, with the reason shown, when there is nothing to sign with."""
        profile = self.state.profile
        if profile is None:
            self.error_label.say("Choose a profile first: its identity pool gives the "
                                 "credentials S3 requests are signed with.")
            return None
        source = self._credentials_source()
        if source is None:
            self.error_label.say("There are no AWS credentials yet: get them in the "
                                 "Credentials tab.")
            return None
        return self._cores.handle_for(profile, source, self.state.activity)

    # ------------------------------------------------------------ messages and state

    def hide_messages(self) -> None:
        self.error_label.dismiss()
        self.note_label.dismiss()

    def download_start_dir(self) -> str:
        """Where the download dialog opens: the folder chosen last in this session, else
        the user's Downloads folder (else a new folder in home, never home itself). The
        choice is never written to disk."""
        return self.download_dir or default_download_dir()

    def _update_signing(self, *_: object) -> None:
        """Say which identity S3 requests are signed with, as it changes."""
        text = signing_text(self.state)
        self.masked.texts.show(self.signing_label, text or "")
        self.signing_label.setVisible(text is not None)

    def _on_profile_changed(self, profile: Profile | None) -> None:
        self.listing.cancel()
        self._cores.forget()
        self.browse.reset((profile.bucket or "") if profile is not None else "",
                          sandbox=profile is not None and profile.is_sandbox)
        self.bucket_edit.setText(self.bucket)
        self.prefix_edit.clear()
        self.model.reset("")
        self.breadcrumb.set_path(self.bucket, "")
        self.status.say("Press Enter or List to browse." if self.bucket
                        else "Type a bucket name.")
        self.hide_messages()
        self.presigned_box.clear()
        self.refresh_actions()
        self._update_signing()
        if self.isVisible():
            self.listing.list_on_open(self._can_sign())


__all__ = ["Breadcrumb", "ObjectsView", "S3BrowserPanel"]
