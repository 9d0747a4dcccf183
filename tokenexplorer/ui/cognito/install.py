"""Mounts the Cognito panels into the main window: the one call app.py makes.

`install_cognito_ui(window, state)` adds a "Pool" dock (keyring status, profiles, session),
an "Activity" dock at the bottom and a Cognito menu, using only the window's public API as
`ui.window_api.PanelHost` spells it (`add_dock`, `add_menu`, `show_tokens`, `clear_tokens`,
`inspected_token`, `set_verify_context`). The returned `CognitoUi` opens the dialogs and
starts the embedded sandbox.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tokenexplorer.cognito.ids import is_loopback_http
from tokenexplorer.cognito.profiles import Profile, ProfileStore
from tokenexplorer.ui.cognito.activity_panel import ActivityPanel
from tokenexplorer.ui.cognito.keyring_banner import KeyringBanner
from tokenexplorer.ui.cognito.profile_pane import ProfilePane
from tokenexplorer.ui.cognito.sandbox_profiles import save_profiles_in_background
from tokenexplorer.ui.cognito.sandbox_reset import SandboxReset
from tokenexplorer.ui.cognito.session_panel import SessionPanel
from tokenexplorer.ui.errors import describe_error
from tokenexplorer.ui.qt import QObject, Qt, QtCore, QtGui, QtWidgets, Signal
from tokenexplorer.ui.state import AppState
from tokenexplorer.ui.tasks import Task, TaskContext, run_task
from tokenexplorer.ui.window_api import PanelHost, TokenRows

if TYPE_CHECKING:
    from tokenexplorer.activity import ActivityEntry
    from tokenexplorer.cognito.auth import Tokens
    from tokenexplorer.cognito.sandbox import Sandbox, SavedProfiles
    from tokenexplorer.cognito.session import Session
    from tokenexplorer.ui.cognito.hosted_ui_actions import HostedUiActions
    from tokenexplorer.ui.sandbox.install import SandboxInbox

# The inspector's list reads "<kind it decoded> — <source>": the source says where a token came
# from, never its kind again ("ID token — sign-in as demo (Sandbox)"). The refresh token's
# field name stays: an emulator's opaque refresh token decodes to no kind at all.
TOKEN_FIELDS = ("IdToken", "AccessToken", "RefreshToken")


def token_sources(username: str, profile_name: str | None,
                  via: str = "") -> tuple[str, str, str]:
    """Inspector sources for a session's (ID, access, refresh) tokens; `via` names how
    ("hosted UI sign-in as …")."""
    where = f"{via + ' ' if via else ''}sign-in as {username or 'unknown user'}"
    if profile_name:
        where += f" ({profile_name})"
    return where, where, f"RefreshToken, {where}"


class CognitoUi(QObject):
    """The controller of the Cognito panels and dialogs of one window."""

    sandbox_started = Signal(object)  # Sandbox
    sandbox_failed = Signal(str)
    inbox_requested = Signal()  # a dialog's "Open Sandbox inbox"

    def __init__(self, window: PanelHost, state: AppState,
                 store: ProfileStore | None = None) -> None:
        super().__init__(window if isinstance(window, QObject) else None)
        self.window = window
        self.state = state
        self.store = store or ProfileStore()
        self.dialog: QtWidgets.QDialog | None = None
        self.menu: QtWidgets.QMenu | None = None  # the Cognito menu, once installed
        self.draft_guard: _UnsavedDraftGuard | None = None
        self.inbox: SandboxInbox | None = None  # the Sandbox inbox dock, once installed
        self.hosted: HostedUiActions | None = None  # the hosted-UI section, once installed
        self.reset: SandboxReset | None = None  # Cognito ▸ Reset sandbox…, once installed
        self._sandbox_task: Task | None = None
        self.keyring_banner = KeyringBanner()
        self.profile_pane = ProfilePane(state, self.store)
        self.session_panel = SessionPanel(state, masking=window.masking)
        self.activity_panel = ActivityPanel(state, masking=window.masking)
        self.activity_dock: QtWidgets.QDockWidget | None = None  # set by install_cognito_ui
        self.pool_widget = self._pool_widget()
        self._make_actions()
        self.profile_pane.start_sandbox_requested.connect(self.start_sandbox)
        self.session_panel.start_sandbox_requested.connect(self.start_sandbox)
        self.session_panel.sign_in_requested.connect(self.open_sign_in)
        self.session_panel.sign_up_requested.connect(self.open_sign_up)
        self.session_panel.change_password_requested.connect(self.open_change_password)
        self.session_panel.session_started.connect(self._session_started)
        self.session_panel.refreshed.connect(self._session_refreshed)
        self.session_panel.signed_out.connect(self._signed_out)
        self._shown_tokens: tuple[str, ...] = ()
        self.next_session_via = ""  # set by whoever starts the next session ("hosted UI")
        self._session_via = ""
        self.profile_pane.fold_if_complete()
        self.profile_pane.draft_changed.connect(self.session_panel.set_drafting)
        self.profile_pane.draft_changed.connect(self._update_actions)
        state.profile_changed.connect(self._update_actions)
        state.session_changed.connect(self._update_actions)
        self._update_actions()

    # ------------------------------------------------------------------ building

    def _pool_widget(self) -> QtWidgets.QWidget:
        inner = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(inner)
        self.pool_layout = layout
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.keyring_banner)
        layout.addWidget(self.profile_pane)
        line = QtWidgets.QFrame()
        line.setFrameShape(QtWidgets.QFrame.Shape.HLine)
        layout.addWidget(line)
        layout.addWidget(self.session_panel)
        layout.addStretch(1)
        scroll = QtWidgets.QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setAccessibleName("Pool")
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(340)  # with the widest tab (S3), the window fits 1024 px
        return scroll

    def _make_actions(self) -> None:
        parent = self.window if isinstance(self.window, QObject) else self

        def action(text: str, slot: Callable[[], object], tip: str) -> QtGui.QAction:
            act = QtGui.QAction(text, parent)
            act.setToolTip(tip)
            act.setStatusTip(tip)
            act.triggered.connect(lambda _checked=False: slot())
            return act

        self.sign_in_action = action("Sign &in…", self.open_sign_in,
                                     "Sign in to the selected pool profile")
        self.sign_up_action = action("Sign &up…", self.open_sign_up,
                                     "Create an account in the selected pool")
        self.change_password_action = action("&Change password…", self.open_change_password,
                                             "Change the signed-in user's password")
        self.sign_out_action = action("Sign &out", self.session_panel.sign_out,
                                      "Revoke the session's tokens and forget them")
        self.start_sandbox_action = action("Start &sandbox", self.start_sandbox,
                                           "Start a local Cognito + S3 emulator with a demo user")
        self.actions = [self.sign_in_action, self.sign_up_action, self.change_password_action,
                        self.sign_out_action, self.start_sandbox_action]

    def _update_actions(self, *_: object) -> None:
        has_profile = self.state.profile is not None
        drafting = self.profile_pane.has_unsaved_draft()  # sign-in would go to the old one
        signed_in = self.state.session is not None and self.state.session.signed_in
        self.sign_in_action.setEnabled(has_profile and not drafting)
        self.sign_up_action.setEnabled(has_profile and not drafting)
        self.change_password_action.setEnabled(signed_in)
        self.sign_out_action.setEnabled(signed_in)

    def show_activity_entry(self, entry: ActivityEntry) -> bool:
        """Select `entry` in the Activity log, its dock shown and raised."""
        dock = self.activity_dock
        if dock is not None:
            dock.show()
            dock.raise_()
        return self.activity_panel.select_entry(entry)

    # ------------------------------------------------------------------ dialogs

    def _parent_widget(self) -> QtWidgets.QWidget | None:
        return self.window if isinstance(self.window, QtWidgets.QWidget) else None

    def _show_dialog(self, dialog: QtWidgets.QDialog) -> QtWidgets.QDialog:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _code: self._dialog_closed(dialog))
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: QtWidgets.QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def open_sign_in(self, username: str = "", password: str = "") -> QtWidgets.QDialog | None:
        from tokenexplorer.ui.cognito.signin_dialog import SignInDialog

        profile = self.state.profile
        if profile is None:
            self.state.status_message.emit("Choose or add a pool profile first.")
            return None
        dialog = SignInDialog(self.state, profile, username=username, password=password,
                              parent=self._parent_widget())
        dialog.signed_in.connect(self.session_panel.start_session)
        dialog.inbox_requested.connect(self.inbox_requested)
        return self._show_dialog(dialog)

    def open_sign_up(self) -> QtWidgets.QDialog | None:
        from tokenexplorer.ui.cognito.signup_dialog import SignUpDialog

        profile = self.state.profile
        if profile is None:
            self.state.status_message.emit("Choose or add a pool profile first.")
            return None
        dialog = SignUpDialog(self.state, profile, parent=self._parent_widget())
        dialog.sign_in_requested.connect(self._sign_in_after_sign_up)
        dialog.inbox_requested.connect(self.inbox_requested)
        return self._show_dialog(dialog)

    def _sign_in_after_sign_up(self, username: str, password: str) -> None:
        # Let the sign-up dialog finish closing first.
        QtCore.QTimer.singleShot(0, lambda: self.open_sign_in(username, password))

    def open_change_password(self) -> QtWidgets.QDialog | None:
        from tokenexplorer.ui.cognito.change_password_dialog import ChangePasswordDialog

        session = self.state.session
        if session is None or not session.signed_in:
            self.state.status_message.emit("Sign in first.")
            return None
        dialog = ChangePasswordDialog(session, parent=self._parent_widget())
        dialog.changed.connect(lambda: self.state.status_message.emit("Password changed."))
        return self._show_dialog(dialog)

    # ------------------------------------------------------------------ tokens

    def _session_started(self, session: Session) -> None:
        self._session_via, self.next_session_via = self.next_session_via, ""
        tokens = session.tokens
        if tokens is not None:
            self.show_signed_in_tokens(tokens, session.auth.profile, username=session.username,
                                       via=self._session_via)

    def _inspector_shows_session(self) -> bool:
        """True when the inspector still shows the tokens we put there (not something the
        user pasted since), or nothing at all."""
        current = self.window.inspected_token()
        if current is None:
            return bool(self._shown_tokens)
        return current in self._shown_tokens

    def _session_refreshed(self, session: Session) -> None:
        """Fresh tokens replace the old ones in the inspector, on the same row."""
        tokens = session.tokens
        if tokens is None or not self._inspector_shows_session():
            return
        self.show_signed_in_tokens(tokens, session.auth.profile, username=session.username,
                                   announce=False, via=self._session_via)

    def _signed_out(self, _outcome: object = None) -> None:
        """Revoked tokens leave the inspector (and our memory of them)."""
        if self._shown_tokens and self._inspector_shows_session():
            self.window.clear_tokens()  # the user stays on the tab they are on
        self._shown_tokens = ()

    def show_signed_in_tokens(self, tokens: Tokens, profile: Profile | None = None, *,
                              username: str = "", announce: bool = True,
                              via: str = "") -> None:
        """Open the tokens in the inspector and tell it how to verify them."""
        profile = profile or self.state.profile
        if not username:
            from tokenexplorer.cognito.session import jwt_claims

            claims = jwt_claims(tokens.id_token) or jwt_claims(tokens.access_token)
            username = str(claims.get("cognito:username") or claims.get("username") or "")
        sources = token_sources(username, profile.name if profile is not None else None, via)
        values = (tokens.id_token, tokens.access_token, tokens.refresh_token)
        shown: TokenRows = [(source, raw) for source, raw in zip(sources, values, strict=True)
                            if raw]
        self._shown_tokens = tuple(raw.strip() for _source, raw in shown)
        # A refresh (announce=False) updates in place: the user's tab, the selected row.
        self.window.show_tokens(shown, focus=announce)
        if profile is not None:
            endpoint = profile.endpoint_url
            self.window.set_verify_context(
                client_id=profile.client_id,
                pool_id=profile.user_pool_id,
                endpoint_url=endpoint,
                allow_http_jwks=is_loopback_http(endpoint),
            )
        if not announce:
            return
        minutes = round(tokens.expires_in / 60)
        sandbox = profile is not None and profile.is_sandbox
        note = " (local emulator: its tokens can be forged)" if sandbox else ""
        self.state.status_message.emit(f"Signed in: the tokens are valid for {minutes} min"
                                       f"{note}.")

    # ------------------------------------------------------------------ sandbox

    def start_sandbox(self) -> Task | None:
        """Start the embedded emulator (once), select its profile and offer the sign-in."""
        if self.state.sandbox is not None:
            self._use_sandbox(self.state.sandbox)
            return None
        if self._sandbox_task is not None:
            return self._sandbox_task
        self.start_sandbox_action.setEnabled(False)
        self.profile_pane.set_sandbox_busy(True)
        self.state.status_message.emit("Starting the local emulator…")

        def work(_ctx: TaskContext) -> Sandbox:
            from tokenexplorer.cognito.sandbox import start_sandbox

            return start_sandbox()

        def done(sandbox: Sandbox) -> None:
            self._sandbox_finished()
            self.state.sandbox = sandbox
            self._use_sandbox(sandbox, started=True)

        def failed(exc: BaseException) -> None:
            self._sandbox_finished()
            error = describe_error(exc)
            self.profile_pane.banner.show_error(error)
            self.sandbox_failed.emit(error.message)

        self._sandbox_task = run_task(self, work, name="start-sandbox", on_result=done,
                                      on_error=failed)
        return self._sandbox_task

    def _sandbox_finished(self) -> None:
        self._sandbox_task = None
        self.start_sandbox_action.setEnabled(True)
        self.profile_pane.set_sandbox_busy(False)

    def _use_sandbox(self, sandbox: Sandbox, *, started: bool = False) -> None:
        """Save both profiles off-thread, select "Sandbox", offer the sign-in; then emit."""
        self.session_panel.clear_message()  # e.g. a resume error about the old sandbox
        if not self.profile_pane.ask_discard_draft():
            self.state.status_message.emit(
                f"Sandbox running at {sandbox.endpoint_url}; save your new profile, then "
                "choose Start sandbox again to use it.")
            if started:
                self.sandbox_started.emit(sandbox)
            return
        if self.profile_pane.has_unsaved_draft():
            self.profile_pane.revert()  # the user agreed to drop it
        def failed(exc: BaseException) -> None:
            self.profile_pane.banner.show_error(describe_error(exc))
            if started:
                self.sandbox_started.emit(sandbox)

        save_profiles_in_background(
            self, self.store, sandbox.info, on_error=failed,
            on_saved=lambda saved: self._sandbox_saved(sandbox, saved, started))

    def _sandbox_saved(self, sandbox: Sandbox, saved: SavedProfiles, started: bool) -> None:
        problems = " ".join(saved.problems)  # plain sentences, no secret in them
        profile = sandbox.profile
        if profile.name in saved.names:
            self.profile_pane.reload(select=profile.name)
            self.profile_pane.fold_if_complete()
            self.state.status_message.emit(
                f"Sandbox running at {sandbox.endpoint_url} — a local emulator, not AWS."
                + (f" {problems}" if problems else ""))
            self.open_sign_in(sandbox.info.username, sandbox.info.password)
        else:
            self.state.status_message.emit(problems)
        if started:
            self.sandbox_started.emit(sandbox)


class _UnsavedDraftGuard(QObject):
    """Asks before the window closes over an unsaved new profile (it would be lost)."""

    def __init__(self, window: QObject, pane: ProfilePane) -> None:
        super().__init__(window)
        self._pane = pane

    def eventFilter(self, watched: QObject, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.Close and not self._pane.ask_discard_draft():
            event.ignore()
            return True
        return False


def install_cognito_ui(window: PanelHost, state: AppState,
                       store: ProfileStore | None = None) -> CognitoUi:
    """Build the panels, dock them into `window` and add the Cognito menu."""
    ui = CognitoUi(window, state, store)
    window.add_dock(ui.pool_widget, "Pool", Qt.DockWidgetArea.LeftDockWidgetArea)
    activity = ui.activity_dock = window.add_dock(ui.activity_panel, "Activity",
                                                  Qt.DockWidgetArea.BottomDockWidgetArea)
    from tokenexplorer.ui.sandbox.install import install_sandbox_inbox

    ui.inbox = install_sandbox_inbox(window, state, ui.store, beside=activity,
                                     start=ui.start_sandbox)
    ui.inbox_requested.connect(ui.inbox.open)
    if isinstance(window, QObject):
        ui.draft_guard = _UnsavedDraftGuard(window, ui.profile_pane)
        window.installEventFilter(ui.draft_guard)
    menu = QtWidgets.QMenu("&Cognito")
    window.add_menu(menu)
    menu.addActions(ui.actions[:4])
    menu.addSeparator()
    menu.addAction(ui.start_sandbox_action)
    ui.reset = SandboxReset(ui, menu)  # Reset sandbox…, after Start sandbox
    ui.menu = menu
    from tokenexplorer.ui.cognito.hosted_ui_actions import install_hosted_ui

    ui.hosted = install_hosted_ui(ui, ui.pool_layout,
                                  ui.pool_layout.indexOf(ui.session_panel) + 1, menu)
    return ui


__all__ = ["CognitoUi", "install_cognito_ui"]
