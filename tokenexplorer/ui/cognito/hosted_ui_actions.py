"""Wires the hosted-UI section into the window: a finished sign-in becomes the session (its
tokens in the inspector labelled "hosted UI"), userInfo and sign-out run on workers, and a
machine-to-machine token goes to the inspector. Uses only the window's PanelHost API.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tokenexplorer.cognito.hosted_ui.sign_out import LOGOUT_EXPLAINED
from tokenexplorer.cognito.ids import is_loopback_http
from tokenexplorer.ui.cognito.hosted_ui_dialogs import MachineTokenDialog, UserInfoDialog
from tokenexplorer.ui.cognito.hosted_ui_panel import HostedUiPanel
from tokenexplorer.ui.errors import describe_error
from tokenexplorer.ui.qt import QObject, QtWidgets
from tokenexplorer.ui.tasks import Task, TaskContext, run_task

if TYPE_CHECKING:
    from tokenexplorer.cognito.hosted_ui.oauth_calls import MachineToken
    from tokenexplorer.cognito.profiles import Profile
    from tokenexplorer.cognito.session import Session, SessionSignOut
    from tokenexplorer.ui.cognito.hosted_ui_signin import HostedFinished
    from tokenexplorer.ui.cognito.install import CognitoUi

VIA = "hosted UI"
LOGOUT_WAIT_S = 120.0


class HostedUiActions(QObject):
    def __init__(self, ui: CognitoUi, panel: HostedUiPanel) -> None:
        super().__init__(panel)
        self.ui, self.panel, self.state = ui, panel, ui.state
        self.task: Task | None = None
        self.dialog: QtWidgets.QDialog | None = None
        panel.runner.signed_in.connect(self.signed_in)
        panel.userinfo_requested.connect(self.fetch_userinfo)
        panel.sign_out_requested.connect(self.sign_out)
        panel.machine_token_requested.connect(self.open_machine_token)

    def _client(self, profile: Profile) -> Any:
        from tokenexplorer.cognito.hosted_ui import OAuthClient
        from tokenexplorer.cognito.profiles import client_secret_for

        secret = client_secret_for(profile) if profile.has_client_secret else None
        return OAuthClient(profile, client_secret=secret, activity=self.state.activity)

    # ------------------------------------------------------------------ sign-in

    def signed_in(self, finished: HostedFinished) -> None:
        self.ui.next_session_via = VIA
        self.ui.session_panel.start_session(finished)
        for warning in finished.result.warnings:
            self.panel.show_note("warning", warning)

    # ------------------------------------------------------------------ after it

    def _busy(self) -> bool:
        return self.task is not None

    def fetch_userinfo(self) -> None:
        session, profile = self.state.session, self.state.profile
        tokens = session.tokens if session is not None else None
        if self._busy() or tokens is None or profile is None:
            return
        access = tokens.access_token

        def work(_ctx: TaskContext) -> dict[str, Any]:
            return dict(self._client(profile).userinfo(access))

        def done(info: dict[str, Any]) -> None:
            self.task = None
            self.show_dialog(UserInfoDialog(info, self._parent()))

        self.task = run_task(self, work, name="userinfo", on_result=done,
                             on_error=self._failed("userInfo failed"))

    def sign_out(self, logout_in_browser: bool) -> None:
        session, profile = self.state.session, self.state.profile
        if self._busy() or session is None or profile is None:
            return

        def work(_ctx: TaskContext) -> SessionSignOut:
            from tokenexplorer.cognito.hosted_ui.sign_out import sign_out_hosted

            return sign_out_hosted(session, self._client(profile))

        def done(outcome: SessionSignOut) -> None:
            self.task = None
            if self.state.session is session:
                self.state.set_session(None)
            self.ui.session_panel.signed_out.emit(outcome)
            if logout_in_browser:
                self.panel.show_note("ok", f"{outcome.describe()} The browser was sent to "
                                     "/logout to end the hosted UI's own session too.")
                self.browser_logout(session, profile)
            else:
                self.panel.show_note("ok", f"{outcome.describe()} {LOGOUT_EXPLAINED}")

        self.panel.show_note("info", "Signing out…")
        self.task = run_task(self, work, name="hosted-ui-sign-out", on_result=done,
                             on_error=self._failed("Sign-out failed, you are still signed in"))

    def browser_logout(self, session: Session, profile: Profile) -> None:
        """Open /logout in the browser; a short-lived listener shows the signed-out page."""
        from tokenexplorer.cognito.hosted_ui.endpoints import default_logout_uri, endpoints_for

        port = profile.callback_ports[0] if profile.callback_ports else 53682
        logout_uri = default_logout_uri(profile, port)
        url = endpoints_for(profile).logout(profile.client_id, logout_uri)

        def work(ctx: TaskContext) -> None:
            from tokenexplorer.cognito.hosted_ui.errors import HostedUIError
            from tokenexplorer.cognito.hosted_ui.listener import LoopbackListener

            try:
                listener = LoopbackListener(port, lambda _state: False)
            except HostedUIError:
                return  # the page will not load; the logout itself still happens
            with listener:
                waited = 0.0
                while waited < LOGOUT_WAIT_S and not ctx.cancelled:
                    if listener.signed_out.wait(0.25):
                        return
                    waited += 0.25

        if logout_uri.startswith(f"http://localhost:{port}/"):
            run_task(self, work, name="hosted-ui-logout-page")
        if not self.panel.runner.open_url(url):
            self.panel.show_note("warning", f"No browser opened: open {url} to end the hosted "
                                 "UI's session in the browser.")

    # ------------------------------------------------------------------ machine to machine

    def open_machine_token(self) -> QtWidgets.QDialog | None:
        profile = self.state.profile
        if profile is None:
            return None
        dialog = MachineTokenDialog(profile, self.state.activity, self._parent())
        dialog.got_token.connect(lambda token: self.show_machine_token(profile, token))
        return self.show_dialog(dialog)

    def show_machine_token(self, profile: Profile, token: MachineToken) -> None:
        window = self.ui.window
        window.show_tokens([(f"machine-to-machine ({profile.name})", token.access_token)])
        window.set_verify_context(client_id=profile.client_id, pool_id=profile.user_pool_id,
                                  endpoint_url=profile.endpoint_url,
                                  allow_http_jwks=is_loopback_http(profile.endpoint_url))
        self.state.status_message.emit(
            f"Machine-to-machine token: valid for {round(token.expires_in / 60)} min.")

    # ------------------------------------------------------------------ helpers

    def _parent(self) -> QtWidgets.QWidget | None:
        window = self.ui.window
        return window if isinstance(window, QtWidgets.QWidget) else None

    def show_dialog(self, dialog: QtWidgets.QDialog) -> QtWidgets.QDialog:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.finished.connect(lambda _code: self._closed(dialog))
        dialog.open()
        return dialog

    def _closed(self, dialog: QtWidgets.QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _failed(self, lead: str) -> Any:
        def failed(exc: BaseException) -> None:
            self.task = None
            error = describe_error(exc)
            self.panel.show_note("error", f"{lead}: {error.message}", error.code)

        return failed


def install_hosted_ui(ui: CognitoUi, layout: QtWidgets.QVBoxLayout, index: int,
                      menu: QtWidgets.QMenu | None = None) -> HostedUiActions:
    """Put the section into the Pool pane at `index` and its actions into `menu`."""
    panel = HostedUiPanel(ui.state)
    layout.insertWidget(index, panel)
    actions = HostedUiActions(ui, panel)
    if menu is not None:
        menu.addSeparator()
        sign_in = menu.addAction("Sign in with &hosted UI…")
        sign_in.triggered.connect(lambda _c=False: panel.start())
        machine = menu.addAction("&Machine-to-machine token…")
        machine.triggered.connect(lambda _c=False: actions.open_machine_token())
    return actions
