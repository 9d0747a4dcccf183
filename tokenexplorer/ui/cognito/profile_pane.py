"""The pool configuration pane: pick, add, rename, duplicate, delete and edit profiles.

Fields are checked on every keystroke with `ids.validate_profile_fields`; each problem is
shown under its field. The region fills itself in from the user pool ID until the user
types one. The client secret goes to the keyring (or stays in memory, saying why) through a
background task, never into the profiles file.
"""

from __future__ import annotations

import contextlib
import dataclasses
from pathlib import Path
from typing import Any

from tokenexplorer.cognito import ids
from tokenexplorer.cognito.profiles import Profile, ProfileError, ProfileStore
from tokenexplorer.tokens.safe_text import visible
from tokenexplorer.ui import plain
from tokenexplorer.ui.cognito.profile_save import save_profile
from tokenexplorer.ui.cognito.widgets import (
    FieldNote,
    InlineMessage,
    emulator_badge,
    helper_text,
    set_tone,
)
from tokenexplorer.ui.errors import describe_error
from tokenexplorer.ui.qt import Qt, QtWidgets, Signal
from tokenexplorer.ui.tasks import run_task

# (attribute, label / accessible name, placeholder)
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("user_pool_id", "User pool ID", "eu-west-1_AbC123xyz"),
    ("client_id", "App client ID", "26 letters and digits"),
    ("region", "Region", "filled in from the user pool ID"),
    ("identity_pool_id", "Identity pool ID", "optional: eu-west-1:0a1b2c3d-…"),
    ("bucket", "Bucket", "optional: S3 bucket name"),
    ("hosted_ui_domain", "Hosted UI domain", "optional: myapp.auth.eu-west-1.amazoncognito.com"),
    ("endpoint_url", "Endpoint URL", "optional: http://127.0.0.1:5000 for a local emulator"),
)
EMPTY_HINT = ("No profile yet. Add one and fill in your user pool, import an Amplify "
              "config file, or start the sandbox (a local emulator, no AWS account needed).")
DRAFT_SUFFIX = "  (new, not saved)"


class ProfilePane(QtWidgets.QWidget):
    """Profiles on the left of the window; emits through `state.set_profile`."""

    start_sandbox_requested = Signal()
    profile_saved = Signal(object)  # Profile
    secret_stored = Signal(str)
    store_changed = Signal()
    draft_changed = Signal(bool)  # an unsaved new profile is (no longer) being edited

    def __init__(self, state: Any, store: ProfileStore | None = None,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.store = store or ProfileStore()
        self.current: Profile | None = None  # the saved profile shown, None for a draft
        self._draft_name: str | None = None  # name of a new profile not yet saved
        self._region_auto = False
        self._loading = False
        self._secret_location: str = "none"
        self.problems: list[ids.FieldProblem] = []
        self._touched: set[str] = set()  # fields the user edited (a draft shows only theirs)
        self._save_tried = False
        # Asked before an unsaved new profile is dropped (title, question) -> yes?
        self.confirm_discard: Any = self._confirm
        self._build()
        self.reload(select=self.store.last_used)

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.combo = QtWidgets.QComboBox()
        self.combo.setAccessibleName("Profile")
        self.combo.setSizeAdjustPolicy(
            QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(12)
        combo_label = plain.label("&Profile")
        combo_label.setBuddy(self.combo)

        def button(text: str, name: str, tip: str) -> QtWidgets.QPushButton:
            widget = QtWidgets.QPushButton(text)
            widget.setAccessibleName(name)
            plain.set_tooltip(widget, tip)
            return widget

        self.add_button = button("Add…", "Add profile", "A new, empty profile")
        self.rename_button = button("Rename…", "Rename profile", "Rename this profile")
        self.duplicate_button = button("Duplicate…", "Duplicate profile", "Copy this profile")
        self.delete_button = button("Delete", "Delete profile",
                                    "Delete this profile and its keyring entries")
        self.import_button = button("Import Amplify…", "Import Amplify config",
                                    "aws-exports.js, amplifyconfiguration.json or "
                                    "amplify_outputs.json")
        self.sandbox_button = button("Start sandbox", "Start sandbox",
                                     "A local Cognito + S3 emulator with a demo user")

        self.welcome = self._welcome_box()
        self.badge = emulator_badge("EMULATOR — not AWS")
        self.badge_text = plain.label()
        self.badge_text.setWordWrap(True)
        set_tone(self.badge_text, "warning")
        self.banner = InlineMessage(name="Profile message")
        self.hint = plain.label(EMPTY_HINT)
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName("Profile hint")
        self.title = plain.label()
        self.title.setAccessibleName("Profile title")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)

        self.edits: dict[str, QtWidgets.QLineEdit] = {}
        self.notes: dict[str, FieldNote] = {}
        form = QtWidgets.QFormLayout()
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QtWidgets.QFormLayout.RowWrapPolicy.WrapLongRows)
        for attribute, label, placeholder in FIELDS:
            edit = QtWidgets.QLineEdit()
            edit.setAccessibleName(label)
            edit.setPlaceholderText(placeholder)
            edit.textChanged.connect(self._on_edited)
            edit.textEdited.connect(lambda _t, a=attribute: self._touched.add(a))
            note = FieldNote(label)
            self.edits[attribute] = edit
            self.notes[attribute] = note
            form.addRow(self._buddy_label(label, edit), self._stack(edit, note))
            if attribute == "client_id":
                form.addRow(self._buddy_label("Client secret", self._secret_row()),
                            self._secret_box)
        self.edits["region"].textEdited.connect(self._region_typed)
        self.edits["user_pool_id"].textChanged.connect(self._pool_id_changed)

        self.save_button = QtWidgets.QPushButton("Save")
        self.save_button.setAccessibleName("Save profile")
        self.save_button.setDefault(True)
        self.revert_button = QtWidgets.QPushButton("Revert")
        self.revert_button.setAccessibleName("Revert profile")

        top = QtWidgets.QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(combo_label)
        top.addWidget(self.combo, 1)
        self.combo_row = QtWidgets.QWidget()
        self.combo_row.setLayout(top)
        manage = QtWidgets.QHBoxLayout()
        manage.setContentsMargins(0, 0, 0, 0)
        self.manage_row = QtWidgets.QWidget()
        self.manage_row.setLayout(manage)
        for widget in (self.add_button, self.rename_button, self.duplicate_button,
                       self.delete_button):
            manage.addWidget(widget)
        manage.addStretch(1)
        extra = QtWidgets.QHBoxLayout()
        extra.addWidget(self.import_button)
        extra.addWidget(self.sandbox_button)
        extra.addStretch(1)
        badge_row = QtWidgets.QHBoxLayout()
        badge_row.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        badge_row.addWidget(self.badge_text, 1)
        self.badge_box = QtWidgets.QWidget()
        self.badge_box.setLayout(badge_row)
        badge_row.setContentsMargins(0, 0, 0, 0)
        actions = QtWidgets.QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.revert_button)
        actions.addWidget(self.save_button)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.welcome)
        layout.addWidget(self.combo_row)
        layout.addWidget(self.manage_row)
        self.extra_box = QtWidgets.QWidget()
        self.extra_box.setLayout(extra)
        extra.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.extra_box)
        layout.addWidget(self.banner)
        layout.addWidget(self.hint)
        layout.addWidget(self.badge_box)
        self.details_toggle = QtWidgets.QToolButton()
        self.details_toggle.setText("Profile details")
        self.details_toggle.setAccessibleName("Profile details")
        self.details_toggle.setCheckable(True)
        self.details_toggle.setChecked(True)
        self.details_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.details_toggle.setAutoRaise(True)
        self.details_toggle.toggled.connect(self.show_details)
        self.details_box = QtWidgets.QWidget()
        details = QtWidgets.QVBoxLayout(self.details_box)
        details.setContentsMargins(0, 0, 0, 0)
        details.addWidget(self.title)
        details.addLayout(form)
        details.addLayout(actions)
        layout.addWidget(self.details_toggle)
        layout.addWidget(self.details_box)
        layout.addStretch(1)

        self.combo.currentIndexChanged.connect(self._combo_changed)
        self.add_button.clicked.connect(self._ask_add)
        self.rename_button.clicked.connect(self._ask_rename)
        self.duplicate_button.clicked.connect(self._ask_duplicate)
        self.delete_button.clicked.connect(self._ask_delete)
        self.import_button.clicked.connect(self._ask_import)
        self.sandbox_button.clicked.connect(self.start_sandbox_requested)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)

    def _welcome_box(self) -> QtWidgets.QFrame:
        """First run (no profile): the two ways in, big and plain — never an empty form."""
        box = QtWidgets.QFrame()
        box.setAccessibleName("Get started")
        box.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        column = QtWidgets.QVBoxLayout(box)
        column.setSpacing(6)
        title = plain.label("Get started")
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        title.setFont(font)
        column.addWidget(title)

        def big(text: str, name: str) -> QtWidgets.QPushButton:
            widget = QtWidgets.QPushButton(text)
            widget.setAccessibleName(name)
            widget.setMinimumHeight(int(widget.sizeHint().height() * 1.5))
            bold = widget.font()
            bold.setBold(True)
            widget.setFont(bold)
            return widget

        self.welcome_sandbox = big("Start the sandbox (no AWS account)", "Start the sandbox")
        self.welcome_sandbox.setToolTip("A local Cognito + S3 emulator with a demo user")
        self.welcome_sandbox.setDefault(True)
        self.welcome_sandbox.clicked.connect(self.start_sandbox_requested)
        column.addWidget(self.welcome_sandbox)
        column.addWidget(helper_text("A local emulator on this machine with a demo user "
                                     "and password filled in: sign in within seconds."))
        self.welcome_add = big("Add a pool…", "Add a pool")
        self.welcome_add.setToolTip("Your own Cognito user pool: pool ID and app client ID")
        self.welcome_add.clicked.connect(self._ask_add)
        column.addWidget(self.welcome_add)
        self.welcome_import = QtWidgets.QPushButton("or import an Amplify config file…")
        self.welcome_import.setAccessibleName("Import Amplify config (get started)")
        self.welcome_import.setFlat(True)
        self.welcome_import.setCursor(Qt.CursorShape.PointingHandCursor)
        self.welcome_import.setStyleSheet("QPushButton { color: palette(link); "
                                          "text-decoration: underline; text-align: left; }")
        self.welcome_import.clicked.connect(self._ask_import)
        column.addWidget(self.welcome_import)
        return box

    def set_sandbox_busy(self, busy: bool) -> None:
        """Both Start-sandbox buttons say "Starting…" while the emulator starts."""
        self.sandbox_button.setEnabled(not busy)
        self.sandbox_button.setText("Starting sandbox…" if busy else "Start sandbox")
        self.welcome_sandbox.setEnabled(not busy)
        self.welcome_sandbox.setText("Starting the sandbox…" if busy
                                     else "Start the sandbox (no AWS account)")

    def _show_welcome(self, empty: bool) -> None:
        """With no profile at all, only the welcome box: no empty form, no dead buttons."""
        self.welcome.setVisible(empty)
        for widget in (self.combo_row, self.manage_row, self.extra_box, self.details_toggle,
                       self.details_box):
            widget.setVisible(not empty)
        if not empty:
            self.show_details(self.details_toggle.isChecked())

    def _set_draft(self, name: str | None) -> None:
        changed = (name is None) != (self._draft_name is None)
        self._draft_name = name
        if changed:
            self.draft_changed.emit(name is not None)

    def has_unsaved_draft(self) -> bool:
        return self._draft_name is not None

    def ask_discard_draft(self) -> bool:
        """True when there is no unsaved new profile, or the user agrees to drop it."""
        if self._draft_name is None:
            return True
        return bool(self.confirm_discard(
            "Unsaved profile",
            f"The new profile “{self._draft_name}” has not been saved. Discard it?"))

    def show_details(self, shown: bool = True) -> None:
        """Show or fold away the fields (folded, the session panel below stays in view)."""
        self.details_toggle.blockSignals(True)
        self.details_toggle.setChecked(shown)
        self.details_toggle.blockSignals(False)
        self.details_toggle.setArrowType(Qt.ArrowType.DownArrow if shown
                                         else Qt.ArrowType.RightArrow)
        self.details_box.setVisible(shown)

    def fold_if_complete(self) -> None:
        """Fold the fields when a saved profile without errors is shown."""
        if self.current is not None and not ids.errors_only(self.problems):
            self.show_details(False)

    @staticmethod
    def _buddy_label(text: str, buddy: QtWidgets.QWidget) -> QtWidgets.QLabel:
        label = plain.label(text)
        label.setBuddy(buddy)
        return label

    @staticmethod
    def _stack(edit: QtWidgets.QWidget, note: QtWidgets.QWidget) -> QtWidgets.QWidget:
        box = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(edit)
        column.addWidget(note)
        return box

    def _secret_row(self) -> QtWidgets.QLineEdit:
        self.secret_edit = QtWidgets.QLineEdit()
        self.secret_edit.setAccessibleName("Client secret")
        self.secret_edit.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.secret_edit.setPlaceholderText("only if the app client has one")
        self.secret_edit.textChanged.connect(self._on_edited)
        self.forget_secret_button = QtWidgets.QToolButton()
        self.forget_secret_button.setText("Forget")
        self.forget_secret_button.setAccessibleName("Forget client secret")
        self.forget_secret_button.clicked.connect(self.forget_secret)
        self.secret_note = plain.label()
        self.secret_note.setWordWrap(True)
        self.secret_note.setAccessibleName("Client secret storage")
        row = QtWidgets.QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.secret_edit, 1)
        row.addWidget(self.forget_secret_button)
        self._secret_box = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(self._secret_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addLayout(row)
        column.addWidget(self.secret_note)
        return self.secret_edit

    # ------------------------------------------------------------------ loading

    def reload(self, select: str | None = None) -> None:
        """Re-read the store and show `select` (or the current, or the first profile)."""
        profiles = self.store.list()
        if self.store.load_problem:
            self.banner.show_message("warning", self.store.load_problem)
        wanted = select or (self.current.name if self.current else None)
        names = [profile.name for profile in profiles]
        self._loading = True
        self.combo.clear()
        for profile in profiles:
            shown = visible(profile.name)  # bidi overrides and controls made visible
            self.combo.addItem(f"{shown}  [emulator]" if profile.is_sandbox else shown,
                               profile.name)
        self._loading = False
        if wanted in names:
            self.combo.setCurrentIndex(names.index(wanted))
            self._combo_changed(self.combo.currentIndex())
        elif names:
            self.combo.setCurrentIndex(0)
            self._combo_changed(0)
        else:
            self._show_profile(None)
        self.hint.setVisible(False)  # the welcome box says it, with the buttons
        self._show_welcome(not names and self._draft_name is None)

    def _combo_changed(self, index: int) -> None:
        if self._loading or index < 0:
            return
        name = self.combo.itemData(index)
        if self._draft_name is not None:
            if name is None:  # the draft's own row
                return
            if not self.ask_discard_draft():
                self._loading = True
                self.combo.setCurrentIndex(self.combo.findData(None))
                self._loading = False
                return
            self._drop_draft_row()
        profile = self.store.get(name) if name else None
        self._set_draft(None)
        self._show_profile(profile)
        if profile is not None:
            with contextlib.suppress(ProfileError, OSError):
                self.store.last_used = profile.name
        self.state.set_profile(profile)

    def profile_names(self) -> list[str]:
        return [self.combo.itemData(i) for i in range(self.combo.count())
                if self.combo.itemData(i) is not None]

    def _drop_draft_row(self) -> None:
        self._set_draft(None)
        row = self.combo.findData(None)
        if row >= 0:
            self._loading = True
            self.combo.removeItem(row)
            self._loading = False

    def select(self, name: str) -> None:
        names = self.profile_names()
        if name not in names:
            self.reload(select=name)
        else:
            self.combo.setCurrentIndex(names.index(name))

    def _show_profile(self, profile: Profile | None) -> None:
        self.current = profile
        self._loading = True
        for attribute, edit in self.edits.items():
            value = getattr(profile, attribute, None) if profile else None
            edit.setText(value or "")
        self.secret_edit.clear()
        self._loading = False
        self._region_auto = bool(profile) and not profile.region
        has = profile is not None
        for widget in (self.rename_button, self.duplicate_button, self.delete_button):
            widget.setEnabled(has)
        self._set_form_enabled(has or self._draft_name is not None)
        self.badge_box.setVisible(bool(profile and profile.is_sandbox))
        if profile and profile.is_sandbox:
            from tokenexplorer.cognito.sandbox import EMULATOR_WARNING

            self.badge_text.setText("A local emulator, not AWS: anyone can forge its tokens, and "
                                    "it does not check SRP proofs or codes.")
            self.badge_text.setToolTip(EMULATOR_WARNING)
            self.badge_text.setAccessibleDescription(EMULATOR_WARNING)
        if self._draft_name is not None:
            self.title.setText(f"New profile “{self._draft_name}” — not saved yet")
        elif profile is not None:
            self.title.setText(f"Profile “{profile.name}”")
        else:
            self.title.setText("")
        self._show_secret_state(profile)
        self._validate()

    def _set_form_enabled(self, enabled: bool) -> None:
        for edit in self.edits.values():
            edit.setEnabled(enabled)
        self.secret_edit.setEnabled(enabled)

    def _show_secret_state(self, profile: Profile | None) -> None:
        self.forget_secret_button.setVisible(bool(profile and profile.has_client_secret))
        if profile is None or not profile.has_client_secret:
            self.secret_note.setText("No client secret stored for this profile."
                                     if profile else "")
            self._secret_location = "none"
            return
        self.secret_note.setText("A client secret is set; checking where it is kept…")
        name = profile.name

        def work(_ctx: Any) -> tuple[str, Any]:
            from tokenexplorer import keyring_store
            from tokenexplorer.cognito.profiles import secret_storage_state

            return secret_storage_state(name), keyring_store.keyring_status()

        def done(result: tuple[str, Any]) -> None:
            if self.current is None or self.current.name != name:
                return
            location, status = result
            self._describe_secret_location(location, status)

        run_task(self, work, name="secret-location", on_result=done)

    def _describe_secret_location(self, location: str, status: Any) -> None:
        self._secret_location = location
        if location == "keyring":
            text = f"Stored in the keyring ({status.backend}), not in the profiles file."
        elif location == "memory":
            text = f"Kept in memory only: {status.reason}"
        else:
            text = ("The profile says it has a client secret, but none could be read "
                    f"({status.reason if not status.usable else 'it is not in the keyring'}). "
                    "Type it again to use this profile.")
        self.secret_note.setText(text)
        set_tone(self.secret_note, "" if location == "keyring" else "warning")

    # ------------------------------------------------------------------ validation

    def _region_typed(self, _text: str) -> None:
        self._region_auto = not self.edits["region"].text().strip()

    def _pool_id_changed(self, text: str) -> None:
        if self._loading:
            return
        region = ids.region_from_user_pool_id(text)
        if region and (self._region_auto or not self.edits["region"].text().strip()):
            self._loading = True
            self.edits["region"].setText(region)
            self._loading = False
            self._region_auto = True
            self._validate()

    def _on_edited(self, *_: Any) -> None:
        if not self._loading:
            self._validate()

    def form_values(self) -> dict[str, str]:
        return {attribute: edit.text() for attribute, edit in self.edits.items()}

    def _validate(self) -> None:
        editing = self.current is not None or self._draft_name is not None
        values = self.form_values()
        self.problems = ids.validate_profile_fields(**values) if editing else []
        drafting = self._draft_name is not None and not self._save_tried
        for attribute, note in self.notes.items():
            shown = not drafting or attribute in self._touched
            note.set_problems([(p.level, p.message) for p in self.problems
                               if p.field == attribute and shown])
        errors = ids.errors_only(self.problems)
        self.save_button.setEnabled(editing and not errors and self.is_dirty())
        self.revert_button.setEnabled(editing and self.is_dirty())

    def is_dirty(self) -> bool:
        if self._draft_name is not None:
            return True
        if self.current is None:
            return False
        if self.secret_edit.text():
            return True
        return any((getattr(self.current, attribute) or "") != edit.text()
                   for attribute, edit in self.edits.items())

    # ------------------------------------------------------------------ saving

    def _form_profile(self, name: str) -> Profile:
        values = self.form_values()
        base = self.current if self.current is not None else Profile(name, "", "", "")
        return dataclasses.replace(
            base,
            name=name,
            region=values["region"],
            user_pool_id=values["user_pool_id"],
            client_id=values["client_id"],
            identity_pool_id=values["identity_pool_id"] or None,
            bucket=values["bucket"] or None,
            hosted_ui_domain=values["hosted_ui_domain"] or None,
            endpoint_url=values["endpoint_url"] or None,
        )

    def save(self) -> bool:
        """Write the form to the store; True when saved now (False: invalid, or waiting)."""
        name = self._draft_name or (self.current.name if self.current else None)
        if name is None:
            return False
        if not self.save_button.isEnabled():
            self._save_tried = True  # now every problem shows, typed or not
            self._validate()
            return False
        # A changed endpoint/pool/client asks first what to forget (see profile_save).
        return save_profile(self, self._form_profile(name), self.secret_edit.text())

    def store_secret(self, name: str, secret: str | None) -> None:
        """Keyring write off the GUI thread; the note says where the secret went."""
        self.secret_edit.clear()
        self.secret_note.setText("Storing the client secret…" if secret else
                                 "Forgetting the client secret…")
        store = self.store

        def work(_ctx: Any) -> tuple[str, Any]:
            from tokenexplorer import keyring_store

            return store.set_client_secret(name, secret), keyring_store.keyring_status()

        def done(result: tuple[str, Any]) -> None:
            location, status = result
            profile = store.get(name)
            if self.current is not None and self.current.name == name and profile:
                self.current = profile
                self.forget_secret_button.setVisible(profile.has_client_secret)
                if location == "none":
                    self.secret_note.setText("No client secret stored for this profile.")
                    set_tone(self.secret_note, "")
                else:
                    self._describe_secret_location(location, status)
                self.state.set_profile(profile)
            self.secret_stored.emit(location)

        def failed(exc: BaseException) -> None:
            self.secret_note.setText(describe_error(exc).message)

        run_task(self, work, name="store-client-secret", on_result=done,
                 on_error=failed)

    def forget_secret(self) -> None:
        if self.current is not None:
            self.store_secret(self.current.name, None)

    def revert(self) -> None:
        if self._draft_name is not None:
            self._drop_draft_row()
            self.reload()
        else:
            self._show_profile(self.current)

    # ------------------------------------------------------------------ managing

    def _ask_text(self, title: str, label: str, default: str = "") -> str | None:
        """A name from the user, or None when cancelled (tests replace this method)."""
        dialog = self.name_dialog(title, label, default)
        return dialog.textValue() if dialog.exec() else None

    def name_dialog(self, title: str, label: str, default: str = "") -> QtWidgets.QInputDialog:
        """The name prompt, wide enough that its title is never cut short."""
        dialog = QtWidgets.QInputDialog(self)
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

    def _confirm(self, title: str, question: str) -> bool:
        answer = plain.ask(self, title, question)
        return answer == QtWidgets.QMessageBox.StandardButton.Yes

    def _name_problem(self, name: str) -> str | None:
        problems = ids.errors_only(ids.validate_profile_fields(name=name))
        if problems:
            return problems[0].message
        if name in self.profile_names():
            return f"A profile named “{name}” already exists."
        return None

    def _ask_add(self) -> None:
        name = self._ask_text("Add profile", "Name of the new profile:", "My pool")
        if name is not None:
            self.add_profile(name)

    def add_profile(self, name: str, template: Profile | None = None) -> bool:
        """Start a new unsaved profile called `name` (filled from `template` if given)."""
        problem = self._name_problem(name)
        if problem:
            self.banner.show_message("error", problem)
            return False
        if self._draft_name is not None and not self.ask_discard_draft():
            return False
        self._drop_draft_row()
        self.banner.clear()
        self._set_draft(name)
        self._touched = set()
        self._save_tried = False
        self.hint.hide()
        self._show_welcome(False)
        self.show_details(True)
        self._loading = True
        self.combo.addItem(f"{name}{DRAFT_SUFFIX}", None)
        self.combo.setCurrentIndex(self.combo.count() - 1)
        self._loading = False
        self._show_profile(None)
        self._set_draft(name)
        self.current = None
        self.title.setText(f"New profile “{name}” — not saved yet")
        self._set_form_enabled(True)
        if template is not None:
            for attribute, edit in self.edits.items():
                edit.setText(getattr(template, attribute) or "")
        self._validate()
        self.edits["user_pool_id"].setFocus()
        return True

    def _ask_rename(self) -> None:
        if self.current is None:
            return
        name = self._ask_text("Rename profile", "New name:", self.current.name)
        if name is not None and name != self.current.name:
            self.rename_current(name)

    def _run_store_change(self, label: str, work: Any, select: Any) -> None:
        self._set_busy(True)

        def done(result: Any) -> None:
            self._set_busy(False)
            self.banner.clear()
            self.reload(select=select(result))
            self.state.status_message.emit(label)
            self.store_changed.emit()

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            self.banner.show_error(describe_error(exc))
            self.store_changed.emit()

        run_task(self, lambda _ctx: work(), name="profile-change", on_result=done,
                 on_error=failed)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.add_button, self.rename_button, self.duplicate_button,
                       self.delete_button, self.combo, self.save_button):
            widget.setEnabled(not busy)
        if not busy:
            has = self.current is not None
            for widget in (self.rename_button, self.duplicate_button, self.delete_button):
                widget.setEnabled(has)
            self._validate()

    def rename_current(self, new_name: str) -> None:
        """Rename (the stored secret and session follow, in the background)."""
        if self.current is None:
            return
        old = self.current.name
        problem = self._name_problem(new_name)
        if problem:
            self.banner.show_message("error", problem)
            return
        self._run_store_change(f"Profile renamed to “{new_name}”.",
                               lambda: self.store.rename(old, new_name), lambda p: p.name)

    def _ask_duplicate(self) -> None:
        if self.current is None:
            return
        name = self._ask_text("Duplicate profile", "Name of the copy:",
                              f"{self.current.name} copy")
        if name is not None:
            self.duplicate_current(name)

    def duplicate_current(self, new_name: str) -> None:
        if self.current is None:
            return
        old = self.current.name
        problem = self._name_problem(new_name)
        if problem:
            self.banner.show_message("error", problem)
            return
        self._run_store_change(f"Profile “{old}” copied to “{new_name}”.",
                               lambda: self.store.duplicate(old, new_name), lambda p: p.name)

    def _ask_delete(self) -> None:
        if self.current is None:
            return
        if self._confirm("Delete profile",
                         f"Delete the profile “{self.current.name}”, its stored client secret "
                         "and any remembered sign-in?"):
            self.delete_current()

    def delete_current(self) -> None:
        if self.current is None:
            return
        name = self.current.name
        self.current = None
        self._run_store_change(f"Profile “{name}” deleted.",
                               lambda: self.store.delete(name), lambda _r: None)

    def _ask_import(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self, "Import an Amplify configuration", "",
            "Amplify config (aws-exports.js amplifyconfiguration.json amplify_outputs.json "
            "*.js *.json);;All files (*)",
        )
        if not path:
            return
        name = self._ask_text("Import profile", "Name of the imported profile:",
                              Path(path).stem.replace("_", " "))
        if name is not None:
            self.import_amplify(Path(path), name)

    def import_amplify(self, path: Path, name: str) -> bool:
        """Fill a new unsaved profile from an Amplify file; the user reviews, then saves."""
        from tokenexplorer.cognito.amplify import AmplifyImportError, import_amplify_config

        problem = self._name_problem(name)
        if problem:
            self.banner.show_message("error", problem)
            return False
        try:
            imported = import_amplify_config(path, name)
        except AmplifyImportError as exc:
            self.banner.show_message("error", str(exc))
            return False
        self.add_profile(name, imported.profile)
        if imported.client_secret:
            self.secret_edit.setText(imported.client_secret)
        self.banner.show_message("info", f"Imported from {path.name}. Review, then Save. "
                                 + " ".join(imported.notes))
        return True
