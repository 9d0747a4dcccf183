"""The Credentials tab: identity-pool credentials, who they make you, and when they expire.

The panel shows what GetId + GetCredentialsForIdentity returned (identity ID, guest or
authenticated, the keys with the secret parts hidden until "Show secret"), the role STS
GetCallerIdentity reports, and a live countdown. It renders (credentials_view) and
delegates: a CredentialsKeeper (core) decides which credentials are held and for whom,
aws.renewal when they renew and with which ID token. The S3 tab signs its requests with
the keeper's source (install.py hands it over); otherwise the tabs share only AppState.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tokenexplorer.aws import renewal
from tokenexplorer.aws.credentials_errors import is_cleared
from tokenexplorer.aws.credentials_keeper import (
    CredentialsKeeper,
    cleared_note,
    credentials_file_profile,
    switch_note,
)
from tokenexplorer.ui.aws.credentials_view import (
    HIDDEN,
    CredentialsView,
    describe_kind,
    expiry_text,
)
from tokenexplorer.ui.errors import error_text
from tokenexplorer.ui.masking_view import MaskingView
from tokenexplorer.ui.qt import QtCore, QtWidgets, Signal
from tokenexplorer.ui.state import GuiThreadRelay
from tokenexplorer.ui.tasks import Task, run_task

if TYPE_CHECKING:
    from tokenexplorer.aws.credentials import CredentialsManager
    from tokenexplorer.aws.identity_credentials import CallerIdentity, IdentityCredentials, Kind
    from tokenexplorer.aws.renewal import CognitoSession
    from tokenexplorer.cognito.profiles import Profile
    from tokenexplorer.ui.state import AppState


class CredentialsPanel(QtWidgets.QWidget):
    """Shows and renews identity-pool credentials for the active profile."""

    credentials_shown = Signal(object)  # IdentityCredentials now displayed

    def __init__(self, state: AppState, parent: QtWidgets.QWidget | None = None,
                 masking: MaskingView | None = None) -> None:
        """`masking`: the window's (PanelHost.masking): the values shown follow it."""
        super().__init__(parent)
        self.state = state
        self.setAccessibleName("Credentials")
        # Manager notifications come on any thread (the S3 tab's workers renew too). The
        # relay is an object of its own, not a signal of the panel, because a worker may
        # renew while the panel is being destroyed.
        relay = self._relay = GuiThreadRelay(self._renewed)  # a bound slot: dropped with us
        self.keeper = CredentialsKeeper(
            lambda: state.profile, lambda: state.session, state.activity,
            lambda manager, creds: relay.send((manager, creds)))
        self._task: Task | None = None
        self.view = view = CredentialsView(self, masking)
        view.guest_button.clicked.connect(lambda: self.get_credentials("guest"))
        view.auth_button.clicked.connect(lambda: self.get_credentials("authenticated"))
        view.show_button.toggled.connect(lambda: view.show_secrets(self.keeper.credentials))
        view.copy_env_button.clicked.connect(self.copy_as_env)
        view.copy_file_button.clicked.connect(self.copy_as_credentials_file)
        self._countdown = QtCore.QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._update_countdown)
        self._renew_timer = QtCore.QTimer(self)
        self._renew_timer.setSingleShot(True)
        self._renew_timer.timeout.connect(self.renew)
        state.profile_changed.connect(self._on_profile_changed)
        state.session_changed.connect(self._on_session_changed)
        self._on_profile_changed(state.profile)

    def changeEvent(self, event: QtCore.QEvent) -> None:
        if event.type() == QtCore.QEvent.Type.PaletteChange:
            self.view.style_boxes(self.palette())  # a light/dark theme switch while running
        super().changeEvent(event)

    # ------------------------------------------------------------ public API

    @property
    def credentials(self) -> IdentityCredentials | None:
        """The IdentityCredentials shown now, or None."""
        return self.keeper.credentials

    @property
    def manager(self) -> CredentialsManager | None:
        return self.keeper.manager

    def credentials_source(self) -> CredentialsManager | None:
        """The source S3 requests are signed with (CredentialsKeeper.source)."""
        return self.keeper.source()

    def get_credentials(self, kind: Kind) -> Task | None:
        """Fetch fresh credentials of `kind` ("guest" or "authenticated") in the background."""
        self.view.hide_error()
        refusal = self.keeper.refusal(kind)
        if refusal is not None:
            self.view.show_error(refusal)
            return None
        return self._start(self.keeper.choose(kind), f"Getting {kind} credentials…")

    def renew(self) -> Task | None:
        """Renew the current credentials now (the timer calls this before expiry)."""
        manager = self.keeper.manager
        return None if manager is None else self._start(manager, "Renewing credentials…")

    def copy_as_env(self) -> None:
        from tokenexplorer.aws.export import as_env

        self._copy("environment variables", as_env)

    def copy_as_credentials_file(self) -> None:
        from tokenexplorer.aws.export import as_credentials_file

        profile: Profile | None = self.state.profile
        section = credentials_file_profile(profile.name if profile is not None else None)
        self._copy(f"a credentials-file profile [{section}]",
                   lambda creds: as_credentials_file(creds, section))

    # ------------------------------------------------------------ tasks

    def _start(self, manager: CredentialsManager, busy: str) -> Task:
        if self._task is not None and self._task.running:
            self._task.cancel()
        self.view.busy_label.setText(busy)
        self._refresh_buttons(busy=True)
        self._task = run_task(
            self, lambda ctx: manager.renew(),
            name="identity-pool credentials",
            on_error=self._on_error,
            on_done=self._on_task_done,
        )
        return self._task

    def _on_task_done(self) -> None:
        self.view.busy_label.setText("")
        self._refresh_buttons()

    def _on_error(self, exc: BaseException) -> None:
        if is_cleared(exc):
            return  # replaced meanwhile (another user or profile): nothing went wrong
        self.view.show_error(error_text(exc))
        retry = renewal.retry_delay(self.keeper.credentials)
        if retry is not None:
            self._renew_timer.start(int(retry * 1000))

    def _renewed(self, pair: tuple[CredentialsManager, IdentityCredentials]) -> None:
        manager, creds = pair
        if not self.keeper.accept(manager, creds):
            return  # a manager we replaced renewed late
        self.view.hide_error()
        who = renewal.session_name(self.state.session)
        self.view.show_credentials(creds, describe_kind(creds.kind, who))
        self._update_countdown()
        self._countdown.start()
        self._renew_timer.start(int(renewal.renew_delay(creds) * 1000))
        if self.keeper.caller_needed():
            self.view.asking_caller()
            self._fetch_caller(creds)
        self._refresh_buttons()
        self.state.set_credentials(creds)
        self.credentials_shown.emit(creds)

    def _fetch_caller(self, creds: IdentityCredentials) -> None:
        lookup = self.keeper.caller_lookup(creds)

        def done(caller: CallerIdentity) -> None:
            if self.keeper.set_caller(creds, caller):
                profile: Profile | None = self.state.profile
                self.view.show_caller(caller, sandbox=profile is not None and profile.is_sandbox)
                self._update_change_note()

        def failed(exc: BaseException) -> None:
            if self.keeper.is_current(creds):
                self.view.role_edit.setPlaceholderText(f"unknown: {error_text(exc)}")
                self._update_change_note()

        run_task(self, lambda ctx: lookup(), name="sts get-caller-identity",
                 on_result=done, on_error=failed)

    # ------------------------------------------------------------ display

    def _update_change_note(self) -> None:
        keeper = self.keeper
        note = switch_note(keeper.previous, keeper.credentials, keeper.caller)
        if note is not None:
            self.view.show_note(note)

    def _update_countdown(self) -> None:
        creds = self.keeper.credentials
        self.view.expiration_label.setText(
            "—" if creds is None else expiry_text(creds.expiration, renewal.countdown(creds)))

    def _copy(self, what: str, render: Callable[[IdentityCredentials], str]) -> None:
        creds = self.keeper.credentials
        if creds is None:
            self.view.copy_note.setText("Nothing to copy yet: get credentials first.")
            return
        QtWidgets.QApplication.clipboard().setText(render(creds))
        self.view.copy_note.setText(
            f"Copied as {what}. The clipboard now holds the secret key: paste it where it "
            "belongs, then copy something else over it."
        )

    def _refresh_buttons(self, busy: bool = False) -> None:
        self.view.enable(self.keeper.availability(), busy=busy,
                         has_creds=self.keeper.credentials is not None)

    # ------------------------------------------------------------ app state

    def _stop(self) -> None:
        """No task, no timers: what they would bring back is being forgotten."""
        if self._task is not None and self._task.running:
            self._task.cancel()
        self._countdown.stop()
        self._renew_timer.stop()

    def _on_profile_changed(self, profile: Profile | None) -> None:
        self.view.sandbox_label.setVisible(profile is not None and profile.is_sandbox)
        self._stop()
        had = self.keeper.profile_changed()
        self.view.clear()
        self.view.hide_error()
        if had:
            self.state.set_credentials(None)
        self._refresh_buttons()

    def _on_session_changed(self, session: CognitoSession | None) -> None:
        """Another user (sign-in, switch, sign-out) gets no credentials of the previous one;
        a refresh of the same user's session keeps them."""
        if self.keeper.user_changed(session):
            self._stop()
            cleared = self.keeper.put_away(session)
            self.view.clear()
            if cleared is not None:
                self.state.set_credentials(None)
                self.view.show_note(cleared_note(cleared))
        self._refresh_buttons()


__all__ = ["HIDDEN", "CredentialsPanel"]
