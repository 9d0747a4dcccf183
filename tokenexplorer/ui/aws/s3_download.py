"""The S3 tab's Download: plan on a worker, ask about taken names here, then transfer.

1. A worker lists selected folders (all objects below them) and plans every local name
   through the core (aws.downloads: safe names, inside the chosen folder).
2. Back on the GUI thread, each name already taken on disk is a question (Replace / Keep
   both / Skip, with "apply to all"); Cancel ends the download before any transfer.
3. The resolved plan is downloaded as one transfer with progress and Cancel.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tokenexplorer.aws.downloads import (
    Choice,
    PlannedFile,
    conflicts,
    plan_files,
    plan_tree,
    resolve,
)
from tokenexplorer.aws.s3_browse import plural
from tokenexplorer.aws.s3_errors import Cancelled
from tokenexplorer.ui.aws.overwrite_dialog import OverwriteAsker
from tokenexplorer.ui.aws.s3_core import BrowserHandle
from tokenexplorer.ui.aws.s3_models import ObjectRow
from tokenexplorer.ui.aws.shown import shown_key
from tokenexplorer.ui.tasks import Task, TaskContext

if TYPE_CHECKING:
    from tokenexplorer.ui.aws.s3_actions import S3Actions

def start_download(actions: S3Actions, rows: list[ObjectRow], folder: str) -> Task | None:
    """Download the selected objects and folders (their whole content, keeping the
    structure below each folder) into `folder`."""
    panel = actions.panel
    core = panel.core_browser()
    if core is None:
        return None
    bucket = panel.bucket
    objects = [r for r in rows if not r.is_folder]
    folders = [r for r in rows if r.is_folder]

    def plan(ctx: TaskContext) -> list[PlannedFile]:
        planned = plan_files(objects, folder)
        for row in folders:
            listed = core.get().list_tree(bucket, row.key, cancelled=lambda: ctx.cancelled)
            planned += plan_tree(listed, row.key, folder)
        return planned

    def planned(files: list[PlannedFile]) -> None:
        asker = OverwriteAsker(panel.ask_overwrite, len(conflicts(files)))
        try:
            final = resolve(files, asker)
        except Cancelled:
            panel.note_label.say("Download cancelled: nothing was written.")
            panel.action_finished.emit("download")
            return
        skipped = len(files) - len(final)
        if not final:
            panel.note_label.say(("Nothing to download: " + plural(skipped, "file")
                                  + " skipped.") if skipped
                                 else "The selected folders are empty.")
            panel.action_finished.emit("download")
            return
        _transfer(actions, core, bucket, final, folder, skipped)

    return actions.action("preparing the download", plan, planned)


def _transfer(actions: S3Actions, core: BrowserHandle, bucket: str, final: list[PlannedFile],
              folder: str, skipped: int) -> Task:
    renamed = sum(1 for item in final if item.choice is Choice.KEEP_BOTH)
    title = (f"Download {shown_key(final[0].key)}" if len(final) == 1
             else f"Download {len(final)} objects") + f" → {shown_key(folder)}"

    def work(ctx: TaskContext) -> list[Path]:
        return core.get().download_planned(bucket, final, folder,
                                     progress=lambda d, t: ctx.progress((d, t)),
                                     cancelled=lambda: ctx.cancelled)

    def done(paths: list[Path]) -> None:
        note = f"Downloaded {plural(len(paths), 'file')} to {folder}."
        if renamed:
            note += f" {plural(renamed, 'file')} saved beside an existing one as “name (1)”."
        if skipped:
            note += f" {plural(skipped, 'file')} skipped (already there)."
        actions.panel.note_label.say(note)
        actions.panel.action_finished.emit("download")

    return actions.transfer(title, work, done)
