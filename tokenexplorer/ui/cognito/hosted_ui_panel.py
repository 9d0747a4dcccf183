"""The Pool pane's "Hosted UI" section: sign in through the system browser (one button per
configured identity provider, plus Cognito's own page), wait with Cancel, then fetch
userInfo or sign out (revoke, and optionally /logout in the browser).

The panel renders and delegates: the flow is `HostedSignInRunner`, the after-sign-in calls
are `hosted_ui_actions`. Every control has an accessible name; tests find them by it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tokenexplorer.cognito.hosted_ui.endpoints import endpoints_for
from tokenexplorer.cognito.hosted_ui.errors import NO_DOMAIN, HostedUIError
from tokenexplorer.ui import plain
from tokenexplorer.ui.cognito.flow_layout import FlowLayout
from tokenexplorer.ui.cognito.hosted_ui_signin import HostedSignInRunner
from tokenexplorer.ui.cognito.widgets import BusyRow, InlineMessage, explanation
from tokenexplorer.ui.errors import PlainError
from tokenexplorer.ui.qt import QtWidgets, Signal

if TYPE_CHECKING:
    from tokenexplorer.cognito.profiles import Profile
    from tokenexplorer.cognito.session import Session
    from tokenexplorer.ui.state import AppState

INTRO = ("Sign in in your web browser (managed login, social and SAML/OIDC providers, "
         "passkeys). The answer comes back to this app at http://localhost:PORT/callback.")
NO_DOMAIN_TEXT = "Set the profile's hosted-UI domain to sign in through the browser."
LOGOUT_TIP = ("Revoking ends the tokens; the browser stays signed in to the hosted UI (its own "
              "cookie) until /logout is opened there, so the next sign-in would skip the "
              "password.")

MACHINE_TIP = "Client credentials: an access token for this app client itself, no user"
MACHINE_NO_SECRET = ("Machine-to-machine tokens need a confidential app client: store the "
                     "profile's client secret first")


class HostedUiPanel(QtWidgets.QWidget):
    userinfo_requested = Signal()
    sign_out_requested = Signal(bool)  # also open /logout in the browser
    machine_token_requested = Signal()

    def __init__(self, state: AppState, runner: HostedSignInRunner | None = None,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Hosted UI")
        self.state = state
        self.runner = runner or HostedSignInRunner(state, self)
        self._provider_buttons: list[QtWidgets.QPushButton] = []
        self._build()
        state.profile_changed.connect(self._profile_changed)
        state.session_changed.connect(self._session_changed)
        self.runner.waiting.connect(self._waiting)
        self.runner.browser_failed.connect(self._browser_failed)
        self.runner.failed.connect(self._failed)
        self.runner.stopped.connect(self._stopped)
        self.runner.signed_in.connect(lambda _f: self.message.show_message(
            "ok", "Signed in through the hosted UI; the tokens are in the inspector."))
        self._profile_changed(state.profile)

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(9, 4, 9, 0)  # in line with the Session section above
        title = plain.label("Hosted UI (browser)")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        self.intro = explanation(INTRO)
        layout.addWidget(self.intro)
        self.buttons = QtWidgets.QWidget()
        self.button_flow = FlowLayout(self.buttons)
        layout.addWidget(self.buttons)
        self.remember_box = QtWidgets.QCheckBox("Remember this session")
        self.remember_box.setAccessibleName("Remember hosted-UI session")
        layout.addWidget(self.remember_box)
        self.busy = BusyRow()
        layout.addWidget(self.busy)
        self.cancel_button = plain.button("Cancel", "Cancel hosted-UI sign-in",
                                          "Stop waiting; the callback port is freed")
        self.cancel_button.clicked.connect(self.runner.cancel)
        self.wait_note = explanation("")
        self.wait_note.setAccessibleName("Hosted-UI waiting note")
        self.wait_row = QtWidgets.QWidget()
        wait_layout = QtWidgets.QHBoxLayout(self.wait_row)
        wait_layout.setContentsMargins(0, 0, 0, 0)
        wait_layout.addWidget(self.wait_note, 1)
        wait_layout.addWidget(self.cancel_button)
        self.wait_row.hide()
        layout.addWidget(self.wait_row)
        self.url_note = explanation("No browser opened: open this link in a browser yourself.")
        self.url_edit = QtWidgets.QLineEdit()
        self.url_edit.setReadOnly(True)
        self.url_edit.setAccessibleName("Hosted-UI sign-in link")
        for widget in (self.url_note, self.url_edit):
            widget.hide()
            layout.addWidget(widget)
        self.message = InlineMessage(name="Hosted-UI message")
        layout.addWidget(self.message)
        self._build_session_row(layout)

    def _build_session_row(self, layout: QtWidgets.QVBoxLayout) -> None:
        self.session_row = QtWidgets.QWidget()
        row = FlowLayout(self.session_row)
        self.logout_box = QtWidgets.QCheckBox("Also sign out in the browser (/logout)")
        self.logout_box.setAccessibleName("Also sign out in the browser")
        plain.set_tooltip(self.logout_box, LOGOUT_TIP)
        self.userinfo_button = plain.button("userInfo", "Fetch userInfo",
                                            "GET /oauth2/userInfo with the access token")
        self.userinfo_button.clicked.connect(self.userinfo_requested.emit)
        self.sign_out_button = plain.button("Sign out (revoke)", "Sign out of hosted UI",
                                            "POST /oauth2/revoke: the tokens stop working")
        self.sign_out_button.clicked.connect(
            lambda: self.sign_out_requested.emit(self.logout_box.isChecked()))
        row.addWidget(self.userinfo_button)
        row.addWidget(self.sign_out_button)
        layout.addWidget(self.session_row)
        layout.addWidget(self.logout_box)
        self.machine_button = plain.button("Machine-to-machine token…",
                                           "Machine-to-machine token", MACHINE_TIP)
        self.machine_button.clicked.connect(self.machine_token_requested.emit)
        machine_row = QtWidgets.QWidget()
        FlowLayout(machine_row).addWidget(self.machine_button)
        layout.addWidget(machine_row)

    def _set_provider_buttons(self, profile: Profile | None) -> None:
        for button in self._provider_buttons:
            self.button_flow.removeWidget(button)
            button.setParent(None)  # out of the panel at once, not only after deleteLater
            button.deleteLater()
        self._provider_buttons = []
        names: list[str | None] = [None, *(profile.identity_providers if profile else ())]
        for name in names:
            text = "Hosted UI…" if name is None else f"{name}…"
            access = "Sign in with hosted UI" if name is None else f"Sign in with {name}"
            tip = ("Cognito's own sign-in page in your browser" if name is None
                   else f"Straight to {name} in your browser (identity_provider={name})")
            button = plain.button(text, access, tip)
            button.clicked.connect(lambda _c=False, n=name: self.start(n))
            self.button_flow.addWidget(button)
            self._provider_buttons.append(button)

    # ------------------------------------------------------------------ state

    def hosted_ui_problem(self, profile: Profile | None) -> str | None:
        if profile is None:
            return "Choose a pool profile first."
        try:
            endpoints_for(profile)
        except HostedUIError as exc:
            return NO_DOMAIN_TEXT if exc.code == NO_DOMAIN else exc.message
        return None

    def _profile_changed(self, profile: Profile | None) -> None:
        self._set_provider_buttons(profile)
        self.setVisible(profile is not None)
        self._update()

    def _session_changed(self, _session: Session | None) -> None:
        self._update()

    def _update(self) -> None:
        profile = self.state.profile
        problem = self.hosted_ui_problem(profile)
        busy = self.runner.busy
        for button in self._provider_buttons:
            button.setEnabled(problem is None and not busy)
        self.intro.setText(INTRO if problem is None else problem)
        session = self.state.session
        signed_in = session is not None and session.signed_in
        self.session_row.setVisible(signed_in and problem is None)
        self.logout_box.setVisible(signed_in and problem is None)
        confidential = profile is not None and profile.has_client_secret
        self.machine_button.setEnabled(problem is None and confidential)
        plain.set_tooltip(self.machine_button, MACHINE_TIP if confidential else MACHINE_NO_SECRET)
        self.machine_button.setVisible(problem is None)

    # ------------------------------------------------------------------ the flow

    def start(self, provider: str | None = None) -> None:
        profile = self.state.profile
        if profile is None or self.hosted_ui_problem(profile) is not None:
            return
        self.message.clear()
        self.runner.remember = self.remember_box.isChecked()
        if self.runner.start(profile, provider) is not None:
            where = f" with {provider}" if provider else ""
            self.busy.start(f"Opening the hosted UI{where}…")
            self.wait_note.setText("")
            self.wait_row.show()
            self._update()

    def _waiting(self, _url: str, callback: str) -> None:
        self.busy.start("Waiting for the browser…")
        self.wait_note.setText(f"Sign in in the browser tab. Its answer comes back to {callback}.")

    def _browser_failed(self, url: str) -> None:
        self.url_edit.setText(url)
        self.url_edit.setCursorPosition(0)  # the start (the domain) is what people check
        self.url_note.show()
        self.url_edit.show()

    def _failed(self, error: PlainError) -> None:
        self.message.show_error(error)

    def _stopped(self) -> None:
        self.busy.stop()
        self.wait_row.hide()
        self.url_note.hide()
        self.url_edit.hide()
        self.url_edit.clear()
        self._update()

    def show_note(self, level: str, text: str, code: str | None = None) -> None:
        self.message.show_message(level, text, code)
