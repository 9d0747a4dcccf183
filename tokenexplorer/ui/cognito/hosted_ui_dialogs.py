"""Two small dialogs of the hosted-UI section: a machine-to-machine token (client
credentials with chosen scopes) and the userInfo answer (shown as plain text)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from tokenexplorer.cognito.profile_oauth import OAuthFieldError, scopes_from, split_words
from tokenexplorer.ui import plain
from tokenexplorer.ui.cognito.widgets import (
    BusyRow,
    InlineMessage,
    buddy_label,
    explanation,
    line_edit,
)
from tokenexplorer.ui.errors import describe_error
from tokenexplorer.ui.qt import QtWidgets, Signal
from tokenexplorer.ui.tasks import Task, TaskContext, run_task

if TYPE_CHECKING:
    from tokenexplorer.activity import ActivityLog
    from tokenexplorer.cognito.hosted_ui.oauth_calls import MachineToken
    from tokenexplorer.cognito.profiles import Profile

M2M_INTRO = ("The client-credentials grant: an access token for the app client itself (no user), "
             "with resource-server scopes such as 'sandbox-api/read'. The client secret comes "
             "from the keyring and goes only to the hosted UI's token endpoint.")
MAX_SHOWN = 64 * 1024


class MachineTokenDialog(QtWidgets.QDialog):
    got_token = Signal(object)  # MachineToken

    def __init__(self, profile: Profile, activity: ActivityLog | None,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Machine-to-machine token")
        self.setAccessibleName("Machine-to-machine token")
        self.profile, self.activity = profile, activity
        self.task: Task | None = None
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(explanation(M2M_INTRO))
        form = QtWidgets.QFormLayout()
        self.scopes_edit = line_edit("Scopes", placeholder="empty: every scope the client allows")
        form.addRow(buddy_label("&Scopes:", self.scopes_edit), self.scopes_edit)
        layout.addLayout(form)
        self.busy = BusyRow()
        layout.addWidget(self.busy)
        self.message = InlineMessage(name="Machine-token message")
        layout.addWidget(self.message)
        buttons = QtWidgets.QDialogButtonBox()
        self.get_button = plain.button("Get token", "Get token")
        self.get_button.setDefault(True)
        self.close_button = plain.button("Close", "Close")
        buttons.addButton(self.get_button, QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.close_button, QtWidgets.QDialogButtonBox.ButtonRole.RejectRole)
        self.get_button.clicked.connect(self.fetch)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(480, self.sizeHint().height())

    def fetch(self) -> None:
        if self.task is not None:
            return
        try:
            scopes = scopes_from(split_words(self.scopes_edit.text()))
        except OAuthFieldError as exc:
            self.message.show_message("error", f"Scopes: {exc}.")
            return
        profile, activity = self.profile, self.activity

        def work(_ctx: TaskContext) -> MachineToken:
            from tokenexplorer.cognito.hosted_ui import OAuthClient
            from tokenexplorer.cognito.profiles import client_secret_for

            secret = client_secret_for(profile) if profile.has_client_secret else None
            return OAuthClient(profile, client_secret=secret, activity=activity) \
                .client_credentials(scopes)

        self.get_button.setEnabled(False)
        self.message.clear()
        self.busy.start("Asking the token endpoint…")
        self.task = run_task(self, work, name="client-credentials", on_result=self._done,
                             on_error=self._failed)

    def _finish(self) -> None:
        self.task = None
        self.busy.stop()
        self.get_button.setEnabled(True)

    def _done(self, token: MachineToken) -> None:
        self._finish()
        self.got_token.emit(token)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        self.message.show_error(describe_error(exc))


class UserInfoDialog(QtWidgets.QDialog):
    """The /oauth2/userInfo answer: the server's JSON, shown as plain text (never HTML)."""

    def __init__(self, info: dict[str, Any], parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("userInfo")
        self.setAccessibleName("userInfo")
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(explanation(
            "What GET /oauth2/userInfo answered for the access token: the user's attributes "
            "the token's scopes allow (openid, email, profile, phone)."))
        self.text = QtWidgets.QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName("userInfo answer")
        self.text.setPlainText(json.dumps(info, indent=2, ensure_ascii=False)[:MAX_SHOWN])
        layout.addWidget(self.text)
        close = plain.button("Close", "Close")
        close.clicked.connect(self.accept)
        layout.addWidget(close)
        self.resize(460, 360)
