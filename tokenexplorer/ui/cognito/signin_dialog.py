"""The sign-in dialog: credentials, then one clear page per Cognito challenge.

The dialog is the coordinator: each page (`signin_pages`, `challenge_pages`) shows and
collects, `signin_steps` (Qt-free) says which page follows which step, and the dialog runs
each network step as one background call (`CallRunner`). The page stays on screen with a
busy row and a working Cancel, and an error appears inline in plain words with the original
Cognito code behind "Details". The dialog never closes on an error: the user can retry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tokenexplorer.cognito.challenges import Challenge, ChallengeKind
from tokenexplorer.cognito.steps import CodeDelivery, ConfirmationNeeded, Step, Tokens
from tokenexplorer.ui.cognito.background_calls import AuthHolder
from tokenexplorer.ui.cognito.call_dialog import CallDialog
from tokenexplorer.ui.cognito.challenge_pages import (
    ChallengePage,
    CodeChallengePage,
    CustomChallengePage,
    MfaSetupPage,
    NewPasswordPage,
    SelectMfaPage,
)
from tokenexplorer.ui.cognito.signin_pages import (
    ConfirmPage,
    CredentialsPage,
    ForgotPage,
    ResetPage,
    StepPage,
)
from tokenexplorer.ui.cognito.signin_steps import (
    SIGNING_IN,
    PageKind,
    challenge_page,
    page_name,
)
from tokenexplorer.ui.cognito.user_auth_pages import ChoicePage, PasskeyPage
from tokenexplorer.ui.qt import QtCore, QtWidgets, Signal
from tokenexplorer.ui.tasks import TaskContext

if TYPE_CHECKING:
    from tokenexplorer.cognito.auth import CognitoAuth
    from tokenexplorer.cognito.password_policy import PasswordPolicy
    from tokenexplorer.cognito.profiles import Profile
    from tokenexplorer.cognito.sign_in_attempt import DeviceOutcome, SignInAttempt
    from tokenexplorer.ui.state import AppState


@dataclass
class SignInResult:
    """What a finished sign-in hands to the window (tokens live in memory only)."""

    profile: Profile
    username: str
    tokens: Tokens
    remember: bool
    flow: str
    auth: CognitoAuth  # the CognitoAuth used, for the Session
    device: DeviceOutcome | None = None  # the remembered device of this sign-in, if any


class SignInDialog(CallDialog):
    """Sign in to `profile`; emits `signed_in(SignInResult)` and accepts on success.
    `hosted_ui`: the window can sign in through the hosted UI (`hosted_ui_requested`)."""

    signed_in = Signal(object)
    inbox_requested = Signal()  # a page's "Open Sandbox inbox"
    hosted_ui_requested = Signal(object)  # Profile: passkeys need the hosted UI

    def __init__(self, state: AppState, profile: Profile, *, username: str = "",
                 password: str = "", auth_holder: AuthHolder | None = None,
                 hosted_ui: bool = False, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent, title=f"Sign in — {profile.name}", name="Sign-in",
                         min_width=460)
        self.state = state
        self.profile = profile
        self.holder = auth_holder or AuthHolder(profile, state.activity)
        from tokenexplorer.cognito.sandbox import is_emulator

        self.emulator = is_emulator(profile)
        self.result_value: SignInResult | None = None
        self.policy: PasswordPolicy | None = None
        self._policy_asked = False
        self.attempt: SignInAttempt | None = None
        self._add_pages(hosted_ui)
        self.button_row = self._button_row("Sign in", back=True)
        self._lay_out([self.stack], self.button_row, profile=profile, emulator=self.emulator)
        self.credentials_page.username_edit.setText(username)
        self.credentials_page.password_edit.setText(password)
        self._go(self.credentials_page)
        from tokenexplorer.ui.cognito.keyring_banner import probe_keyring

        probe_keyring(self, self.credentials_page.set_keyring_status)
        from tokenexplorer.cognito.sign_in_attempt import code_sign_in_allowed

        self.credentials_page.set_code_offer(code_sign_in_allowed(
            profile.preferred_challenge, profile.endpoint_url, profile.client_id))

    def _add_pages(self, hosted_ui: bool) -> None:
        self.credentials_page = CredentialsPage(self.profile)
        self.mfa_setup_page = MfaSetupPage()
        self.confirm_page = ConfirmPage(self.emulator)
        self.forgot_page = ForgotPage(self.emulator)
        self.reset_page = ResetPage(self.emulator)
        self.new_password_page = NewPasswordPage()
        self.choice_page = ChoicePage(self.profile, self.credentials_page.password_edit.text,
                                      hosted_ui=hosted_ui)
        passkey_page = PasskeyPage(self.profile, hosted_ui=hosted_ui)
        for offering in (self.choice_page, passkey_page):
            offering.hosted_ui_requested.connect(
                lambda: self.hosted_ui_requested.emit(self.profile))
        pages: list[StepPage] = [
            self.credentials_page, self.new_password_page, CodeChallengePage(),
            SelectMfaPage(), CustomChallengePage(), self.mfa_setup_page, self.confirm_page,
            self.forgot_page, self.reset_page, self.choice_page, passkey_page]
        self.pages = {page.kind: page for page in pages}
        self.stack = QtWidgets.QStackedWidget()
        for page in pages:
            self.stack.addWidget(page)
            page.inbox_requested.connect(self.inbox_requested)
        self.credentials_page.forgot_requested.connect(self.go_forgot)
        self.credentials_page.code_requested.connect(lambda: self.sign_in(code=True))
        self.confirm_page.resend_requested.connect(self.resend_code)
        challenge = self._answer_challenge
        self._actions: dict[PageKind, Callable[[], None]] = {
            PageKind.CREDENTIALS: self.sign_in, PageKind.NEW_PASSWORD: challenge,
            PageKind.CODE: challenge, PageKind.SELECT_MFA: challenge,
            PageKind.CUSTOM: challenge, PageKind.MFA_SETUP: self._verify_totp,
            PageKind.CONFIRM: self._confirm_sign_up, PageKind.FORGOT: self._send_reset_code,
            PageKind.RESET: self._reset_password, PageKind.CHOICE: challenge,
            PageKind.PASSKEY: self._back,
        }

    # ------------------------------------------------------------------ navigation

    def _current(self) -> StepPage:
        page = self.stack.currentWidget()
        assert isinstance(page, StepPage)  # the stack holds only pages
        return page

    def _go(self, page: StepPage) -> None:
        # Size the stack to the page shown, not to the tallest page.
        policy = QtWidgets.QSizePolicy.Policy
        for other in self.pages.values():
            shown = policy.Preferred if other is page else policy.Ignored
            other.setSizePolicy(shown, shown)
        self.stack.setCurrentWidget(page)
        self.stack.adjustSize()
        self.stack.updateGeometry()  # and let the dialog's layout give it its full width again
        self.primary.setText(page.primary_text)
        self.primary.setAccessibleName(page.primary_text)
        self.back_button.setVisible(page is not self.credentials_page)
        page.focus_first()

    def current_page_name(self) -> str:
        page = self._current()
        return page_name(page.kind, page.challenge if isinstance(page, ChallengePage) else None)

    def _back(self) -> None:
        self.runner.cancel(quiet=True)
        self.message.clear()
        self._go(self.credentials_page)

    def _busy_changed(self, busy: bool) -> None:
        self.stack.setEnabled(not busy)
        self.primary.setEnabled(not busy)
        self.back_button.setEnabled(not busy)
        if not busy:
            self._current().focus_first()

    # ------------------------------------------------------------------ actions

    def submit(self) -> None:
        """Enter / the primary button: do the current page's step, once its fields are in."""
        if self.runner.running:
            return
        page = self._current()
        for edit, what in page.required():
            if not edit.text().strip():
                self.message.show_message("error", f"Please enter {what}.")
                edit.setFocus()
                return
        self._actions[page.kind]()

    def sign_in(self, *, code: bool = False) -> None:
        """Start the page's flow; `code`: choice-based sign-in aiming at a one-time code."""
        from tokenexplorer.cognito.sign_in_attempt import CODES, SignInAttempt

        page, holder, name = self.credentials_page, self.holder, self.profile.name
        if code and not page.username:
            self.message.show_message("error", "Please enter your username.")
            page.username_edit.setFocus()
            return
        username, password, keep = page.username, page.password_edit.text(), page.remember
        flow = "user-auth" if code else page.flow
        preferred = self.profile.preferred_challenge
        if code:
            preferred = preferred if preferred in CODES else None

        def work(ctx: TaskContext) -> tuple[SignInAttempt, Step]:
            attempt = SignInAttempt(holder.get(), name)
            return attempt, attempt.start(username, password, flow, keep=keep,
                                          preferred=preferred,
                                          cancelled=lambda: ctx.cancelled)

        self.runner.run(SIGNING_IN[flow], work, self._started)

    def _started(self, started: tuple[SignInAttempt, Step]) -> None:
        self.attempt, step = started
        self.show_step(step)

    def show_step(self, step: Step) -> None:
        """Show what `step` asks for (a page), or finish with its tokens."""
        if isinstance(step, Tokens):
            self._finish(step)
        elif isinstance(step, ConfirmationNeeded):
            self.show_confirm(step.username, step.delivery, then_sign_in=True)
        elif step.name is ChallengeKind.MFA_SETUP:
            self._start_mfa_setup(step)
        else:
            page = self.pages[challenge_page(step.name)]
            assert isinstance(page, ChallengePage)  # challenge_page maps to these
            page.show_challenge(step, self.emulator)
            self._go(page)
            if page is self.new_password_page:
                self._load_policy()

    def _finish(self, tokens: Tokens) -> None:
        page = self.credentials_page
        self.result_value = SignInResult(
            profile=self.profile, username=page.username, tokens=tokens,
            remember=page.remember, flow=page.flow, auth=self.holder.get(),
            device=self.attempt.device if self.attempt is not None else None)
        page.password_edit.clear()
        self.signed_in.emit(self.result_value)
        self.accept()

    def _answer_challenge(self) -> None:
        page = self._current()
        assert isinstance(page, ChallengePage)
        step, answers = page.challenge, page.answers()
        empty = page.empty_field()
        if step is None:
            return
        if empty is not None:
            self.message.show_message("error", f"Please fill in {empty.accessibleName()}.")
            empty.setFocus()
            return
        self._respond(step, answers)

    def _respond(self, step: Challenge, answers: dict[str, str]) -> None:
        attempt = self.attempt
        if attempt is None:
            return

        def work(ctx: TaskContext) -> Step:
            return attempt.respond(step, answers, lambda: ctx.cancelled)

        self.runner.run("Sending your answer…", work, self.show_step)

    def _load_policy(self) -> None:
        if self._policy_asked:
            self._show_policy()
            return
        self._policy_asked = True
        holder = self.holder

        def got(policy: PasswordPolicy | None) -> None:
            self.policy = policy
            self._show_policy()

        from tokenexplorer.ui.tasks import run_task

        run_task(self, lambda _ctx: holder.get().describe_password_policy(),
                 name="password-policy", on_result=got, on_error=lambda _exc: None)

    def _show_policy(self) -> None:
        text = self.policy.describe() if self.policy else ""
        self.new_password_page.set_policy(text)
        self.reset_page.set_policy(text)

    # -- MFA set-up

    def _start_mfa_setup(self, step: Challenge) -> None:
        self.mfa_setup_page.start(step)
        self._go(self.mfa_setup_page)
        holder = self.holder

        def work(_ctx: TaskContext) -> tuple[str, str]:
            return holder.get().associate_software_token(step)

        self.runner.run("Asking for an authenticator secret (AssociateSoftwareToken)…", work,
                        lambda result: self.mfa_setup_page.show_secret(*result))

    def _verify_totp(self) -> None:
        page = self.mfa_setup_page
        step = page.challenge
        if step is None:
            return
        if not page.has_secret:
            self._start_mfa_setup(step)  # associate failed before: try again
            return
        code, device = page.code_edit.text().strip(), page.device
        holder, attempt = self.holder, self.attempt
        if attempt is None:
            return

        def work(ctx: TaskContext) -> Step:
            verified = holder.get().verify_software_token(step, code, device)
            return attempt.onward(verified, lambda: ctx.cancelled)

        self.runner.run("Verifying the code (VerifySoftwareToken)…", work, self.show_step)

    # -- confirmation of an unconfirmed account

    def show_confirm(self, username: str, delivery: CodeDelivery | None, *,
                     then_sign_in: bool) -> None:
        """The confirm-sign-up page for `username`; `then_sign_in` signs in once confirmed."""
        self.confirm_page.show_for(username, delivery, then_sign_in=then_sign_in)
        self._go(self.confirm_page)

    def _confirm_sign_up(self) -> None:
        page = self.confirm_page
        username, code = page.username, page.code_edit.text().strip()
        holder = self.holder

        def work(_ctx: TaskContext) -> None:
            holder.get().confirm_sign_up(username, code)

        def confirmed(_value: None) -> None:
            self._go(self.credentials_page)
            if page.then_sign_in and self.credentials_page.password_edit.text():
                self.sign_in()
            else:
                self.message.show_message("ok", "Account confirmed. Sign in now.")

        self.runner.run("Confirming the account (ConfirmSignUp)…", work, confirmed)

    def resend_code(self) -> None:
        self._request_new_code(self.holder,
                               self.confirm_page.username or self.credentials_page.username)

    # -- forgot password

    def go_forgot(self) -> None:
        self.message.clear()
        self.forgot_page.username_edit.setText(self.credentials_page.username)
        self._go(self.forgot_page)

    def _send_reset_code(self) -> None:
        username = self.forgot_page.username_edit.text().strip()
        holder = self.holder

        def work(_ctx: TaskContext) -> CodeDelivery | None:
            return holder.get().forgot_password(username)

        def sent(delivery: CodeDelivery | None) -> None:
            self.reset_page.show_sent(username, delivery)
            self._go(self.reset_page)
            self._load_policy()

        self.runner.run("Asking for a reset code (ForgotPassword)…", work, sent)

    def _reset_password(self) -> None:
        page = self.reset_page
        username, code = page.username, page.code_edit.text().strip()
        new_password = page.password_edit.text()
        holder = self.holder

        def work(_ctx: TaskContext) -> None:
            holder.get().confirm_forgot_password(username, code, new_password)

        def done(_value: None) -> None:
            page.password_edit.clear()
            self.credentials_page.username_edit.setText(username)
            self.credentials_page.password_edit.clear()
            self._go(self.credentials_page)
            self.credentials_page.password_edit.setFocus()
            self.message.show_message("ok", "Password changed. Sign in with the new password.")

        self.runner.run("Setting the new password…", work, done)

    def sizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(520, 380)
