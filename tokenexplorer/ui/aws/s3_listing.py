"""The S3 tab's listings: started on a worker, their pages put in the table as they come.

What to list and which listing is current is the core's `aws.s3_browse.BrowseState`; this
class renders it: fields, breadcrumb, model, status line, Cancel. A page of a listing the
user left is dropped here, before it reaches the model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tokenexplorer.aws.s3_browse import Listing
from tokenexplorer.aws.s3_types import ListingPage
from tokenexplorer.ui.aws.s3_core import BrowserHandle
from tokenexplorer.ui.aws.s3_models import IS_FOLDER_ROLE, NAME
from tokenexplorer.ui.aws.shown import shown_key
from tokenexplorer.ui.errors import error_text
from tokenexplorer.ui.qt import QtCore
from tokenexplorer.ui.tasks import Task, TaskContext, run_task

if TYPE_CHECKING:
    from tokenexplorer.ui.aws.s3_browser import S3BrowserPanel


def list_pages(core: BrowserHandle, listing: Listing, ctx: TaskContext) -> int:
    """The worker's side of a listing: every page reported as progress; the row count."""
    count = 0
    browser = core.get()
    browser.prepare(listing.bucket)  # credentials and the S3 client (botocore's model) first
    for page in browser.list_prefix(listing.bucket, listing.prefix, listing.page_size,
                                    cancelled=lambda: ctx.cancelled):
        ctx.progress(page)
        count += len(page.folders) + len(page.objects)
    return count


class S3Listing:
    """Runs the listings of one panel (at most one current at a time)."""

    def __init__(self, panel: S3BrowserPanel) -> None:
        self.panel = panel
        self.browse = panel.browse
        self._task: Task | None = None

    def open_bucket(self, bucket: str, prefix: str = "") -> Task | None:
        """List `bucket` at `prefix` (the bucket field follows)."""
        self.browse.bucket = bucket.strip()
        self.panel.bucket_edit.setText(self.browse.bucket)
        return self.navigate(prefix)

    def navigate(self, prefix: str) -> Task | None:
        """List the current bucket at `prefix`; rows arrive page by page."""
        panel = self.panel
        self.cancel()
        panel.hide_messages()
        panel.presigned_box.clear()
        self.browse.go_to(prefix)
        panel.masked.show_prefix(self.browse.prefix)
        panel.breadcrumb.set_path(self.browse.bucket, self.browse.prefix)
        panel.model.reset(self.browse.prefix)
        panel.refresh_actions()
        if not self.browse.bucket:
            panel.error_label.say("Type a bucket name (or choose a profile that names one).")
            return None
        core = panel.core_browser()
        if core is None:
            return None
        listing = self.browse.start(panel.page_size)
        panel.status.say(
            f"Listing s3://{shown_key(listing.bucket)}/{shown_key(listing.prefix)} …")
        panel.cancel_listing_button.show()
        self._task = run_task(
            panel, lambda ctx: list_pages(core, listing, ctx), name="s3 list",
            on_progress=lambda page: self._on_page(listing, page),
            on_result=lambda count: self._on_listed(listing),
            on_error=lambda exc: self._on_failed(listing, exc),
        )
        return self._task

    def go_up(self) -> None:
        target = self.browse.up()
        if target is not None:
            self.navigate(target)

    def cancel(self) -> None:
        if self._task is not None and self._task.running:
            self._task.cancel()
            self.panel.status.say(self.count_text() + " (listing cancelled)")
        self.browse.stop()
        self.panel.cancel_listing_button.hide()

    def go_typed(self) -> None:
        panel = self.panel
        self.navigate(self.browse.typed(panel.bucket_edit.text(),
                                        panel.masked.typed_prefix(self.browse.prefix),
                                        shown_key(self.browse.prefix)))

    def list_on_open(self, can_sign: bool) -> None:
        """The profile's bucket is listed when the tab is first shown (and when the profile
        changes while it is shown), once credentials can be had without asking."""
        if self.browse.wants_first_listing(can_sign):
            self.navigate(self.browse.start_prefix)

    def open_index(self, index: QtCore.QModelIndex) -> None:
        if index.isValid() and index.data(IS_FOLDER_ROLE):
            source = self.panel.proxy.mapToSource(index)
            self.navigate(self.panel.model.row_at(source.row()).key)

    def count_text(self) -> str:
        model = self.panel.model
        return self.browse.count_text(model.folder_count, model.object_count)

    # ------------------------------------------------------------ results

    def _on_page(self, listing: Listing, page: ListingPage) -> None:
        if not self.browse.page_arrived(listing, page.number):
            return  # a page of a listing we left
        panel, view = self.panel, self.panel.view
        panel.model.add_page(page.folders, page.objects)
        if view.currentIndex().row() < 0 and panel.proxy.rowCount() > 0:
            view.setCurrentIndex(panel.proxy.index(0, NAME))
            view.clearSelection()
            if view.hasFocus():
                view.select_current_row()  # the keyboard is on it: act on it
        panel.status.say(self.count_text() + ("" if page.is_last else " …"))

    def _on_listed(self, listing: Listing) -> None:
        if not self.browse.is_current(listing):
            return
        panel = self.panel
        panel.cancel_listing_button.hide()
        text = self.count_text()
        if panel.model.rowCount() == 0:
            text = f"s3://{shown_key(listing.bucket)}/{shown_key(listing.prefix)} is empty."
        panel.status.say(text)
        panel.refresh_actions()
        panel.listing_finished.emit(panel.model.rowCount())

    def _on_failed(self, listing: Listing, exc: BaseException) -> None:
        if not self.browse.is_current(listing):
            return
        panel = self.panel
        panel.cancel_listing_button.hide()
        message = error_text(exc)
        panel.error_label.say(message)
        panel.status.say(self.count_text() + " (listing stopped)")
        panel.listing_failed.emit(message)


__all__ = ["S3Listing", "list_pages"]
