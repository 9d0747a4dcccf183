"""Saving the profile form, and asking before a save orphans remembered secrets.

When a saved profile's endpoint, region, pool or app client changes, its remembered session
and client secret belong to the old server (`cognito.binding`) and are never sent to the
new one. The keyring is asked off the GUI thread what would be left behind; if anything,
a dialog says what will be forgotten and the save waits for the user's answer. Policy
lives in `cognito.rebinding`; this module only asks and carries it out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tokenexplorer.cognito.profile_form import SavePlan
from tokenexplorer.cognito.profiles import ProfileError
from tokenexplorer.ui.errors import describe_error
from tokenexplorer.ui.qt import Qt, QtWidgets
from tokenexplorer.ui.tasks import TaskContext, run_task

if TYPE_CHECKING:
    from tokenexplorer.cognito.rebinding import Rebinding
    from tokenexplorer.ui.cognito.profile_pane import ProfilePane

DIALOG_NAME = "Forget remembered secrets?"
FORGET_BUTTON = "Save and forget"
KEEP_BUTTON = "Keep the old settings"


def save_profile(pane: ProfilePane, plan: SavePlan) -> bool:
    """Save now (True when saved), or — when the target of a saved profile changes — check
    the keyring in the background and save after asking (returns False: not saved yet)."""
    old = plan.old
    if old is None or not plan.retargets:
        return commit(pane, plan)
    pane.banner.show_message("info", "Checking what is remembered for this profile…")

    def work(_ctx: TaskContext) -> Rebinding | None:
        from tokenexplorer.cognito.rebinding import rebinding

        return rebinding(old, plan.profile, new_secret_given=bool(plan.secret))

    def checked(change: Rebinding | None) -> None:
        pane.banner.clear()
        if change is None or not change.orphans_secrets:
            commit(pane, plan)
            return
        ask_to_forget(pane, change, lambda: _commit_and_forget(pane, plan, change))

    def failed(exc: BaseException) -> None:
        pane.banner.show_error(describe_error(exc))

    run_task(pane, work, name="check-remembered-secrets", on_result=checked, on_error=failed)
    return False


def ask_to_forget(pane: ProfilePane, change: Rebinding,
                  proceed: Callable[[], object]) -> QtWidgets.QMessageBox:
    """A window-modal question (not a blocking exec: tests and the event loop go on)."""
    box = QtWidgets.QMessageBox(pane)
    box.setIcon(QtWidgets.QMessageBox.Icon.Warning)
    box.setWindowTitle(DIALOG_NAME)
    box.setAccessibleName(DIALOG_NAME)
    box.setTextFormat(Qt.TextFormat.PlainText)  # IDs and URLs are the user's, shown as typed
    box.setText(f"Saving forgets {change.what()}.")
    box.setInformativeText(change.describe() + " You can sign in again afterwards.")
    forget = box.addButton(FORGET_BUTTON, QtWidgets.QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(KEEP_BUTTON, QtWidgets.QMessageBox.ButtonRole.RejectRole)
    forget.setAccessibleName(FORGET_BUTTON)
    keep.setAccessibleName(KEEP_BUTTON)
    box.setDefaultButton(keep)

    def answered(_result: int) -> None:
        if box.clickedButton() is forget:
            proceed()
        else:
            pane.state.status_message.emit("Not saved: the profile keeps its old settings.")
        box.deleteLater()

    box.finished.connect(answered)
    box.open()
    return box


def _commit_and_forget(pane: ProfilePane, plan: SavePlan, change: Rebinding) -> None:
    if not commit(pane, plan):
        return
    name = change.profile_name

    def work(_ctx: TaskContext) -> None:
        from tokenexplorer.cognito.rebinding import forget_secrets

        forget_secrets(name, client_secret=False)  # the sessions; the secret below

    def forgotten(_result: None) -> None:
        pane.state.status_message.emit(f"Profile “{name}” saved; forgot {change.what()}.")

    def failed(exc: BaseException) -> None:
        pane.banner.show_error(describe_error(exc))

    run_task(pane, work, name="forget-remembered-sessions", on_result=forgotten,
             on_error=failed)
    if change.client_secret:
        pane.store_secret(name, None)  # deletes it and clears the profile's flag


def commit(pane: ProfilePane, plan: SavePlan) -> bool:
    """Write the profile to the store (and the typed secret to the keyring, in background)."""
    try:
        saved = pane.store.put(plan.profile)
    except (ProfileError, OSError) as exc:
        pane.banner.show_error(describe_error(exc))
        return False
    pane.banner.clear()
    pane.drop_draft()
    pane.reload(select=saved.name)
    pane.state.status_message.emit(f"Profile “{saved.name}” saved.")
    pane.profile_saved.emit(saved)
    if plan.secret:
        pane.store_secret(saved.name, plan.secret)
    return True
