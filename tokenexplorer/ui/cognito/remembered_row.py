"""The session panel's offers about a remembered session: Resume, Start sandbox, Forget.

What to offer is decided in the core (`cognito.remembered`); this row looks it up off the
GUI thread when the profile changes, shows the matching buttons, and runs Resume and
Forget in the background. Messages go to the panel's one InlineMessage.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from tokenexplorer.cognito.remembered import (
    Offer,
    RememberedOffer,
    ResumeFailure,
    find_remembered,
    resume_failure,
)
from tokenexplorer.ui import plain
from tokenexplorer.ui.cognito.background_calls import make_auth
from tokenexplorer.ui.cognito.widgets import InlineMessage
from tokenexplorer.ui.errors import describe_error
from tokenexplorer.ui.masked_texts import MaskedTexts
from tokenexplorer.ui.masking_view import MaskingView
from tokenexplorer.ui.qt import QtWidgets, Signal
from tokenexplorer.ui.tasks import Task, TaskContext, run_task

if TYPE_CHECKING:
    from tokenexplorer.cognito.profiles import Profile
    from tokenexplorer.cognito.session import Session
    from tokenexplorer.ui.state import AppState


def _button(text: str, name: str, tip: str = "") -> QtWidgets.QPushButton:
    """A button of this row: hidden until the row has something to offer."""
    widget = plain.button(text, name, tip)
    widget.hide()
    return widget


class RememberedRow(QtWidgets.QWidget):
    """A row of buttons, hidden (taking no space) while there is nothing to offer."""

    resume_offered = Signal(str)  # username
    resumed = Signal(object)  # Session
    start_sandbox_requested = Signal()

    def __init__(self, state: AppState, message: InlineMessage,
                 parent: QtWidgets.QWidget | None = None,
                 texts: MaskedTexts | None = None) -> None:
        """`texts`: the session panel's, so the user's name is masked with the rest."""
        super().__init__(parent)
        self.state = state
        self.texts = texts or MaskedTexts(MaskingView(self), self)
        self.message = message
        self._resume_task: Task | None = None
        self.stored_user: str | None = None
        self.resume_button = _button(
            "Resume session", "Resume session", "Sign in again with the refresh token "
            "remembered in the keyring (REFRESH_TOKEN_AUTH), no password needed.")
        self.start_sandbox_button = _button(
            "Start sandbox", "Start sandbox to sign in again", "The sandbox this session "
            "came from is not running: start a new one and sign in")
        self.forget_button = _button("Forget stored session", "Forget stored session",
                                     "Delete the remembered refresh token from the keyring")
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.resume_button, self.start_sandbox_button, self.forget_button):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.hide()
        self.resume_button.clicked.connect(self.resume)
        self.forget_button.clicked.connect(self.forget_stored)
        self.start_sandbox_button.clicked.connect(self.start_sandbox_requested)

    def _show_only(self, *widgets: QtWidgets.QWidget) -> None:
        for widget in (self.resume_button, self.start_sandbox_button, self.forget_button):
            widget.setVisible(widget in widgets)
        self.setVisible(bool(widgets))

    def hide_offers(self) -> None:
        self._show_only()

    def reset(self) -> None:
        """Nothing offered, nobody known (another profile, or none)."""
        self.hide_offers()
        self.stored_user = None

    def look_for(self, profile: Profile) -> None:
        """Ask the core what to offer for `profile`; shown unless the user moved on."""
        self.reset()
        name = profile.name

        def found(offer: RememberedOffer) -> None:
            current = self.state.profile
            if offer.username is None or current is None or current.name != name:
                return
            if self.state.session is not None and self.state.session.signed_in:
                return
            self.stored_user = offer.username
            if offer.offer is Offer.START_SANDBOX:
                self.offer_sandbox_start(offer.username)
                return
            user, masking = offer.username, self.texts.masking
            self.texts.put(self.resume_button, self.resume_button.setText,
                           lambda: f"Resume session ({masking.value('username', user)})",
                           self.resume_button)
            self.resume_button.setEnabled(True)
            self._show_only(self.resume_button)
            self.resume_offered.emit(offer.username)

        snapshot = dataclasses.replace(profile)  # the worker reads it; the pane may edit
        run_task(self, lambda _ctx: find_remembered(snapshot), name="stored-session",
                 on_result=found)

    def offer_sandbox_start(self, user: str) -> None:
        self._show_only(self.start_sandbox_button, self.forget_button)
        who = self.texts.masking.value("username", user)
        self.message.show_message(
            "info", f"A session of {who} is remembered, but the sandbox it came from is not "
            "running any more, and a sandbox's sessions end with it. Start the sandbox and "
            "sign in again.")

    def _offer_forget(self, exc: BaseException) -> None:
        """The stored refresh token was refused: Resume cannot work, offer to forget it."""
        error = describe_error(exc)
        self._show_only(self.forget_button)
        self.message.show_message(
            "error", f"{error.message} Forget the stored session, then sign in with your "
            "password.", error.code)

    def forget_stored(self) -> None:
        """Delete the stored refresh token of this profile (off the GUI thread)."""
        profile = self.state.profile
        if profile is None:
            return
        name, user = profile.name, self.stored_user
        self.forget_button.setEnabled(False)

        def work(_ctx: TaskContext) -> str:
            from tokenexplorer.cognito.session import forget_stored_session

            return forget_stored_session(name, user)

        def done(text: str) -> None:
            self.forget_button.setEnabled(True)
            self.hide_offers()
            self.stored_user = None
            self.message.show_message("ok", f"Forgotten. {text}".strip())

        def failed(exc: BaseException) -> None:
            self.forget_button.setEnabled(True)
            self.message.show_error(describe_error(exc))

        run_task(self, work, name="forget-session", on_result=done, on_error=failed)

    def resume(self) -> None:
        """One REFRESH_TOKEN_AUTH with the remembered token; `resumed` on success."""
        profile = self.state.profile
        if profile is None or self._resume_task is not None:
            return
        activity = self.state.activity
        self.resume_button.setEnabled(False)
        self.message.show_message("info", "Resuming the remembered session…")

        def work(_ctx: TaskContext) -> Session | None:
            from tokenexplorer.cognito.session import Session

            return Session.resume(make_auth(profile, activity), profile.name)

        def done(session: Session | None) -> None:
            self._resume_task = None
            self.resume_button.setEnabled(True)
            if session is None:
                self.message.show_message("warning", "Nothing is remembered for this profile "
                                          "any more. Sign in with your password.")
                self._show_only()
                return
            self.message.show_message("ok", "Session resumed with the remembered refresh "
                                      "token (REFRESH_TOKEN_AUTH).")
            self.resumed.emit(session)

        def failed(exc: BaseException) -> None:
            self._resume_task = None
            self.resume_button.setEnabled(True)
            kind = resume_failure(exc, profile)
            if kind is ResumeFailure.REFUSED:
                self._offer_forget(exc)
            elif kind is ResumeFailure.SANDBOX_DOWN:
                self.offer_sandbox_start(self.stored_user or "this user")
            else:
                self.message.show_error(describe_error(exc))

        self._resume_task = run_task(self, work, name="resume-session", on_result=done,
                                     on_error=failed)
