"""What the S3 tab's buttons do: upload, delete, new folder, presigned URL, download.

Each action runs its S3 calls in a background task owned by the panel, through the core
browser of the panel's profile; transfers get a row in the transfer list, short actions
say "Working: …" in the status line until they end. Results and failures come back as
the panel's notes and errors (failures in the one translator's words, ui.errors).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from tokenexplorer.aws.s3_browse import plural
from tokenexplorer.aws.s3_errors import Cancelled
from tokenexplorer.aws.s3_types import DeleteResult, PresignedUrl
from tokenexplorer.ui.aws.s3_models import ObjectRow
from tokenexplorer.ui.aws.shown import shown
from tokenexplorer.ui.errors import error_text
from tokenexplorer.ui.qt import QtWidgets
from tokenexplorer.ui.tasks import Task, TaskContext, run_task

if TYPE_CHECKING:
    from tokenexplorer.ui.aws.s3_browser import S3BrowserPanel

R = TypeVar("R")  # what an action's work returns, handed to its `done`


def _names(rows: Sequence[ObjectRow]) -> str:
    return ", ".join(r.name for r in rows[:5]) + (" …" if len(rows) > 5 else "")


def delete_question(rows: Sequence[ObjectRow], bucket: str) -> str:
    """What Delete asks before deleting the selected objects and folders."""
    folders = [r for r in rows if r.is_folder]
    objects = [r for r in rows if not r.is_folder]
    parts = []
    if objects:
        parts.append(f"{plural(len(objects), 'object')} ({_names(objects)})")
    if folders:
        parts.append(f"{plural(len(folders), 'folder')} ({_names(folders)}) "
                     "with everything under them")
    return (f"Delete {' and '.join(parts)} from s3://{bucket}/?\n\n"
            "This cannot be undone (unless the bucket keeps versions).")


def upload_note(keys: Sequence[str], skipped: Sequence[Path]) -> str:
    note = f"Uploaded {len(keys)} object{'s' * (len(keys) != 1)}."
    if skipped:
        names = ", ".join(str(p) for p in skipped[:5]) + (" …" * (len(skipped) > 5))
        note += (f" {len(skipped)} symbolic link{'s' * (len(skipped) != 1)} not "
                 f"followed (they lead out of the folder, or to a folder): {names}.")
    return note


class S3Actions:
    """The panel's actions and the bookkeeping of running them."""

    def __init__(self, panel: S3BrowserPanel) -> None:
        self.panel = panel
        self._serial = 0
        self._latest: int | None = None  # the action started last, while it runs
        self._resting = ""  # the status line before the running actions
        self._stamp = 0  # the status line's stamp when an action last wrote it

    # ------------------------------------------------------------ the actions

    def upload_files(self, files: Sequence[str]) -> Task | None:
        """Upload local files (or folders, recursively) into the current prefix."""
        panel = self.panel
        if not panel.bucket:
            panel.error_label.say("Choose a bucket before uploading.")
            return None
        core = panel.core_browser()
        if core is None:
            return None
        paths = [Path(f) for f in files]
        bucket, prefix = panel.bucket, panel.prefix
        follow = panel.follow_links_action.isChecked()
        title = (f"Upload {paths[0].name}" if len(paths) == 1
                 else f"Upload {len(paths)} items") + f" → s3://{bucket}/{prefix}"
        skipped: list[Path] = []

        def work(ctx: TaskContext) -> list[str]:
            return core.get().upload(bucket, prefix, paths,
                                     progress=lambda d, t: ctx.progress((d, t)),
                                     cancelled=lambda: ctx.cancelled, follow_links=follow,
                                     skipped_links=skipped)

        def done(keys: list[str]) -> None:
            if panel.bucket == bucket and panel.prefix == prefix:
                panel.refresh()  # first: a new listing clears the messages
            panel.note_label.say(upload_note(keys, skipped))
            panel.action_finished.emit("upload")

        return self.transfer(title, work, done)

    def delete(self) -> Task | None:
        panel = self.panel
        rows = panel.selected_rows()
        if not rows or not panel.confirm("Delete from S3", shown(delete_question(rows,
                                                                                 panel.bucket))):
            return None
        core = panel.core_browser()
        if core is None:
            return None
        bucket = panel.bucket
        keys = [r.key for r in rows if not r.is_folder]
        folders = [r.key for r in rows if r.is_folder]

        def work(ctx: TaskContext) -> DeleteResult:
            return core.get().delete_selection(bucket, keys, folders, progress=ctx.progress,
                                               cancelled=lambda: ctx.cancelled)

        def done(result: DeleteResult) -> None:
            panel.refresh()  # first: a new listing clears the messages
            if result.failed:
                first = next(iter(result.failed.values()))
                panel.error_label.say(f"{len(result.failed)} could not be deleted. {first}")
            panel.note_label.say(f"Deleted {len(result.deleted)} "
                                 f"object{'s' * (len(result.deleted) != 1)}.")
            panel.action_finished.emit("delete")

        def progress(count: int) -> None:
            self.working(f"Deleting: {plural(count, 'object')} deleted…")

        return self.action("delete", work, done, progress)

    def new_folder(self) -> Task | None:
        panel = self.panel
        name = panel.ask_folder_name() if panel.bucket else None
        name = (name or "").strip().strip("/")
        core = panel.core_browser() if name else None
        if core is None:
            return None
        bucket, key = panel.bucket, panel.prefix + name + "/"

        def done(created: str) -> None:
            panel.refresh()  # first: a new listing clears the messages
            panel.note_label.say(f"Created the folder {created} (an empty object named "
                                 "after it).")
            panel.action_finished.emit("new folder")

        return self.action("new folder", lambda ctx: core.get().create_folder(bucket, key), done)

    def copy_presigned_url(self) -> Task | None:
        """Sign a GET URL for the selected object and copy it (only on this explicit click)."""
        panel = self.panel
        rows = [r for r in panel.selected_rows() if not r.is_folder]
        if len(rows) != 1:
            panel.note_label.say("Select exactly one object to share.")
            return None
        core = panel.core_browser()
        if core is None:
            return None
        bucket, key = panel.bucket, rows[0].key
        combo = panel.actions_bar.lifetime_combo
        seconds, label = int(combo.currentData()), combo.currentText()

        def done(presigned: PresignedUrl) -> None:
            panel.last_url = presigned.url
            QtWidgets.QApplication.clipboard().setText(presigned.url)
            panel.masked.show_url(presigned.url)
            until = presigned.expires_at.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")
            note = (f"Copied a presigned URL for {key}: anyone with it can download the "
                    f"object for {label} (until {until}).")
            panel.note_label.say(note + (" " + presigned.note if presigned.note else ""))
            panel.action_finished.emit("presigned")

        return self.action(
            "presigned", lambda ctx: core.get().presigned_get_url(bucket, key, seconds), done)

    def download(self) -> Task | None:
        """Download the selected objects, and folders with everything below them; names
        taken on disk are asked about (s3_download)."""
        from tokenexplorer.ui.aws.s3_download import start_download

        panel = self.panel
        rows = panel.selected_rows()
        if not rows:
            panel.note_label.say("Select one or more objects or folders to download.")
            return None
        folder = panel.choose_download_folder()
        if not folder:
            return None
        panel.download_dir = folder
        return start_download(self, rows, folder)

    # ------------------------------------------------------------ running them

    def transfer(self, title: str, work: Callable[[TaskContext], R],
                 done: Callable[[R], None]) -> Task:
        """A transfer: its own row in the transfer list, with progress and Cancel."""
        self.panel.hide_messages()
        task = run_task(self.panel, work, name="s3 transfer", on_result=done,
                        on_error=self._failed)
        self.panel.transfers.add(title, task)
        return task

    def action(self, name: str, work: Callable[[TaskContext], R], done: Callable[[R], None],
               progress: Callable[[int], None] | None = None) -> Task:
        """Run a short S3 action; the status line says so until it ends, then shows again
        what it showed before (unless something replaced it meanwhile, e.g. a new listing).
        With actions overlapping, the line before the first one is restored by the last."""
        self.panel.hide_messages()
        status = self.panel.status
        if self._latest is None:
            self._resting = status.label.text()  # another action's line is not a resting one
        self._serial += 1
        serial = self._latest = self._serial
        self.working(f"Working: {name}…")

        def finished() -> None:
            if self._latest == serial:
                if status.stamp == self._stamp:  # still our line: put the old one back
                    status.say(self._resting)
                self._latest = None

        task = run_task(self.panel, work, name=f"s3 {name}", on_result=done,
                        on_progress=progress, on_error=self._failed)
        task.done.connect(finished)
        return task

    def working(self, text: str) -> None:
        """An action's line in the status line (replaced by the resting one when it ends)."""
        self._stamp = self.panel.status.say(text)

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, Cancelled):  # the transfer row says so; nothing went wrong
            self.panel.error_label.say(error_text(exc))


__all__ = ["S3Actions", "delete_question", "upload_note"]
