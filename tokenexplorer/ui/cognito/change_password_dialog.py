"""Change the signed-in user's password (ChangePassword with the session's access token)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tokenexplorer.ui import plain
from tokenexplorer.ui.cognito.call_dialog import CallDialog
from tokenexplorer.ui.cognito.widgets import (
    explanation,
    heading,
)
from tokenexplorer.ui.qt import QtWidgets, Signal
from tokenexplorer.ui.tasks import TaskContext

if TYPE_CHECKING:
    from tokenexplorer.cognito.session import Session


class ChangePasswordDialog(CallDialog):
    """Current password, new password twice; the session stays signed in afterwards."""

    changed = Signal()

    def __init__(self, session: Session, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent, title="Change password", name="Change-password", min_width=420)
        self.session = session

        def secret(name: str) -> QtWidgets.QLineEdit:
            edit = QtWidgets.QLineEdit()
            edit.setAccessibleName(name)
            edit.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
            return edit

        self.current_edit = secret("Current password")
        self.new_edit = secret("New password")
        self.repeat_edit = secret("Repeat new password")
        self.form = QtWidgets.QWidget()
        form = QtWidgets.QFormLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        for text, edit in (("&Current password", self.current_edit),
                           ("&New password", self.new_edit),
                           ("&Repeat new password", self.repeat_edit)):
            label = plain.label(text)
            label.setBuddy(edit)
            form.addRow(label, edit)
        policy = session.auth.password_policy
        self.policy_label = explanation(policy.describe() if policy else "")
        self.policy_label.setAccessibleName("Password policy")
        self.policy_label.setVisible(policy is not None)

        buttons = self._button_row("Change password")
        self.primary.setAccessibleName("Change password")
        self._lay_out([heading("Change password"),
                       explanation(f"For “{session.username}” (ChangePassword, authorised by "
                                   "this session's access token)."),
                       self.form, self.policy_label], buttons)

    def _busy_changed(self, busy: bool) -> None:
        self.form.setEnabled(not busy)
        self.primary.setEnabled(not busy)

    def submit(self) -> None:
        if self.runner.running:
            return
        old, new, repeat = (self.current_edit.text(), self.new_edit.text(),
                            self.repeat_edit.text())
        if not old or not new:
            self.message.show_message("error", "Please enter the current and the new password.")
            return
        if new != repeat:
            self.message.show_message("error", "The two new passwords are not the same.")
            self.repeat_edit.setFocus()
            return
        tokens = self.session.tokens
        if tokens is None:
            self.message.show_message("error", "You are signed out; sign in again first.")
            return
        auth = self.session.auth
        access_token = tokens.access_token

        def work(_ctx: TaskContext) -> None:
            auth.change_password(access_token, old, new)

        def done(_value: None) -> None:
            for edit in (self.current_edit, self.new_edit, self.repeat_edit):
                edit.clear()
            self.changed.emit()
            self.accept()

        self.runner.run("Changing the password (ChangePassword)…", work, done)
