"""The Credentials tab: identity-pool credentials, who they make you, and when they expire.

The panel shows what GetId + GetCredentialsForIdentity returned (identity ID, guest or
authenticated, the keys with the secret parts hidden until "Show secret"), the role STS
GetCallerIdentity reports, and a live countdown. A CredentialsManager (core) holds the
credentials; this panel renews them in a background task shortly before they expire and
is the credentials source the S3 browser signs its requests with.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from tokenexplorer.ui import plain
from tokenexplorer.ui.aws.message_style import style_box
from tokenexplorer.ui.aws.shown import session_username
from tokenexplorer.ui.errors import error_text
from tokenexplorer.ui.qt import QObject, Qt, QtCore, QtWidgets, Signal
from tokenexplorer.ui.tasks import Task, run_task

HIDDEN = "•" * 16 + "  (hidden)"
RETRY_AFTER_FAILED_RENEWAL_MS = 30_000


def _describe(kind: str | None, user: str | None = None) -> str:
    if kind == "authenticated":
        return f"Authenticated (signed in as {user})" if user else "Authenticated (signed in)"
    return "Guest (unauthenticated: no sign-in)" if kind == "guest" else "—"


def session_user(session: Any) -> str | None:
    """Who a Cognito session belongs to: the ID token's `sub`, else its username. Credentials
    of one user must never outlive a switch to another (an identity belongs to one user)."""
    if session is None:
        return None
    claims = getattr(session, "claims", None) or {}
    subject = claims.get("sub") if isinstance(claims, dict) else None
    return str(subject or getattr(session, "username", "") or "") or None


def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def id_token_from_session(session: Any) -> str | None:
    """A currently valid ID token from the Cognito session (cognito.session.Session),
    refreshed first when the session says refresh is due. Runs on a worker thread:
    refreshing is a network call."""
    if session is None:
        return None
    refresh_due = getattr(session, "refresh_due", None)
    if callable(refresh_due) and refresh_due():
        session.refresh()
    tokens = getattr(session, "tokens", None)
    token = getattr(tokens, "id_token", None)
    return token if isinstance(token, str) and token else None


class _Relay(QObject):
    """Carries manager notifications (any thread) to the GUI thread."""

    renewed = Signal(object, object)  # (manager, IdentityCredentials)


class CredentialsPanel(QtWidgets.QWidget):
    """Shows and renews identity-pool credentials for the active profile."""

    credentials_shown = Signal(object)  # IdentityCredentials now displayed

    def __init__(self, state: Any, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setAccessibleName("Credentials")
        self._manager: Any = None
        self._unsubscribe: Callable[[], None] | None = None
        self._creds: Any = None
        self._caller: Any = None
        self._caller_for: tuple[str, str] | None = None
        self._previous: tuple[str, str, str | None] | None = None  # identity, kind, role
        self._chosen = False  # the kind was picked with a button (not by the S3 tab's default)
        self._user = session_user(state.session)  # whose session the credentials go with
        self._user_name = session_username(state.session)
        self._task: Task | None = None
        self._relay = _Relay()
        self._relay.renewed.connect(self._on_renewed, Qt.ConnectionType.QueuedConnection)
        self._build()
        self._countdown = QtCore.QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._update_countdown)
        self._renew_timer = QtCore.QTimer(self)
        self._renew_timer.setSingleShot(True)
        self._renew_timer.timeout.connect(self.renew)
        state.profile_changed.connect(self._on_profile_changed)
        state.session_changed.connect(self._on_session_changed)
        self._on_profile_changed(state.profile)

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        def field(name: str) -> QtWidgets.QLineEdit:
            edit = QtWidgets.QLineEdit(readOnly=True)
            edit.setAccessibleName(name)
            edit.setPlaceholderText("—")
            return edit

        intro = QtWidgets.QLabel(
            "A Cognito identity pool hands out temporary AWS credentials. <b>Guest</b> "
            "credentials need no sign-in: you get the pool's unauthenticated IAM role. "
            "<b>Authenticated</b> credentials need a sign-in: your ID token is sent in "
            "<code>Logins</code> under <code>cognito-idp.{region}.amazonaws.com/{user pool "
            "ID}</code>, and you get the pool's authenticated IAM role."
        )
        intro.setAccessibleName("About identity-pool credentials")
        intro.setTextFormat(Qt.TextFormat.RichText)
        intro.setWordWrap(True)
        self.sandbox_label = plain.label(
            "Sandbox: a local emulator (moto), not AWS. Its identity pool gives every identity "
            "the same fixed dummy keys without a role, and its S3 accepts any key."
        )
        self.sandbox_label.setAccessibleName("Emulator notice")
        self.sandbox_label.setWordWrap(True)
        self.sandbox_label.hide()
        self.guest_button = QtWidgets.QPushButton("Get &guest credentials")
        self.guest_button.setAccessibleName("Get guest credentials")
        self.guest_button.clicked.connect(lambda: self.get_credentials("guest"))
        self.auth_button = QtWidgets.QPushButton("Get &authenticated credentials")
        self.auth_button.setAccessibleName("Get authenticated credentials")
        self.auth_button.clicked.connect(lambda: self.get_credentials("authenticated"))
        self.busy_label = plain.label()
        self.busy_label.setAccessibleName("Credentials status")
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.guest_button)
        buttons.addWidget(self.auth_button)
        buttons.addWidget(self.busy_label, 1)

        self.error_label = plain.label()
        self.error_label.setAccessibleName("Credentials error")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        self.change_label = plain.label()
        self.change_label.setAccessibleName("Identity change")
        self.change_label.setWordWrap(True)
        self.change_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.change_label.hide()

        self.identity_edit = field("Identity ID")
        self.kind_label = plain.label("—")
        self.kind_label.setAccessibleName("Credentials kind")
        self.role_edit = field("Assumed role ARN")
        self.caller_edit = field("Caller ARN")
        self.access_key_edit = field("Access key ID")
        self.secret_edit = field("Secret access key")
        self.token_edit = field("Session token")
        self.show_button = QtWidgets.QPushButton("&Show secret")
        self.show_button.setAccessibleName("Show secret")
        self.show_button.setCheckable(True)
        self.show_button.toggled.connect(self._show_secrets)
        secret_row = QtWidgets.QHBoxLayout()
        secret_row.addWidget(self.secret_edit, 1)
        secret_row.addWidget(self.show_button)
        self.expiration_label = plain.label("—")
        self.expiration_label.setAccessibleName("Expiration")
        self.expiration_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QtWidgets.QFormLayout()
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("Identity ID:", self.identity_edit)
        form.addRow("Kind:", self.kind_label)
        form.addRow("Role (from STS):", self.role_edit)
        form.addRow("Caller ARN:", self.caller_edit)
        form.addRow("Access key ID:", self.access_key_edit)
        form.addRow("Secret access key:", secret_row)
        form.addRow("Session token:", self.token_edit)
        form.addRow("Expires:", self.expiration_label)

        self.copy_env_button = QtWidgets.QPushButton("Copy as environ&ment variables")
        self.copy_env_button.setAccessibleName("Copy as environment variables")
        self.copy_env_button.clicked.connect(self.copy_as_env)
        self.copy_file_button = QtWidgets.QPushButton("Copy as credentials fi&le")
        self.copy_file_button.setAccessibleName("Copy as credentials file")
        self.copy_file_button.clicked.connect(self.copy_as_credentials_file)
        copy_row = QtWidgets.QHBoxLayout()
        copy_row.addWidget(self.copy_env_button)
        copy_row.addWidget(self.copy_file_button)
        copy_row.addStretch(1)
        self.copy_note = plain.label()
        self.copy_note.setAccessibleName("Copy note")
        self.copy_note.setWordWrap(True)

        self._style_boxes()
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.sandbox_label)
        layout.addLayout(buttons)
        layout.addWidget(self.error_label)
        layout.addWidget(self.change_label)
        layout.addLayout(form)
        layout.addLayout(copy_row)
        layout.addWidget(self.copy_note)
        layout.addStretch(1)
        self._refresh_buttons()

    def _style_boxes(self) -> None:
        palette = self.palette()
        style_box(self.sandbox_label, "warning", palette)
        style_box(self.error_label, "error", palette)
        style_box(self.change_label, "info", palette)

    def changeEvent(self, event: QtCore.QEvent) -> None:
        if event.type() == QtCore.QEvent.Type.PaletteChange:
            self._style_boxes()  # a light/dark theme switch while running
        super().changeEvent(event)

    # ------------------------------------------------------------ public API

    @property
    def credentials(self) -> Any:
        """The IdentityCredentials shown now, or None."""
        return self._creds

    @property
    def manager(self) -> Any:
        return self._manager

    def credentials_source(self) -> Any:
        """The source S3 requests are signed with (fetched on first use, on the caller's
        worker thread): authenticated credentials while signed in, guest ones otherwise.
        A kind picked with this panel's buttons is kept (a learner comparing what the guest
        role may do while signed in); the S3 tab shows which kind it signs with."""
        if self.state.profile is None:
            return None
        wanted = "authenticated" if self.state.session is not None else "guest"
        if self._manager is None or (self._manager.kind != wanted and not self._chosen):
            self._remember_previous()
            self._use_manager(self._new_manager(wanted))
        return self._manager

    def get_credentials(self, kind: str) -> Task | None:
        """Fetch fresh credentials of `kind` ("guest" or "authenticated") in the background."""
        self._hide_error()
        if self.state.profile is None:
            self._show_error("Choose a profile first: credentials come from its identity pool.")
            return None
        if kind == "authenticated" and self.state.session is None:
            self._show_error("Sign in first: authenticated credentials need your ID token.")
            return None
        self._remember_previous()
        manager = self._new_manager(kind)
        self._use_manager(manager)
        self._chosen = True
        return self._start(manager, f"Getting {kind} credentials…")

    def renew(self) -> Task | None:
        """Renew the current credentials now (the timer calls this before expiry)."""
        if self._manager is None:
            return None
        return self._start(self._manager, "Renewing credentials…")

    def copy_as_env(self) -> None:
        self._copy("environment variables", lambda c: self._credentials_module().as_env(c))

    def copy_as_credentials_file(self) -> None:
        name = getattr(self.state.profile, "name", "tokenexplorer") or "tokenexplorer"
        profile_name = "tokenexplorer-" + "".join(
            ch if ch.isalnum() or ch in "-_" else "-" for ch in name.lower()
        )
        self._copy(
            f"a credentials-file profile [{profile_name}]",
            lambda c: self._credentials_module().as_credentials_file(c, profile_name),
        )

    # ------------------------------------------------------------ managers and tasks

    @staticmethod
    def _credentials_module() -> Any:
        from tokenexplorer.aws import credentials

        return credentials

    def _remember_previous(self) -> None:
        """Keep what is shown now, for the "switched from … to …" note."""
        if self._creds is not None:
            role = (self._caller.role_arn or self._caller.arn) if self._caller else None
            self._previous = (self._creds.identity_id, self._creds.kind, role)

    def _new_manager(self, kind: str) -> Any:
        module = self._credentials_module()
        state = self.state
        supplier = None
        if kind == "authenticated":
            user = session_user(state.session)

            def supplier() -> str:  # on a worker thread: may refresh the session
                session = state.session
                if session_user(session) != user:
                    raise module.CredentialsError(
                        "cleared", "The signed-in user changed; these credentials were "
                        "for the previous one.")
                token = id_token_from_session(session)
                if not token:
                    raise module.CredentialsError(
                        "no_id_token", "The session has no ID token; sign in again."
                    )
                return token

        return module.CredentialsManager(
            state.profile, kind, id_token_supplier=supplier, activity=state.activity
        )

    def _use_manager(self, manager: Any) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._manager = manager
        relay = self._relay
        self._unsubscribe = manager.subscribe(lambda creds: relay.renewed.emit(manager, creds))

    def _start(self, manager: Any, busy: str) -> Task:
        if self._task is not None and self._task.running:
            self._task.cancel()
        self.busy_label.setText(busy)
        self._refresh_buttons(busy=True)
        self._task = run_task(
            self, lambda ctx: manager.renew(),
            name="identity-pool credentials",
            on_error=self._on_error,
            on_done=self._on_task_done,
        )
        return self._task

    def _on_task_done(self) -> None:
        self.busy_label.setText("")
        self._refresh_buttons()

    def _on_error(self, exc: BaseException) -> None:
        if getattr(exc, "code", None) == "cleared":
            return  # replaced meanwhile (another user or profile): nothing went wrong
        self._show_error(error_text(exc))
        if self._creds is not None and not self._creds.expired():
            self._renew_timer.start(RETRY_AFTER_FAILED_RENEWAL_MS)

    def _on_renewed(self, manager: Any, creds: Any) -> None:
        if manager is not self._manager:
            return  # a manager we replaced renewed late
        self._hide_error()
        self._creds = creds
        self.identity_edit.setText(creds.identity_id)
        self.kind_label.setText(_describe(creds.kind, session_username(self.state.session)))
        self.access_key_edit.setText(creds.credentials.access_key_id)
        self._show_secrets(self.show_button.isChecked())
        self._update_countdown()
        self._countdown.start()
        self._renew_timer.start(int(creds.renew_in() * 1000))
        if self._caller_for != (creds.identity_id, creds.kind):
            self._caller_for = (creds.identity_id, creds.kind)
            self._caller = None
            self.role_edit.setText("")
            self.caller_edit.setText("")
            self.role_edit.setPlaceholderText("asking STS GetCallerIdentity…")
            self._fetch_caller(creds)
        self._refresh_buttons()
        self.state.set_credentials(creds)
        self.credentials_shown.emit(creds)

    def _fetch_caller(self, creds: Any) -> None:
        module = self._credentials_module()
        profile, activity = self.state.profile, self.state.activity
        wanted = (creds.identity_id, creds.kind)

        def done(caller: Any) -> None:
            if self._caller_for != wanted:
                return
            self._caller = caller
            if caller.role_arn:
                self.role_edit.setText(caller.role_arn)
            elif getattr(profile, "is_sandbox", False):
                self.role_edit.setText("— (the emulator hands out fixed keys, without a role)")
            else:
                self.role_edit.setText("— (not an assumed role)")
            self.caller_edit.setText(caller.arn)
            self._update_change_note()

        def failed(exc: BaseException) -> None:
            if self._caller_for == wanted:
                self.role_edit.setPlaceholderText(f"unknown: {error_text(exc)}")
                self._update_change_note()

        run_task(
            self, lambda ctx: module.caller_identity(creds, profile, activity),
            name="sts get-caller-identity",
            on_result=done,
            on_error=failed,
        )

    # ------------------------------------------------------------ display

    def _update_change_note(self) -> None:
        if self._previous is None or self._creds is None:
            return
        identity, kind, role = self._previous
        now_role = (self._caller.role_arn or self._caller.arn) if self._caller else None
        if identity == self._creds.identity_id and kind == self._creds.kind:
            return
        lines = [
            f"Switched from {kind} to {self._creds.kind} credentials.",
            f"Identity: {identity} → {self._creds.identity_id}"
            + (" (the same identity)" if identity == self._creds.identity_id else ""),
        ]
        if role or now_role:
            is_role = self._caller is not None and self._caller.role_arn is not None
            what = "Role" if is_role else "Principal (STS)"
            same = f" (the same {what.split()[0].lower()})" if role == now_role else ""
            lines.append(f"{what}: {role or 'unknown'} → {now_role or 'unknown'}{same}")
        self.change_label.setText("\n".join(lines))
        self.change_label.show()

    def _show_secrets(self, shown: bool) -> None:
        self.show_button.setText("Hide &secret" if shown else "&Show secret")
        if self._creds is None:
            self.secret_edit.setText("")
            self.token_edit.setText("")
            return
        aws = self._creds.credentials
        self.secret_edit.setText(aws.secret_access_key if shown else HIDDEN)
        self.token_edit.setText((aws.session_token or "") if shown else HIDDEN)
        self.secret_edit.setCursorPosition(0)
        self.token_edit.setCursorPosition(0)

    def _update_countdown(self) -> None:
        creds = self._creds
        if creds is None:
            self.expiration_label.setText("—")
            return
        now = datetime.now(UTC)
        at = creds.expiration.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")
        left = creds.seconds_left(now)
        if left <= 0:
            self.expiration_label.setText(f"{at} — expired")
            return
        renew = creds.renew_in(now)
        plan = "renewing now" if renew <= 0 else f"renews automatically in {_clock(renew)}"
        self.expiration_label.setText(f"{at} — expires in {_clock(left)} ({plan})")

    def _copy(self, what: str, render: Callable[[Any], str]) -> None:
        if self._creds is None:
            self.copy_note.setText("Nothing to copy yet: get credentials first.")
            return
        QtWidgets.QApplication.clipboard().setText(render(self._creds))
        self.copy_note.setText(
            f"Copied as {what}. The clipboard now holds the secret key: paste it where it "
            "belongs, then copy something else over it."
        )

    def _refresh_buttons(self, busy: bool = False) -> None:
        has_profile = self.state.profile is not None
        has_pool = bool(getattr(self.state.profile, "identity_pool_id", None))
        signed_in = self.state.session is not None
        self.guest_button.setEnabled(has_profile and has_pool and not busy)
        self.auth_button.setEnabled(has_profile and has_pool and signed_in and not busy)
        if not has_pool:
            reason = "The profile has no identity pool ID."
        elif not signed_in:
            reason = "Sign in first: authenticated credentials need your ID token."
        else:
            reason = ""
        plain.set_tooltip(self.auth_button, reason)
        plain.set_tooltip(self.guest_button, "" if has_pool else reason)
        has_creds = self._creds is not None
        for widget in (self.copy_env_button, self.copy_file_button, self.show_button):
            widget.setEnabled(has_creds)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def _hide_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()

    def _clear(self) -> None:
        """Forget the credentials, their manager and identity ID (nothing is kept for a
        later renewal to pick up)."""
        if self._task is not None and self._task.running:
            self._task.cancel()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._manager is not None:
            self._manager.clear()  # a renewal in flight will not bring them back
        self._manager = None
        self._chosen = False
        self._creds = None
        self._caller = None
        self._caller_for = None
        self._previous = None
        self._countdown.stop()
        self._renew_timer.stop()
        for edit in (self.identity_edit, self.role_edit, self.caller_edit, self.access_key_edit):
            edit.clear()
        self.role_edit.setPlaceholderText("—")
        self.kind_label.setText("—")
        self.show_button.setChecked(False)
        self._show_secrets(False)
        self.change_label.hide()
        self.copy_note.clear()
        self._update_countdown()

    # ------------------------------------------------------------ app state

    def _on_profile_changed(self, profile: Any) -> None:
        self.sandbox_label.setVisible(bool(getattr(profile, "is_sandbox", False)))
        had = self._creds is not None
        self._clear()
        self._hide_error()
        self._user = session_user(self.state.session)
        self._user_name = session_username(self.state.session)
        if had:
            self.state.set_credentials(None)
        self._refresh_buttons()

    def _on_session_changed(self, session: Any) -> None:
        """Another user (sign-in, switch, sign-out) gets no credentials of the previous one:
        the manager and its identity ID go too. A refresh of the same user's session keeps
        them."""
        user = session_user(session)
        if user != self._user:
            previous_name = self._user_name
            self._user, self._user_name = user, session_username(session)
            held = self._creds
            previous = None
            if held is not None and held.kind == "guest":
                self._remember_previous()  # a guest identity is still worth comparing with
                previous = self._previous
            self._clear()
            self._previous = previous
            if held is not None:
                self.state.set_credentials(None)
                self._show_cleared(held, session, previous_name)
        self._refresh_buttons()

    def _show_cleared(self, held: Any, session: Any, previous_name: str) -> None:
        name = session_username(session)
        if session is None:
            what = "Signed out"
        elif held.kind == "authenticated":
            what = f"The signed-in user changed ({previous_name or '?'} → now {name})"
        else:
            what = f"Signed in as {name}"
        whose = f"{previous_name}'s " if held.kind == "authenticated" and previous_name else ""
        self.change_label.setText(
            f"{what}: {whose or 'the '}{held.kind} credentials of identity "
            f"{held.identity_id} were cleared. Get new ones above; the S3 tab gets them "
            "itself when it needs them."
        )
        self.change_label.show()


__all__ = ["CredentialsPanel", "id_token_from_session", "session_user"]
