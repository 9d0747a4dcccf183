"""Adding, renaming, duplicating, deleting and importing profiles from the profile pane.

The questions (a name, "delete?") and the store changes, which run in the background so a
slow keyring never freezes the window (the stored secret and session follow a rename). The
pane shows the result; names are checked by `cognito.profile_form.new_name_problem`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from tokenexplorer.cognito.profile_form import new_name_problem
from tokenexplorer.cognito.profiles import Profile
from tokenexplorer.ui import plain
from tokenexplorer.ui.errors import describe_error
from tokenexplorer.ui.qt import QObject, QtWidgets
from tokenexplorer.ui.tasks import run_task

if TYPE_CHECKING:
    from tokenexplorer.ui.cognito.profile_pane import ProfilePane

T = TypeVar("T")
AMPLIFY_FILTER = ("Amplify config (aws-exports.js amplifyconfiguration.json amplify_outputs.json "
                  "*.js *.json);;All files (*)")


class ProfileManager(QObject):
    """The pane's profile-management flows (the picker's buttons end here)."""

    def __init__(self, pane: ProfilePane) -> None:
        super().__init__(pane)
        self.pane = pane

    # -- questions (tests replace ask_text)

    def ask_text(self, title: str, label: str, default: str = "") -> str | None:
        """A name from the user, or None when cancelled."""
        dialog = self.name_dialog(title, label, default)
        return dialog.textValue() if dialog.exec() else None

    def name_dialog(self, title: str, label: str, default: str = "") -> QtWidgets.QInputDialog:
        """The name prompt, wide enough that its title is never cut short."""
        dialog = QtWidgets.QInputDialog(self.pane)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        plain.plain_children(dialog)
        dialog.setTextValue(default)
        dialog.setAccessibleName(title)
        width = max(380, dialog.fontMetrics().horizontalAdvance(title) + 200)
        edit = dialog.findChild(QtWidgets.QLineEdit)  # the dialog sizes itself to its field
        if edit is not None:
            edit.setMinimumWidth(width - 40)
        dialog.setMinimumWidth(width)
        return dialog

    def name_refused(self, name: str) -> bool:
        """True (and said in the banner) when `name` cannot name a new profile."""
        problem = new_name_problem(name, self.pane.profile_names())
        if problem is not None:
            self.pane.banner.show_message("error", problem.message)
        return problem is not None

    def ask_add(self) -> None:
        name = self.ask_text("Add profile", "Name of the new profile:", "My pool")
        if name is not None:
            self.pane.add_profile(name)

    def ask_rename(self) -> None:
        current = self.pane.current
        if current is None:
            return
        name = self.ask_text("Rename profile", "New name:", current.name)
        if name is not None and name != current.name:
            self.rename_current(name)

    def ask_duplicate(self) -> None:
        current = self.pane.current
        if current is None:
            return
        name = self.ask_text("Duplicate profile", "Name of the copy:", f"{current.name} copy")
        if name is not None:
            self.duplicate_current(name)

    def ask_delete(self) -> None:
        current = self.pane.current
        if current is None:
            return
        if self.pane._confirm("Delete profile",
                              f"Delete the profile “{current.name}”, its stored client secret "
                              "and any remembered sign-in?"):
            self.delete_current()

    def ask_import(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self.pane, "Import an Amplify configuration", "", AMPLIFY_FILTER)
        if not path:
            return
        name = self.ask_text("Import profile", "Name of the imported profile:",
                             Path(path).stem.replace("_", " "))
        if name is not None:
            self.import_amplify(Path(path), name)

    # -- changes

    def _run_store_change(self, label: str, work: Callable[[], T],
                          select: Callable[[T], str | None]) -> None:
        pane = self.pane
        pane.set_busy(True)

        def done(result: T) -> None:
            pane.set_busy(False)
            pane.banner.clear()
            pane.reload(select=select(result))
            pane.state.status_message.emit(label)
            pane.store_changed.emit()

        def failed(exc: BaseException) -> None:
            pane.set_busy(False)
            pane.banner.show_error(describe_error(exc))
            pane.store_changed.emit()

        run_task(pane, lambda _ctx: work(), name="profile-change", on_result=done,
                 on_error=failed)

    def rename_current(self, new_name: str) -> None:
        """Rename (the stored secret and session follow, in the background)."""
        current = self.pane.current
        if current is None or self.name_refused(new_name):
            return
        old, store = current.name, self.pane.store
        self._run_store_change(f"Profile renamed to “{new_name}”.",
                               lambda: store.rename(old, new_name), _name_of)

    def duplicate_current(self, new_name: str) -> None:
        current = self.pane.current
        if current is None or self.name_refused(new_name):
            return
        old, store = current.name, self.pane.store
        self._run_store_change(f"Profile “{old}” copied to “{new_name}”.",
                               lambda: store.duplicate(old, new_name), _name_of)

    def delete_current(self) -> None:
        current = self.pane.current
        if current is None:
            return
        name, store = current.name, self.pane.store
        self.pane.form.saved = None  # nothing more to rename or delete meanwhile
        self._run_store_change(f"Profile “{name}” deleted.", lambda: store.delete(name),
                               lambda _result: None)

    def import_amplify(self, path: Path, name: str) -> bool:
        """Fill a new unsaved profile from an Amplify file; the user reviews, then saves."""
        from tokenexplorer.cognito.amplify import AmplifyImportError, import_amplify_config

        if self.name_refused(name):
            return False
        try:
            imported = import_amplify_config(path, name)
        except AmplifyImportError as exc:
            self.pane.banner.show_error(describe_error(exc))
            return False
        self.pane.add_profile(name, imported.profile)
        if imported.client_secret:
            self.pane.fields.secret.edit.setText(imported.client_secret)
        self.pane.banner.show_message("info", f"Imported from {path.name}. Review, then Save. "
                                      + " ".join(imported.notes))
        return True


def _name_of(profile: Profile) -> str:
    return profile.name
