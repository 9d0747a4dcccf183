"""The sign-in dialog's pages outside the challenges: credentials, confirm the account,
forgot password (ask for a code) and reset (code + new password).

A page shows and collects; it never calls Cognito. `SignInDialog` runs the calls and
decides which page follows (`signin_steps`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tokenexplorer.ui import plain
from tokenexplorer.ui.cognito.emulator_wording import EMULATOR_NO_RESEND
from tokenexplorer.ui.cognito.signin_steps import (
    PRIMARY_TEXT,
    PageKind,
    confirm_wording,
    flow_choices,
    forgot_wording,
    reset_wording,
)
from tokenexplorer.ui.cognito.widgets import (
    buddy_label,
    code_edit,
    combo_box,
    explanation,
    heading,
    helper_text,
    line_edit,
)
from tokenexplorer.ui.qt import Qt, QtWidgets, Signal
from tokenexplorer.ui.sandbox.inbox_pointer import InboxPointer

if TYPE_CHECKING:
    from tokenexplorer.cognito.auth import CodeDelivery
    from tokenexplorer.cognito.profiles import Profile
    from tokenexplorer.keyring_store import KeyringStatus


class StepPage(QtWidgets.QWidget):
    """A heading, an explanation and a form; what the primary button says on it."""

    kind = PageKind.CREDENTIALS
    inbox_requested = Signal()  # "Open Sandbox inbox" (emulator profiles only)

    def __init__(self, title: str, text: str = "") -> None:
        super().__init__()
        self.inbox_pointer: InboxPointer | None = None
        self.box = QtWidgets.QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.title = heading(title)
        self.note = explanation(text)
        self.note.setVisible(bool(text))
        self.form = QtWidgets.QFormLayout()
        self.box.addWidget(self.title)
        self.box.addWidget(self.note)
        self.box.addLayout(self.form)

    @property
    def primary_text(self) -> str:
        return PRIMARY_TEXT[self.kind]

    def set_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def add_row(self, text: str, field: QtWidgets.QWidget,
                row: QtWidgets.QWidget | QtWidgets.QLayout | None = None) -> None:
        """A form row: `text` (with its &mnemonic) labelling `field` (shown as `row`)."""
        self.form.addRow(buddy_label(text, field), row if row is not None else field)

    def point_to_inbox(self) -> InboxPointer:
        """Add the line pointing to the Sandbox inbox under the form (an emulator's code
        is there, not in any mailbox)."""
        if self.inbox_pointer is None:
            self.inbox_pointer = InboxPointer()
            self.inbox_pointer.open_requested.connect(self.inbox_requested)
            self.box.addWidget(self.inbox_pointer)
        return self.inbox_pointer

    def required(self) -> list[tuple[QtWidgets.QLineEdit, str]]:
        """The fields that must not be empty, with how to ask for each."""
        return []

    def focus_first(self) -> None:
        """Focus the first enabled field still to fill in."""
        for widget in self.findChildren(QtWidgets.QWidget):
            if isinstance(widget, QtWidgets.QComboBox) and widget.isEnabled():
                widget.setFocus()
                return
            if (isinstance(widget, QtWidgets.QLineEdit) and not widget.isReadOnly()
                    and widget.isEnabled() and not widget.text()):
                widget.setFocus()
                return


class CredentialsPage(StepPage):
    """Username, password, flow, "Remember me" (with why not) and "Forgot password?"."""

    kind = PageKind.CREDENTIALS
    forgot_requested = Signal()
    code_requested = Signal()  # "Sign in with a code instead of a password"

    def __init__(self, profile: Profile) -> None:
        super().__init__("Sign in")
        self.username_edit = line_edit("Username", placeholder="username, email or phone")
        self.password_edit = line_edit("Password", secret=True)
        self.flow_combo = combo_box("Sign-in flow")
        for key, label in flow_choices(profile.endpoint_url):
            self.flow_combo.addItem(label, key)
        if profile.preferred_challenge:  # the profile signs in by choice (USER_AUTH)
            self.flow_combo.setCurrentIndex(self.flow_combo.findData("user-auth"))
        self.remember_box = QtWidgets.QCheckBox("Remember me (refresh token in the keyring)")
        self.remember_box.setAccessibleName("Remember me")
        self.remember_box.setEnabled(False)
        self.remember_reason = helper_text("Checking the keyring…", "Remember me status")
        self.add_row("&Username", self.username_edit)
        self.add_row("&Password", self.password_edit)
        self.add_row("&Flow", self.flow_combo)
        self.form.addRow("", self.remember_box)
        self.form.addRow("", self.remember_reason)
        self.forgot_button = _link_button("Forgot password?", "Forgot password")
        self.forgot_button.clicked.connect(self.forgot_requested)
        self.code_button = _link_button("Sign in with a code instead of a password",
                                        "Sign in with a code instead of a password")
        self.code_button.clicked.connect(self.code_requested)
        self.code_button.hide()  # shown when the pool allows it (set_code_offer)
        links = QtWidgets.QHBoxLayout()
        links.addWidget(self.forgot_button)
        links.addWidget(self.code_button)
        links.addStretch(1)
        self.box.addLayout(links)

    @property
    def username(self) -> str:
        return self.username_edit.text().strip()

    @property
    def flow(self) -> str:
        return str(self.flow_combo.currentData())

    @property
    def remember(self) -> bool:
        return self.remember_box.isEnabled() and self.remember_box.isChecked()

    def required(self) -> list[tuple[QtWidgets.QLineEdit, str]]:
        """Choice-based sign-in asks for a password only if the user picks one."""
        if self.flow == "user-auth":
            return [(self.username_edit, "your username")]
        return [(self.username_edit, "your username"), (self.password_edit, "your password")]

    def set_code_offer(self, allowed: bool) -> None:
        self.code_button.setVisible(allowed)

    def set_keyring_status(self, status: KeyringStatus) -> None:
        """Enable "Remember me" only with a usable secure keyring; otherwise say why."""
        self.remember_box.setEnabled(bool(status.usable))
        if status.usable:
            self.remember_reason.setText(f"Stored in {status.backend}.")
            self.remember_box.setToolTip(f"The refresh token is stored in {status.backend}.")
        else:
            self.remember_box.setChecked(False)
            from tokenexplorer.ui.cognito.keyring_banner import technical_reason

            self.remember_reason.setText("Remember me is off: no secure keyring is usable "
                                         f"({technical_reason(status.reason)}).")
            plain.set_tooltip(self.remember_box, status.reason)
        self.remember_box.setAccessibleDescription(self.remember_reason.text())


class ConfirmPage(StepPage):
    """The confirmation code of an unconfirmed account, with "Resend code"."""

    kind = PageKind.CONFIRM
    resend_requested = Signal()

    def __init__(self, emulator: bool) -> None:
        super().__init__("Confirm your account", confirm_wording(None, emulator))
        self.emulator = emulator
        self.username = ""
        self.then_sign_in = True
        self.code_edit = code_edit("Confirmation code")
        self.resend_button = QtWidgets.QPushButton("Resend code")
        self.resend_button.setAccessibleName("Resend code")
        self.resend_button.setAutoDefault(False)
        self.resend_button.clicked.connect(self.resend_requested)
        if emulator:
            self.resend_button.setEnabled(False)
            self.resend_button.setToolTip(EMULATOR_NO_RESEND)
            self.resend_button.setAccessibleDescription(EMULATOR_NO_RESEND)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.code_edit, 1)
        row.addWidget(self.resend_button)
        self.add_row("&Code", self.code_edit, row)
        if emulator:
            self.point_to_inbox()

    def show_for(self, username: str, delivery: CodeDelivery | None, *,
                 then_sign_in: bool) -> None:
        self.username = username
        self.then_sign_in = then_sign_in
        self.set_note(confirm_wording(delivery, self.emulator))
        self.code_edit.clear()

    def required(self) -> list[tuple[QtWidgets.QLineEdit, str]]:
        return [(self.code_edit, "the confirmation code")]


class ForgotPage(StepPage):
    """Forgot password, first step: whose password (ForgotPassword sends the code)."""

    kind = PageKind.FORGOT

    def __init__(self, emulator: bool) -> None:
        super().__init__("Reset your password", forgot_wording(emulator))
        self.username_edit = line_edit("Username")
        self.add_row("&Username", self.username_edit)
        if emulator:
            self.point_to_inbox()

    def required(self) -> list[tuple[QtWidgets.QLineEdit, str]]:
        return [(self.username_edit, "your username")]


class ResetPage(StepPage):
    """Forgot password, second step: the code and the new password (with the policy)."""

    kind = PageKind.RESET

    def __init__(self, emulator: bool) -> None:
        super().__init__("Choose a new password")
        self.emulator = emulator
        self.username = ""
        self.code_edit = code_edit("Confirmation code")
        self.password_edit = line_edit("New password", secret=True)
        self.policy = helper_text("", "Password policy")
        self.policy.hide()
        self.add_row("&Code", self.code_edit)
        self.add_row("&New password", self.password_edit)
        self.box.addWidget(self.policy)
        if emulator:
            self.point_to_inbox()

    def show_sent(self, username: str, delivery: CodeDelivery | None) -> None:
        self.username = username
        self.set_note(reset_wording(delivery, self.emulator))
        self.code_edit.clear()
        self.password_edit.clear()

    def set_policy(self, text: str) -> None:
        self.policy.setText(text)
        self.policy.setVisible(bool(text))

    def required(self) -> list[tuple[QtWidgets.QLineEdit, str]]:
        return [(self.code_edit, "the code"), (self.password_edit, "a new password")]


def _link_button(text: str, name: str) -> QtWidgets.QPushButton:
    """A flat button drawn as a link (with a focus ring for the keyboard)."""
    button = QtWidgets.QPushButton(text)
    button.setAccessibleName(name)
    button.setAutoDefault(False)
    button.setFlat(True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setStyleSheet(
        "QPushButton { color: palette(link); text-decoration: underline; border: none;"
        " padding: 2px 4px; } QPushButton:focus { border: 1px solid palette(highlight); }")
    return button
