"""The session panel: who is signed in, how long the tokens last, refresh, sign out, resume.

The view only draws and delegates: `SessionRenewal` ticks every second and runs one
REFRESH_TOKEN_AUTH in the background when the core's schedule says so; `RememberedRow`
offers what the core (`cognito.remembered`) finds in the keyring. Sign-out and Remember
me run on worker threads too.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Protocol

from tokenexplorer.cognito.sign_out_results import NeedsGlobalSignOut
from tokenexplorer.tokens.safe_text import visible
from tokenexplorer.tokens.times import countdown
from tokenexplorer.ui import plain
from tokenexplorer.ui.cognito.remembered_row import RememberedRow
from tokenexplorer.ui.cognito.session_devices_view import DevicesView
from tokenexplorer.ui.cognito.session_lineage_view import LineageView
from tokenexplorer.ui.cognito.session_renewal import SessionRenewal
from tokenexplorer.ui.cognito.widgets import InlineMessage, set_tone
from tokenexplorer.ui.errors import PlainError, describe_error
from tokenexplorer.ui.masked_texts import MaskedTexts
from tokenexplorer.ui.masking_view import MaskingView
from tokenexplorer.ui.qt import Qt, QtWidgets, Signal
from tokenexplorer.ui.tasks import Task, TaskContext, run_task

if TYPE_CHECKING:
    from tokenexplorer.cognito.auth import CognitoAuth, Tokens
    from tokenexplorer.cognito.profiles import Profile
    from tokenexplorer.cognito.session import Session, SessionSignOut
    from tokenexplorer.cognito.sign_in_attempt import DeviceOutcome
    from tokenexplorer.keyring_store import KeyringStatus
    from tokenexplorer.ui.state import AppState


class FinishedSignIn(Protocol):
    """What a sign-in dialog hands over (`SignInResult`): enough to start a Session."""

    @property
    def profile(self) -> Profile: ...
    @property
    def tokens(self) -> Tokens: ...
    @property
    def auth(self) -> CognitoAuth: ...
    @property
    def remember(self) -> bool: ...
    @property
    def device(self) -> DeviceOutcome | None: ...


def countdown_text(session: Session) -> str:
    """'Tokens valid for 59 min (until 21:52:45).' — whole minutes until the last two."""
    left = session.seconds_left()
    expires = time.strftime("%H:%M:%S", time.localtime(session.expires_at))
    if left <= 0:
        return f"Tokens expired at {expires}."
    return f"Tokens valid for {countdown(left, whole_minutes=left > 120)} (until {expires})."


def _signed_in_text(session: Session, masking: MaskingView) -> str:
    """'Signed in as <b>user</b> (profile “name”).': rich text of escaped, maybe masked parts."""
    user = plain.escape(visible(str(masking.value("username", session.username))))
    profile = plain.escape(visible(masking.text(session.profile_name)))
    return f"Signed in as <b>{user}</b> (profile “{profile}”)."


def global_sign_out_question(session: Session, why: str) -> str:
    """What the user is asked before GlobalSignOut: the consequence, by name."""
    from tokenexplorer.cognito.sandbox import is_emulator

    user = session.username or "this user"
    text = (f"This session cannot be revoked on its own: {why}.\n\nSigning out now "
            f"needs GlobalSignOut, which ends all of {user}'s sessions on every device, "
            "not only this one.")
    if is_emulator(session.auth.profile):
        text += ("\n\nThis is the local emulator: it has no RevokeToken, so GlobalSignOut "
                 "is the only way to sign out here. It affects only the emulator's "
                 "sessions of this user.")
    return text + "\n\nSign out everywhere?"


def _row(*widgets: QtWidgets.QWidget) -> QtWidgets.QHBoxLayout:
    row = QtWidgets.QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


class SessionPanel(QtWidgets.QWidget):
    """Signed-in user, countdown, Refresh now / Change password / Sign out; Resume offer."""

    sign_in_requested = Signal()
    sign_up_requested = Signal()
    change_password_requested = Signal()
    start_sandbox_requested = Signal()
    session_started = Signal(object)  # Session (after sign-in or resume)
    resume_offered = Signal(str)
    refreshed = Signal(object)
    remembered = Signal(object)
    signed_out = Signal(object)

    def __init__(self, state: AppState, parent: QtWidgets.QWidget | None = None,
                 clock: Callable[[], float] = time.time,
                 masking: MaskingView | None = None) -> None:
        """`masking`: the window's (PanelHost.masking): the user shown masked while on."""
        super().__init__(parent)
        self.state = state
        self.texts = MaskedTexts(masking or MaskingView(self), self)
        self._sign_out_task: Task | None = None
        self._drafting = False
        # Asked before GlobalSignOut (title, question) -> yes?; tests replace it.
        self.confirm_global: Callable[[str, str], bool] = self._ask_yes_no
        self.renewal = SessionRenewal(state, self, clock)
        self._build()
        self._connect()
        self._session_changed(state.session)
        self._profile_changed(state.profile)

    def _build(self) -> None:
        title = plain.label("Session")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.who = QtWidgets.QLabel()
        self.who.setAccessibleName("Signed-in user")
        self.who.setWordWrap(True)
        self.who.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.countdown = plain.label()
        self.countdown.setAccessibleName("Token lifetime")
        self.lifetime_bar = QtWidgets.QProgressBar()
        self.lifetime_bar.setTextVisible(False)
        self.lifetime_bar.setRange(0, 100)
        self.lifetime_bar.setMaximumHeight(8)
        self.lifetime_bar.setAccessibleName("Token lifetime left")
        self.detail = plain.label()
        self.detail.setWordWrap(True)
        self.detail.setAccessibleName("Session details")
        set_tone(self.detail, "muted")
        self.message = InlineMessage(name="Session message")
        self.stored = RememberedRow(self.state, self.message, texts=self.texts)
        self.lineage, self.devices = LineageView(), DevicesView()
        self.sign_in_button = plain.button("Sign in…", "Sign in")
        self.sign_up_button = plain.button("Sign up…", "Sign up")
        self.refresh_button = plain.button("Refresh now", "Refresh now")
        self.change_password_button = plain.button("Change password…", "Change password")
        self.sign_out_button = plain.button("Sign out", "Sign out")
        layout = QtWidgets.QVBoxLayout(self)
        for widget in (title, self.who, self.countdown, self.lifetime_bar, self.detail,
                       self.message, self.stored):
            layout.addWidget(widget)
        layout.addLayout(_row(self.sign_in_button, self.sign_up_button))
        layout.addLayout(_row(self.refresh_button, self.change_password_button,
                              self.sign_out_button))
        layout.addWidget(self.lineage)
        layout.addWidget(self.devices)
        layout.addStretch(1)

    def _connect(self) -> None:
        self.sign_in_button.clicked.connect(self.sign_in_requested)
        self.sign_up_button.clicked.connect(self.sign_up_requested)
        self.change_password_button.clicked.connect(self.change_password_requested)
        self.refresh_button.clicked.connect(lambda: self.refresh(manual=True))
        self.sign_out_button.clicked.connect(self.sign_out)
        self.stored.start_sandbox_requested.connect(self.start_sandbox_requested)
        self.stored.resume_offered.connect(self.resume_offered)
        self.stored.resumed.connect(self._resumed)
        self.renewal.ticked.connect(self._show_countdown)
        self.renewal.started.connect(self._refresh_started)
        self.renewal.refreshed.connect(self._refresh_done)
        self.renewal.failed.connect(self._refresh_failed)
        self.state.session_changed.connect(self._session_changed)
        self.state.profile_changed.connect(self._profile_changed)

    # ------------------------------------------------------------------ state

    @property
    def session(self) -> Session | None:
        return self.state.session

    def _signed_in(self) -> bool:
        return self.session is not None and self.session.signed_in

    def _session_changed(self, session: Session | None) -> None:
        signed_in = session is not None and session.signed_in
        self.lineage.show_session(session)
        self.devices.show_session(session)
        for widget in (self.refresh_button, self.change_password_button, self.sign_out_button,
                       self.countdown, self.lifetime_bar):
            widget.setVisible(signed_in)
        if session is not None and signed_in:
            self.stored.hide_offers()
            self.texts.put(self.who, self.who.setText, partial(_signed_in_text, session,
                                                               self.texts.masking), self.who)
            remembered = ("The refresh token is remembered in the keyring."
                          if session.remembered else "Tokens are kept in memory only.")
            margin = countdown(session.refresh_margin())
            self.detail.setText(f"Refreshes automatically {margin} before expiry. {remembered}")
            self.renewal.start()
        else:
            self.renewal.stop()
            self.texts.show(self.who, "Not signed in.")
            self.detail.setText("")
            self._profile_changed(self.state.profile)
        self.tick()

    def set_drafting(self, drafting: bool) -> None:
        """While a new profile is unsaved, Sign in/up would go to the previous profile:
        disable them and say why."""
        self._drafting = drafting
        self._enable_sign_in(self.state.profile is not None)

    def _enable_sign_in(self, has_profile: bool) -> None:
        tip = "Save the new profile first, then sign in to it." if self._drafting else ""
        for widget in (self.sign_in_button, self.sign_up_button):
            widget.setEnabled(has_profile and not self._drafting)
            plain.set_tooltip(widget, tip)

    def clear_message(self) -> None:
        """Forget a stale message (e.g. a resume error from before a new sandbox started)."""
        self.message.clear()

    def _profile_changed(self, profile: Profile | None) -> None:
        """Offer "Resume session" when the keyring holds a refresh token for the profile's
        pool; for a sandbox that is no longer running, offer to start one instead."""
        self.stored.reset()
        self._enable_sign_in(profile is not None)
        signed_in = self._signed_in()
        # No profile: nothing to sign in to — the pool pane above offers the ways in.
        self.sign_in_button.setVisible(profile is not None or signed_in)
        self.sign_up_button.setVisible(profile is not None or signed_in)
        if profile is None and not signed_in:
            self.texts.show(self.who, "Not signed in. Start the sandbox or add a pool first.")
        if profile is not None and not signed_in:
            self.stored.look_for(profile)

    # ------------------------------------------------------------------ countdown, refresh

    def tick(self) -> None:
        """Redraw the countdown and refresh when due (the timer calls this every second)."""
        self.renewal.tick()

    def _show_countdown(self) -> None:
        """Qt setters run only when what they show changed (this runs every second)."""
        session = self.session
        if session is None or not session.signed_in:
            return
        percent = int(100 * session.seconds_left() / max(1.0, session.lifetime))
        if self.lifetime_bar.value() != percent:
            self.lifetime_bar.setValue(percent)
        text = countdown_text(session)
        if self.countdown.text() != text:
            self.countdown.setText(text)

    def refresh(self, manual: bool = False) -> None:
        """One REFRESH_TOKEN_AUTH in the background; the countdown restarts on success."""
        if self.session is None or self.renewal.schedule.running:
            return
        if manual:
            self.message.clear()
        self.renewal.refresh()

    def _refresh_started(self) -> None:
        self.refresh_button.setEnabled(False)
        self.countdown.setText(self.countdown.text() + " Refreshing…")

    def _refresh_done(self, session: Session) -> None:
        self.refresh_button.setEnabled(True)
        self.lineage.show_session(session)
        self.refreshed.emit(session)

    def _refresh_failed(self, error: PlainError) -> None:
        self.refresh_button.setEnabled(True)
        self.message.show_message("error", f"Refresh failed: {error.message}", error.code)
        self._show_countdown()

    # ------------------------------------------------------------------ sign-in, out, resume

    def start_session(self, result: FinishedSignIn) -> Session:
        """A Session from a finished sign-in (`SignInResult`); remembers it when asked."""
        from tokenexplorer.cognito.session import Session

        session = Session(result.auth, result.tokens, profile_name=result.profile.name)
        outcome = result.device
        if outcome is not None and outcome.credentials is not None:
            from tokenexplorer.cognito.session_devices import attach

            attach(session, outcome.credentials, stored=outcome.stored, problem=outcome.problem)
        self.message.clear()
        self.renewal.schedule.reset()
        self.state.set_session(session)
        self.session_started.emit(session)
        if result.remember:
            self.remember(session)
        return session

    def _resumed(self, session: Session) -> None:
        self.state.set_session(session)
        self.session_started.emit(session)

    def remember(self, session: Session) -> None:
        def work(_ctx: TaskContext) -> KeyringStatus:
            from tokenexplorer import keyring_store

            session.remember()
            return keyring_store.keyring_status()

        def done(status: KeyringStatus) -> None:
            self.message.show_message("ok", f"Remembered: the refresh token is in "
                                      f"{status.backend}. Next time, Resume session signs "
                                      "you in without a password.")
            if self.session is session:
                self._session_changed(session)
            self.remembered.emit(session)

        def failed(exc: BaseException) -> None:
            error = describe_error(exc)
            self.message.show_message("warning", f"Not remembered: {error.message}")

        run_task(self, work, name="remember-session", on_result=done,
                 on_error=failed)

    def global_sign_out_box(self, title: str, question: str) -> QtWidgets.QMessageBox:
        """The confirmation before GlobalSignOut; "Keep me signed in" is the default."""
        buttons = QtWidgets.QMessageBox.StandardButton
        box = plain.message_box(self, QtWidgets.QMessageBox.Icon.Warning, title, question,
                                buttons.Yes | buttons.No)
        box.setDefaultButton(buttons.No)
        box.button(buttons.Yes).setText("Sign out everywhere")
        box.button(buttons.No).setText("Keep me signed in")
        box.setAccessibleName("Confirm GlobalSignOut")
        return box

    def _ask_yes_no(self, title: str, question: str) -> bool:
        box = self.global_sign_out_box(title, question)
        return box.exec() == QtWidgets.QMessageBox.StandardButton.Yes

    def sign_out(self, allow_global: bool = False) -> None:
        session = self.session
        if session is None or self._sign_out_task is not None:
            return
        self.sign_out_button.setEnabled(False)
        self.message.show_message("info", "Signing out…")

        def done(outcome: SessionSignOut) -> None:
            self._sign_out_task = None
            self.sign_out_button.setEnabled(True)
            if self.state.session is session:
                self.state.set_session(None)
            self.message.show_message("ok", outcome.describe())
            self.signed_out.emit(outcome)

        def failed(exc: BaseException) -> None:
            self._sign_out_task = None
            self.sign_out_button.setEnabled(True)
            if isinstance(exc, NeedsGlobalSignOut) and not allow_global:
                self._confirm_global_sign_out(session, exc)
                return
            error = describe_error(exc)
            self.message.show_message(
                "error", f"Sign-out failed, you are still signed in: {error.message}",
                error.code)

        self._sign_out_task = run_task(
            self, lambda _ctx: session.sign_out(allow_global=allow_global), name="sign-out",
            on_result=done, on_error=failed)

    def _confirm_global_sign_out(self, session: Session, exc: NeedsGlobalSignOut) -> None:
        """RevokeToken cannot end the session: ask before GlobalSignOut ends every device's."""
        why = exc.reason or "the server cannot revoke it"
        if self.confirm_global("Sign out everywhere?", global_sign_out_question(session, why)):
            self.sign_out(allow_global=True)
        else:
            self.message.show_message(
                "info", "Still signed in: nothing was changed at the server. The "
                "tokens expire on their own; Sign out again to choose otherwise.")


__all__ = ["FinishedSignIn", "SessionPanel", "countdown_text",
           "global_sign_out_question"]
