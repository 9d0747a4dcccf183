"""The session panel: who is signed in, how long the tokens last, refresh, sign out, resume.

A one-second timer updates the countdown and, when `Session.refresh_due()` says so, runs
one REFRESH_TOKEN_AUTH in the background. Keyring reads and writes (Remember me, Resume)
happen on worker threads too.
"""

from __future__ import annotations

import time
from typing import Any

from tokenexplorer.cognito.binding import target_of
from tokenexplorer.tokens.safe_text import visible
from tokenexplorer.ui import plain
from tokenexplorer.ui.cognito.background_calls import make_auth
from tokenexplorer.ui.cognito.widgets import InlineMessage, set_tone
from tokenexplorer.ui.errors import describe_error
from tokenexplorer.ui.qt import Qt, QtCore, QtWidgets, Signal
from tokenexplorer.ui.tasks import Task, run_task

RETRY_AFTER_FAILED_REFRESH_S = 30.0


def format_duration(seconds: float, *, whole_minutes: bool = False) -> str:
    """'1 h 02 min', '12 min 05 s', '42 s' ('12 min' with whole_minutes)."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes and whole_minutes:
        return f"{minutes} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


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

    def __init__(self, state: Any, parent: QtWidgets.QWidget | None = None,
                 clock: Any = time.time) -> None:
        super().__init__(parent)
        self.state = state
        self._clock = clock
        self._refresh_task: Task | None = None
        self._sign_out_task: Task | None = None
        self._resume_task: Task | None = None
        self._refresh_failed_at: float | None = None
        self._stored_user: str | None = None
        self._sandbox_dead = False
        self._drafting = False
        # Asked before GlobalSignOut (title, question) -> yes?; tests replace it.
        self.confirm_global: Any = self._ask_yes_no
        self._build()
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        state.session_changed.connect(self._session_changed)
        state.profile_changed.connect(self._profile_changed)
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

        def button(text: str, name: str) -> QtWidgets.QPushButton:
            widget = QtWidgets.QPushButton(text)
            widget.setAccessibleName(name)
            return widget

        self.sign_in_button = button("Sign in…", "Sign in")
        self.sign_up_button = button("Sign up…", "Sign up")
        self.resume_button = button("Resume session", "Resume session")
        self.refresh_button = button("Refresh now", "Refresh now")
        self.change_password_button = button("Change password…", "Change password")
        self.sign_out_button = button("Sign out", "Sign out")
        self.forget_button = button("Forget stored session", "Forget stored session")
        self.forget_button.setToolTip("Delete the remembered refresh token from the keyring")
        self.start_sandbox_button = button("Start sandbox", "Start sandbox to sign in again")
        self.start_sandbox_button.setToolTip("The sandbox this session came from is not "
                                             "running: start a new one and sign in")
        for widget in (self.resume_button, self.forget_button, self.start_sandbox_button):
            widget.hide()

        row1 = QtWidgets.QHBoxLayout()
        for widget in (self.sign_in_button, self.sign_up_button):
            row1.addWidget(widget)
        row1.addStretch(1)
        stored_row = QtWidgets.QHBoxLayout()  # offers about a remembered session
        for widget in (self.resume_button, self.start_sandbox_button, self.forget_button):
            stored_row.addWidget(widget)
        stored_row.addStretch(1)
        row2 = QtWidgets.QHBoxLayout()
        for widget in (self.refresh_button, self.change_password_button, self.sign_out_button):
            row2.addWidget(widget)
        row2.addStretch(1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.who)
        layout.addWidget(self.countdown)
        layout.addWidget(self.lifetime_bar)
        layout.addWidget(self.detail)
        layout.addWidget(self.message)
        layout.addLayout(stored_row)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addStretch(1)

        self.sign_in_button.clicked.connect(self.sign_in_requested)
        self.sign_up_button.clicked.connect(self.sign_up_requested)
        self.change_password_button.clicked.connect(self.change_password_requested)
        self.refresh_button.clicked.connect(lambda: self.refresh(manual=True))
        self.sign_out_button.clicked.connect(self.sign_out)
        self.resume_button.clicked.connect(self.resume)
        self.forget_button.clicked.connect(self.forget_stored)
        self.start_sandbox_button.clicked.connect(self.start_sandbox_requested)

    # ------------------------------------------------------------------ state

    @property
    def session(self) -> Any:
        return self.state.session

    def _session_changed(self, session: Any) -> None:
        signed_in = session is not None and session.signed_in
        for widget in (self.refresh_button, self.change_password_button, self.sign_out_button):
            widget.setVisible(signed_in)
        self.countdown.setVisible(signed_in)
        self.lifetime_bar.setVisible(signed_in)
        if signed_in:
            self._hide_stored_offers()
            self.who.setText(f"Signed in as <b>{_escape(visible(session.username))}</b> "
                             f"(profile “{_escape(visible(session.profile_name))}”).")
            remembered = ("The refresh token is remembered in the keyring."
                          if session.remembered else "Tokens are kept in memory only.")
            margin = format_duration(session.refresh_margin())
            self.detail.setText(f"Refreshes automatically {margin} before expiry. {remembered}")
            self.timer.start()
        else:
            self.timer.stop()
            self.who.setText("Not signed in.")
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

    def _hide_stored_offers(self) -> None:
        for widget in (self.resume_button, self.forget_button, self.start_sandbox_button):
            widget.hide()

    def clear_message(self) -> None:
        """Forget a stale message (e.g. a resume error from before a new sandbox started)."""
        self.message.clear()

    def _profile_changed(self, profile: Any) -> None:
        """Offer "Resume session" when the keyring holds a refresh token for the profile's
        pool; for a sandbox that is no longer running, offer to start one instead."""
        self._hide_stored_offers()
        self._stored_user = None
        self._sandbox_dead = False
        has_profile = profile is not None
        self._enable_sign_in(has_profile)
        signed_in = self.session is not None and self.session.signed_in
        # No profile: nothing to sign in to — the pool pane above offers the ways in.
        self.sign_in_button.setVisible(has_profile or signed_in)
        self.sign_up_button.setVisible(has_profile or signed_in)
        if not has_profile and not signed_in:
            self.who.setText("Not signed in. Start the sandbox or add a pool first.")
        if not has_profile or (self.session is not None and self.session.signed_in):
            return
        name, target = profile.name, target_of(profile)  # sessions of another target: stale
        sandbox = bool(getattr(profile, "is_sandbox", False))
        endpoint = profile.endpoint_url

        def work(_ctx: Any) -> tuple[list[str], bool]:
            from tokenexplorer import keyring_store

            try:
                entries = keyring_store.stored_sessions(name)
                stale = [e for e in entries if e.target != target]
                if sandbox:  # that sandbox's pool is gone for good: drop its sessions
                    for entry in stale:
                        keyring_store.delete_refresh_token(name, entry.username)
            except keyring_store.KeyringUnavailable:
                return [], False
            users = [e.username for e in entries if e not in stale]
            if not users or not sandbox:
                return users, False
            from tokenexplorer.cognito.sandbox import endpoint_answers

            return users, not endpoint_answers(endpoint)

        def found(result: tuple[list[str], bool]) -> None:
            users, dead = result
            current = self.state.profile
            if not users or current is None or current.name != name:
                return
            if self.session is not None and self.session.signed_in:
                return
            self._stored_user = users[0]
            if dead:
                self._offer_sandbox_start(users[0])
                return
            self.resume_button.setText(f"Resume session ({users[0]})")
            self.resume_button.setToolTip("Sign in again with the refresh token remembered in "
                                          "the keyring (REFRESH_TOKEN_AUTH), no password needed.")
            self.resume_button.setEnabled(True)
            self.resume_button.show()
            self.resume_offered.emit(users[0])

        run_task(self, work, name="stored-session", on_result=found)

    def _offer_sandbox_start(self, user: str) -> None:
        self._sandbox_dead = True
        self.resume_button.hide()
        self.start_sandbox_button.show()
        self.forget_button.show()
        self.message.show_message(
            "info", f"A session of {user} is remembered, but the sandbox it came from is not "
            "running any more, and a sandbox's sessions end with it. Start the sandbox and "
            "sign in again.")

    def _offer_forget(self, error: Any) -> None:
        """The stored refresh token was refused: Resume cannot work, offer to forget it."""
        self.resume_button.hide()
        self.forget_button.show()
        self.message.show_message(
            "error", f"{error.message} Forget the stored session, then sign in with your "
            "password.", error.code)

    # ------------------------------------------------------------------ countdown, refresh

    def tick(self) -> None:
        """Update the countdown; Qt setters run only when what they show changed (the
        timer fires every second for as long as the app is open)."""
        session = self.session
        if session is None or not session.signed_in:
            return
        left = session.seconds_left()
        percent = int(100 * left / max(1.0, session.lifetime))
        if self.lifetime_bar.value() != percent:
            self.lifetime_bar.setValue(percent)
        expires = time.strftime("%H:%M:%S", time.localtime(session.expires_at))
        if left <= 0:
            text = f"Tokens expired at {expires}."
        else:  # whole minutes are enough until the last two minutes
            shown = format_duration(left, whole_minutes=left > 120)
            text = f"Tokens valid for {shown} (until {expires})."
        if self.countdown.text() != text:
            self.countdown.setText(text)
        if session.refresh_due() and self._refresh_task is None:
            failed = self._refresh_failed_at
            if failed is None or self._clock() - failed >= RETRY_AFTER_FAILED_REFRESH_S:
                self.refresh()

    def refresh(self, manual: bool = False) -> None:
        """One REFRESH_TOKEN_AUTH in the background; the countdown restarts on success."""
        session = self.session
        if session is None or self._refresh_task is not None:
            return
        if manual:
            self.message.clear()
        self.refresh_button.setEnabled(False)
        self.countdown.setText(self.countdown.text() + " Refreshing…")

        def done(_tokens: Any) -> None:
            self._refresh_task = None
            self._refresh_failed_at = None
            self.refresh_button.setEnabled(True)
            if self.session is session:
                self.state.set_session(session)
                self.state.status_message.emit("Session refreshed (REFRESH_TOKEN_AUTH).")
            self.refreshed.emit(session)

        def failed(exc: BaseException) -> None:
            self._refresh_task = None
            self._refresh_failed_at = self._clock()
            self.refresh_button.setEnabled(True)
            error = describe_error(exc)
            self.message.show_message("error", f"Refresh failed: {error.message}", error.code)
            self.tick()

        self._refresh_task = run_task(self, lambda _ctx: session.refresh(), name="refresh-session",
                                      on_result=done,
                                      on_error=failed)

    # ------------------------------------------------------------------ sign-in, out, resume

    def start_session(self, result: Any) -> Any:
        """A Session from a finished sign-in (`SignInResult`); remembers it when asked."""
        from tokenexplorer.cognito.session import Session

        session = Session(result.auth, result.tokens, profile_name=result.profile.name)
        self.message.clear()
        self._refresh_failed_at = None
        self.state.set_session(session)
        self.session_started.emit(session)
        if result.remember:
            self.remember(session)
        return session

    def remember(self, session: Any) -> None:
        def work(_ctx: Any) -> Any:
            from tokenexplorer import keyring_store

            session.remember()
            return keyring_store.keyring_status()

        def done(status: Any) -> None:
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

    def global_sign_out_question(self, session: Any, why: str) -> str:
        """What the user is asked before GlobalSignOut: the consequence, by name."""
        from tokenexplorer.cognito.sandbox import is_emulator

        user = session.username or "this user"
        profile = getattr(session.auth, "profile", None) or self.state.profile
        text = (f"This session cannot be revoked on its own: {why}.\n\nSigning out now "
                f"needs GlobalSignOut, which ends all of {user}'s sessions on every device, "
                "not only this one.")
        if is_emulator(profile):
            text += ("\n\nThis is the local emulator: it has no RevokeToken, so GlobalSignOut "
                     "is the only way to sign out here. It affects only the emulator's "
                     "sessions of this user.")
        return text + "\n\nSign out everywhere?"

    def sign_out(self, allow_global: bool = False) -> None:
        session = self.session
        if session is None or self._sign_out_task is not None:
            return
        self.sign_out_button.setEnabled(False)
        self.message.show_message("info", "Signing out…")

        def done(outcome: Any) -> None:
            self._sign_out_task = None
            self.sign_out_button.setEnabled(True)
            if self.state.session is session:
                self.state.set_session(None)
            self.message.show_message("ok", outcome.describe())
            self.signed_out.emit(outcome)

        def failed(exc: BaseException) -> None:
            self._sign_out_task = None
            self.sign_out_button.setEnabled(True)
            if getattr(exc, "code", None) == "NeedsGlobalSignOut" and not allow_global:
                why = getattr(exc, "reason", "") or "the server cannot revoke it"
                if self.confirm_global("Sign out everywhere?",
                                       self.global_sign_out_question(session, why)):
                    self.sign_out(allow_global=True)
                else:
                    self.message.show_message(
                        "info", "Still signed in: nothing was changed at the server. The "
                        "tokens expire on their own; Sign out again to choose otherwise.")
                return
            error = describe_error(exc)
            self.message.show_message(
                "error", f"Sign-out failed, you are still signed in: {error.message}",
                error.code)

        self._sign_out_task = run_task(
            self, lambda _ctx: session.sign_out(allow_global=allow_global), name="sign-out",
            on_result=done, on_error=failed)

    def forget_stored(self) -> None:
        """Delete the stored refresh token of this profile (off the GUI thread)."""
        profile = self.state.profile
        if profile is None:
            return
        name, user = profile.name, self._stored_user
        self.forget_button.setEnabled(False)

        def work(_ctx: Any) -> str:
            from tokenexplorer.cognito.session import forget_stored_session

            return forget_stored_session(name, user)

        def done(text: str) -> None:
            self.forget_button.setEnabled(True)
            self._hide_stored_offers()
            self._stored_user = None
            self.message.show_message("ok", f"Forgotten. {text}".strip())

        run_task(self, work, name="forget-session", on_result=done,
                 on_error=lambda exc: (self.forget_button.setEnabled(True),
                                                     self.message.show_error(
                                                         describe_error(exc))))

    def resume(self) -> None:
        profile = self.state.profile
        if profile is None or self._resume_task is not None:
            return
        activity = self.state.activity
        self.resume_button.setEnabled(False)
        self.message.show_message("info", "Resuming the remembered session…")

        def work(_ctx: Any) -> Any:
            from tokenexplorer.cognito.session import Session

            return Session.resume(make_auth(profile, activity), profile.name)

        def done(session: Any) -> None:
            self._resume_task = None
            self.resume_button.setEnabled(True)
            if session is None:
                self.message.show_message("warning", "Nothing is remembered for this profile "
                                          "any more. Sign in with your password.")
                self.resume_button.hide()
                return
            self.message.show_message("ok", "Session resumed with the remembered refresh "
                                      "token (REFRESH_TOKEN_AUTH).")
            self.state.set_session(session)
            self.session_started.emit(session)

        def failed(exc: BaseException) -> None:
            self._resume_task = None
            self.resume_button.setEnabled(True)
            code = getattr(exc, "code", None)
            if code in ("NotAuthorized", "ResourceNotFound", "UserNotFound"):
                self._offer_forget(describe_error(exc))
            elif code in ("EndpointDown", "Timeout") and getattr(profile, "is_sandbox", False):
                self._offer_sandbox_start(self._stored_user or "this user")
            else:
                self.message.show_error(describe_error(exc))

        self._resume_task = run_task(self, work, name="resume-session", on_result=done,
                                     on_error=failed)


def _escape(text: str) -> str:
    return plain.escape(text)
