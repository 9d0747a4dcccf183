"""The pool configuration pane: pick, add, rename, duplicate, delete and edit profiles.

The pane puts its parts together and keeps them in step: the picker (`profile_picker`), the
first-run and emulator notices (`profile_notices`), the fields (`profile_fields`), the
management flows (`profile_manage`) and saving (`profile_save`). What the form holds and
allows is the Qt-free `cognito.profile_form.ProfileForm`: fields are checked on every
keystroke, each problem shown under its field; the region fills itself in from the user pool
ID until the user types one. The client secret goes to the keyring (or stays in memory,
saying why) through a background task, never into the profiles file.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from tokenexplorer.cognito.ids import ProfileField
from tokenexplorer.cognito.profile_form import ProfileForm
from tokenexplorer.cognito.profiles import Profile, ProfileError, ProfileStore
from tokenexplorer.ui import plain
from tokenexplorer.ui.cognito.profile_fields import ProfileFields
from tokenexplorer.ui.cognito.profile_manage import ProfileManager
from tokenexplorer.ui.cognito.profile_notices import EmulatorNotice, WelcomeBox
from tokenexplorer.ui.cognito.profile_picker import ProfilePicker
from tokenexplorer.ui.cognito.profile_save import save_profile
from tokenexplorer.ui.cognito.sandbox_offer import SandboxOffer
from tokenexplorer.ui.cognito.widgets import InlineMessage
from tokenexplorer.ui.qt import Qt, QtWidgets, Signal
from tokenexplorer.ui.state import AppState

F = ProfileField
EMPTY_HINT = ("No profile yet. Add one and fill in your user pool, import an Amplify "
              "config file, or start the sandbox (a local emulator, no AWS account needed).")


class ProfilePane(QtWidgets.QWidget):
    """Profiles on the left of the window; emits through `state.set_profile`."""

    start_sandbox_requested = Signal()
    profile_saved = Signal(object)  # Profile
    secret_stored = Signal(str)
    store_changed = Signal()
    draft_changed = Signal(bool)  # an unsaved new profile is (no longer) being edited

    def __init__(self, state: AppState, store: ProfileStore | None = None,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.store = store or ProfileStore()
        self.form = ProfileForm()
        # Asked before an unsaved new profile is dropped (title, question) -> yes?
        self.confirm_discard: Callable[[str, str], bool] = self._confirm
        self.manager = ProfileManager(self)
        self._build()
        self.reload(select=self.store.last_used)

    @property
    def current(self) -> Profile | None:
        """The saved profile shown (None for a draft or nothing)."""
        return self.form.saved

    def _build(self) -> None:
        self.welcome = WelcomeBox()
        self.picker = ProfilePicker()
        self.banner = InlineMessage(name="Profile message")
        self.hint = plain.label(EMPTY_HINT)
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName("Profile hint")
        self.badge_box = EmulatorNotice()
        self.badge_text = self.badge_box.text
        self.sandbox_offer = SandboxOffer()
        self.details_toggle = QtWidgets.QToolButton()
        self.details_toggle.setText("Profile details")
        self.details_toggle.setAccessibleName("Profile details")
        self.details_toggle.setCheckable(True)
        self.details_toggle.setChecked(True)
        self.details_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.details_toggle.setAutoRaise(True)
        self.fields = ProfileFields(self.form, self.store)
        layout = QtWidgets.QVBoxLayout(self)
        for widget in (self.welcome, self.picker, self.banner, self.hint, self.badge_box,
                       self.sandbox_offer, self.details_toggle, self.fields):
            layout.addWidget(widget)
        layout.addStretch(1)

        manager = self.manager
        for signal, slot in (
                (self.welcome.sandbox_requested, self.start_sandbox_requested.emit),
                (self.welcome.add_requested, manager.ask_add),
                (self.welcome.import_requested, manager.ask_import),
                (self.picker.sandbox_requested, self.start_sandbox_requested.emit),
                (self.sandbox_offer.start_requested, self.start_sandbox_requested.emit),
                (self.picker.add_requested, manager.ask_add),
                (self.picker.rename_requested, manager.ask_rename),
                (self.picker.duplicate_requested, manager.ask_duplicate),
                (self.picker.delete_requested, manager.ask_delete),
                (self.picker.import_requested, manager.ask_import),
                (self.fields.save_button.clicked, self.save),
                (self.fields.revert_button.clicked, self.revert)):
            signal.connect(lambda *_args, slot=slot: slot())
        self.picker.chosen.connect(self._chosen)
        self.details_toggle.toggled.connect(self.show_details)
        self.fields.secret.stored.connect(self._secret_stored)

    # -- what is shown

    def set_sandbox_busy(self, busy: bool) -> None:
        """Every Start-sandbox button says "Starting…" while the emulator starts."""
        self.picker.set_sandbox_busy(busy)
        self.welcome.set_sandbox_busy(busy)
        self.sandbox_offer.set_busy(busy)

    def show_details(self, shown: bool = True) -> None:
        """Show or fold away the fields (folded, the session panel below stays in view)."""
        self.details_toggle.blockSignals(True)
        self.details_toggle.setChecked(shown)
        self.details_toggle.blockSignals(False)
        self.details_toggle.setArrowType(Qt.ArrowType.DownArrow if shown
                                         else Qt.ArrowType.RightArrow)
        self.fields.setVisible(shown)

    def fold_if_complete(self) -> None:
        """Fold the fields when a saved profile without errors is shown."""
        if self.form.complete:
            self.show_details(False)

    def _show_welcome(self, empty: bool) -> None:
        """With no profile at all, only the welcome box: no empty form, no dead buttons."""
        self.welcome.setVisible(empty)
        for widget in (self.picker, self.details_toggle, self.fields):
            widget.setVisible(not empty)
        if not empty:
            self.show_details(self.details_toggle.isChecked())

    def _present(self) -> None:
        """Every widget from the form: fields, secret state, buttons, emulator notice."""
        profile = self.form.saved
        self.fields.show_form()
        self.picker.set_has_profile(profile is not None)
        self.badge_box.show_for(profile)
        self.sandbox_offer.check(profile)  # shown only if its engine does not answer

    def set_busy(self, busy: bool) -> None:
        """While a rename, copy or delete runs, nothing else changes the profiles."""
        self.picker.set_busy(busy, self.form.saved is not None)
        self.fields.set_busy(busy)

    # -- choosing

    def reload(self, select: str | None = None) -> None:
        """Re-read the store and show `select` (or the current, or the first profile)."""
        profiles = self.store.list()
        if self.store.load_problem:
            self.banner.show_message("warning", self.store.load_problem)
        wanted = select or (self.current.name if self.current else None)
        self.picker.set_profiles(profiles)
        names = self.picker.names()
        if names:
            chosen = wanted if wanted in names else names[0]
            self.picker.select(chosen, announce=False)
            self._chosen(chosen)
        else:
            self.form.show(None)
            self._present()
        self.hint.setVisible(False)  # the welcome box says it, with the buttons
        self._show_welcome(not names and self.form.draft_name is None)

    def _chosen(self, name: str | None) -> None:
        if self.form.draft_name is not None:
            if name is None:  # the draft's own row
                return
            if not self.ask_discard_draft():
                self.picker.select(None, announce=False)
                return
            self.drop_draft()
        profile = self.store.get(name) if name else None
        self.form.show(profile)
        self._present()
        if profile is not None:
            with contextlib.suppress(ProfileError, OSError):
                self.store.last_used = profile.name
        self.state.set_profile(profile)

    def select(self, name: str) -> None:
        if name not in self.picker.names():
            self.reload(select=name)
        else:
            self.picker.select(name)

    def profile_names(self) -> list[str]:
        return self.picker.names()

    # -- the draft of a new profile

    def has_unsaved_draft(self) -> bool:
        return self.form.draft_name is not None

    def ask_discard_draft(self) -> bool:
        """True when there is no unsaved new profile, or the user agrees to drop it."""
        if self.form.draft_name is None:
            return True
        return bool(self.confirm_discard(
            "Unsaved profile",
            f"The new profile “{self.form.draft_name}” has not been saved. Discard it?"))

    def drop_draft(self) -> None:
        """Forget the unsaved new profile and its row in the picker."""
        had = self.form.draft_name is not None
        self.form.drop_draft()
        self.picker.drop_draft_row()
        if had:
            self.draft_changed.emit(False)

    def add_profile(self, name: str, template: Profile | None = None) -> bool:
        """Start a new unsaved profile called `name` (filled from `template` if given)."""
        if self.manager.name_refused(name):
            return False
        if not self.ask_discard_draft():
            return False
        self.drop_draft()
        self.banner.clear()
        self.form.start_draft(name, template)
        self.draft_changed.emit(True)
        self.hint.hide()
        self._show_welcome(False)
        self.show_details(True)
        self.picker.add_draft_row(name)
        self._present()
        self.fields.edits[F.USER_POOL_ID].setFocus()
        return True

    # -- editing and saving

    def save(self) -> bool:
        """Write the form to the store; True when saved now (False: invalid, or waiting)."""
        plan = self.form.attempt_save()
        if plan is None:
            self.fields.refresh()  # now every problem shows, typed or not
            return False
        # A changed endpoint/pool/client asks first what to forget (see profile_save).
        return save_profile(self, plan)

    def revert(self) -> None:
        if self.form.draft_name is not None:
            self.drop_draft()
            self.reload()
        else:
            self.form.show(self.form.saved)
            self._present()

    def store_secret(self, name: str, secret: str | None) -> None:
        """Keyring write off the GUI thread; the note says where the secret went."""
        self.fields.secret.store(name, secret)

    def _secret_stored(self, location: str, profile: Profile | None) -> None:
        current = self.form.saved
        if profile is not None and current is not None and current.name == profile.name:
            self.form.saved = profile  # its has_client_secret flag changed
            self.state.set_profile(profile)
        self.secret_stored.emit(location)

    def _confirm(self, title: str, question: str) -> bool:
        answer = plain.ask(self, title, question)
        return answer == QtWidgets.QMessageBox.StandardButton.Yes
