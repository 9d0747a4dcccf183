"""The sign-in dialog: credentials, then one clear page per Cognito challenge.

Each network step is one background call (`CallRunner`); the page stays on screen with a
busy row and a working Cancel, and an error appears inline in plain words with the original
Cognito code behind "Details". The dialog never closes on an error: the user can retry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tokenexplorer.ui import plain
from tokenexplorer.ui.cognito.access import AuthHolder, CallDialog
from tokenexplorer.ui.cognito.widgets import (
    EMULATOR_NO_CODE,
    EMULATOR_NO_RESEND,
    combo_box,
    explanation,
    heading,
    helper_text,
)
from tokenexplorer.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal

FLOWS = (("srp", "SRP (USER_SRP_AUTH): the password never leaves this machine"),
         ("password", "Password (USER_PASSWORD_AUTH): the password is sent over TLS"))
PASSWORD_FLOW_OVER_HTTP = ("Password (USER_PASSWORD_AUTH): the password is sent in clear text "
                           "to this http:// endpoint")


def flow_choices(profile: Any) -> tuple[tuple[str, str], ...]:
    """The flow choices, worded for where the password would go (TLS or plain http)."""
    endpoint = (getattr(profile, "endpoint_url", None) or "").strip().lower()
    if endpoint.startswith("http://"):
        return FLOWS[0], ("password", PASSWORD_FLOW_OVER_HTTP)
    return FLOWS

CHALLENGE_TEXT: dict[str, tuple[str, str]] = {
    "NEW_PASSWORD_REQUIRED": (
        "Choose a new password",
        "This account has a temporary password. Choose your own password to continue "
        "(NEW_PASSWORD_REQUIRED)."),
    "SMS_MFA": ("Enter the SMS code",
                "Cognito sent a one-time code by SMS (SMS_MFA)."),
    "SMS_OTP": ("Enter the SMS code", "Cognito sent a one-time code by SMS (SMS_OTP)."),
    "EMAIL_OTP": ("Enter the email code",
                  "Cognito sent a one-time code by email (EMAIL_OTP)."),
    "SOFTWARE_TOKEN_MFA": (
        "Enter the code from your authenticator app",
        "Open the authenticator app you set up for this account and type the 6-digit code "
        "it shows now (SOFTWARE_TOKEN_MFA)."),
    "SELECT_MFA_TYPE": ("Choose how to verify",
                        "This account has more than one second factor. Pick one "
                        "(SELECT_MFA_TYPE)."),
    "CUSTOM_CHALLENGE": ("Answer the challenge",
                         "A Lambda trigger of this pool asks a custom question "
                         "(CUSTOM_CHALLENGE)."),
}
MFA_LABELS = {"SOFTWARE_TOKEN_MFA": "Authenticator app (TOTP)", "SMS_MFA": "SMS code",
              "EMAIL_OTP": "Email code"}


@dataclass
class SignInResult:
    """What a finished sign-in hands to the window (tokens live in memory only)."""

    profile: Any
    username: str
    tokens: Any  # cognito.auth.Tokens
    remember: bool
    flow: str
    auth: Any  # the CognitoAuth used, for the Session


def qr_pixmap(uri: str, scale: int = 5) -> QtGui.QPixmap:
    """The otpauth:// URI as a QR code image (segno, rendered in memory only)."""
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="png", scale=scale, border=2)
    pixmap = QtGui.QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap


def _line_edit(name: str, *, secret: bool = False, placeholder: str = "") -> QtWidgets.QLineEdit:
    edit = QtWidgets.QLineEdit()
    edit.setAccessibleName(name)
    if secret:
        edit.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def _code_edit(name: str) -> QtWidgets.QLineEdit:
    edit = _line_edit(name, placeholder="123456")
    edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
    edit.setMaxLength(12)
    font = edit.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setLetterSpacing(QtGui.QFont.SpacingType.AbsoluteSpacing, 2)
    edit.setFont(font)
    return edit


def _page(title: str, text: str = "") -> tuple[QtWidgets.QWidget, QtWidgets.QVBoxLayout,
                                                QtWidgets.QLabel]:
    page = QtWidgets.QWidget()
    layout = QtWidgets.QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setAlignment(Qt.AlignmentFlag.AlignTop)
    layout.addWidget(heading(title))
    note = explanation(text)
    layout.addWidget(note)
    note.setVisible(bool(text))
    return page, layout, note


class SignInDialog(CallDialog):
    """Sign in to `profile`; emits `signed_in(SignInResult)` and accepts on success."""

    signed_in = Signal(object)

    def __init__(self, state: Any, profile: Any, *, username: str = "", password: str = "",
                 auth_holder: AuthHolder | None = None,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent, title=f"Sign in — {profile.name}", name="Sign-in",
                         min_width=460)
        self.state = state
        self.profile = profile
        self.holder = auth_holder or AuthHolder(profile, state.activity)
        from tokenexplorer.cognito.sandbox import is_emulator

        self.emulator = is_emulator(profile)
        self.result_value: SignInResult | None = None
        self.challenge: Any = None
        self.policy: Any = None
        self._policy_asked = False
        self._confirm_then_sign_in = True
        self._forgot_username = ""
        self.stack = QtWidgets.QStackedWidget()
        self._build_pages()
        self.button_row = self._button_row("Sign in", back=True)
        self._lay_out([self.stack], self.button_row, profile=profile, emulator=self.emulator)
        self.username_edit.setText(username)
        self.password_edit.setText(password)
        self._go(self.credentials_page)
        from tokenexplorer.ui.cognito.keyring_banner import probe_keyring

        probe_keyring(self, self.set_keyring_status)

    # ------------------------------------------------------------------ pages

    def _build_pages(self) -> None:
        # Credentials
        page, layout, _ = _page("Sign in", "")
        self.credentials_page = page
        form = QtWidgets.QFormLayout()
        self.username_edit = _line_edit("Username", placeholder="username, email or phone")
        self.password_edit = _line_edit("Password", secret=True)
        self.flow_combo = combo_box("Sign-in flow")
        for key, label in flow_choices(self.profile):
            self.flow_combo.addItem(label, key)
        self.remember_box = QtWidgets.QCheckBox("Remember me (refresh token in the keyring)")
        self.remember_box.setAccessibleName("Remember me")
        self.remember_box.setEnabled(False)
        self.remember_reason = helper_text("Checking the keyring…", "Remember me status")
        form.addRow(self._label("&Username", self.username_edit), self.username_edit)
        form.addRow(self._label("&Password", self.password_edit), self.password_edit)
        form.addRow(self._label("&Flow", self.flow_combo), self.flow_combo)
        form.addRow("", self.remember_box)
        form.addRow("", self.remember_reason)
        layout.addLayout(form)
        links = QtWidgets.QHBoxLayout()
        self.forgot_button = QtWidgets.QPushButton("Forgot password?")
        self.forgot_button.setAccessibleName("Forgot password")
        self.forgot_button.setAutoDefault(False)
        self.forgot_button.setFlat(True)
        self.forgot_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.forgot_button.setStyleSheet(
            "QPushButton { color: palette(link); text-decoration: underline; border: none;"
            " padding: 2px 4px; } QPushButton:focus { border: 1px solid palette(highlight); }")
        self.forgot_button.clicked.connect(self._go_forgot)
        links.addWidget(self.forgot_button)
        links.addStretch(1)
        layout.addLayout(links)
        self.stack.addWidget(page)

        # A challenge (rebuilt for each one)
        page, layout, self.challenge_note = _page("", "")
        self.challenge_page = page
        self.challenge_title = layout.itemAt(0).widget()
        self.challenge_form = QtWidgets.QFormLayout()
        self.challenge_fields: dict[str, QtWidgets.QWidget] = {}
        self.challenge_policy = helper_text("", "Password policy")
        self.challenge_policy.hide()
        layout.addLayout(self.challenge_form)
        layout.addWidget(self.challenge_policy)
        self.stack.addWidget(page)

        # MFA set-up (TOTP)
        page, layout, _ = _page(
            "Set up an authenticator app",
            "This pool asks you to add a second factor (MFA_SETUP). Scan the QR code with an "
            "authenticator app (or type the secret into it), then enter the code it shows.")
        self.mfa_setup_page = page
        self.qr_label = plain.label("Asking Cognito for a secret…")
        self.qr_label.setAccessibleName("QR code")
        self.qr_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_label.setMinimumSize(180, 180)
        self.secret_text = QtWidgets.QLineEdit()
        self.secret_text.setReadOnly(True)
        self.secret_text.setAccessibleName("Authenticator secret")
        self.mfa_setup_code = _code_edit("MFA code")
        self.device_name = _line_edit("Device name", placeholder="e.g. My phone")
        self.device_name.setText("Token Explorer")
        form = QtWidgets.QFormLayout()
        form.addRow(self._label("Secret", self.secret_text), self.secret_text)
        form.addRow(self._label("&Code from the app", self.mfa_setup_code), self.mfa_setup_code)
        form.addRow(self._label("&Device name", self.device_name), self.device_name)
        layout.addWidget(self.qr_label)
        layout.addLayout(form)
        self.stack.addWidget(page)

        # Confirm sign-up
        page, layout, self.confirm_note = _page(
            "Confirm your account",
            "This account is not confirmed yet. Enter the confirmation code Cognito sent.")
        self.confirm_page = page
        self.confirm_code = _code_edit("Confirmation code")
        self.resend_button = QtWidgets.QPushButton("Resend code")
        self.resend_button.setAccessibleName("Resend code")
        self.resend_button.setAutoDefault(False)
        self.resend_button.clicked.connect(self.resend_code)
        if self.emulator:
            self.resend_button.setEnabled(False)
            self.resend_button.setToolTip(EMULATOR_NO_RESEND)
            self.resend_button.setAccessibleDescription(EMULATOR_NO_RESEND)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.confirm_code, 1)
        row.addWidget(self.resend_button)
        form = QtWidgets.QFormLayout()
        form.addRow(self._label("&Code", self.confirm_code), row)
        layout.addLayout(form)
        self.stack.addWidget(page)

        # Forgot password: ask for the code
        page, layout, _ = _page(
            "Reset your password",
            "Cognito will send a code to the email or phone of this account (ForgotPassword).")
        self.forgot_page = page
        if self.emulator:
            layout.itemAt(1).widget().setText(
                "The emulator sends no code: the next page takes any 6 digits "
                "(ForgotPassword).")
        self.forgot_username = _line_edit("Username")
        form = QtWidgets.QFormLayout()
        form.addRow(self._label("&Username", self.forgot_username), self.forgot_username)
        layout.addLayout(form)
        self.stack.addWidget(page)

        # Forgot password: code + new password
        page, layout, self.reset_note = _page("Choose a new password", "")
        self.reset_page = page
        self.reset_code = _code_edit("Confirmation code")
        self.reset_password = _line_edit("New password", secret=True)
        self.reset_policy = helper_text("", "Password policy")
        self.reset_policy.hide()
        form = QtWidgets.QFormLayout()
        form.addRow(self._label("&Code", self.reset_code), self.reset_code)
        form.addRow(self._label("&New password", self.reset_password), self.reset_password)
        layout.addLayout(form)
        layout.addWidget(self.reset_policy)
        self.stack.addWidget(page)

    @staticmethod
    def _label(text: str, buddy: QtWidgets.QWidget) -> QtWidgets.QLabel:
        label = plain.label(text)
        label.setBuddy(buddy)
        return label

    # ------------------------------------------------------------------ navigation

    def _go(self, page: QtWidgets.QWidget) -> None:
        # Size the stack to the page shown, not to the tallest page.
        policy = QtWidgets.QSizePolicy.Policy
        for index in range(self.stack.count()):
            other = self.stack.widget(index)
            other.setSizePolicy(policy.Preferred if other is page else policy.Ignored,
                                policy.Preferred if other is page else policy.Ignored)
        self.stack.setCurrentWidget(page)
        self.stack.adjustSize()
        labels = {
            self.credentials_page: "Sign in",
            self.challenge_page: "Continue",
            self.mfa_setup_page: "Verify",
            self.confirm_page: "Confirm",
            self.forgot_page: "Send code",
            self.reset_page: "Set new password",
        }
        text = labels[page]
        self.primary.setText(text)
        self.primary.setAccessibleName(text)
        self.back_button.setVisible(page is not self.credentials_page)
        self._focus_first(page)

    def _focus_first(self, page: QtWidgets.QWidget) -> None:
        for widget in page.findChildren(QtWidgets.QWidget):
            if (isinstance(widget, (QtWidgets.QLineEdit, QtWidgets.QComboBox))
                    and not (isinstance(widget, QtWidgets.QLineEdit) and widget.isReadOnly())
                    and widget.isEnabled()
                    and (not isinstance(widget, QtWidgets.QLineEdit) or not widget.text())):
                widget.setFocus()
                return

    def current_page_name(self) -> str:
        pages = {
            self.credentials_page: "credentials",
            self.challenge_page: f"challenge:{getattr(self.challenge, 'name', '')}",
            self.mfa_setup_page: "mfa_setup",
            self.confirm_page: "confirm",
            self.forgot_page: "forgot",
            self.reset_page: "reset",
        }
        return pages[self.stack.currentWidget()]

    def _back(self) -> None:
        self.runner.cancel(quiet=True)
        self.message.clear()
        self.challenge = None
        self._go(self.credentials_page)

    def _busy_changed(self, busy: bool) -> None:
        self.stack.setEnabled(not busy)
        self.primary.setEnabled(not busy)
        self.back_button.setEnabled(not busy)
        if not busy:
            self._focus_first(self.stack.currentWidget())

    def set_keyring_status(self, status: Any) -> None:
        """Enable "Remember me" only with a usable secure keyring; otherwise say why."""
        self.remember_box.setEnabled(bool(status.usable))
        if status.usable:
            self.remember_reason.setText(f"Stored in {status.backend}.")
            self.remember_box.setToolTip(f"The refresh token is stored in {status.backend}.")
        else:
            self.remember_box.setChecked(False)
            from tokenexplorer.ui.cognito.keyring_banner import technical_reason

            self.remember_reason.setText("Remember me is off: no secure keyring is usable "
                                         f"({technical_reason(status.reason)}).")
            plain.set_tooltip(self.remember_box, status.reason)
        self.remember_box.setAccessibleDescription(self.remember_reason.text())

    # ------------------------------------------------------------------ actions

    def submit(self) -> None:
        """Enter / the primary button: do the current page's step."""
        if self.runner.running:
            return
        page = self.stack.currentWidget()
        if page is self.credentials_page:
            self.sign_in()
        elif page is self.challenge_page:
            self._answer_challenge()
        elif page is self.mfa_setup_page:
            self._verify_totp()
        elif page is self.confirm_page:
            self._confirm_sign_up()
        elif page is self.forgot_page:
            self._send_reset_code()
        elif page is self.reset_page:
            self._reset_password()

    def _need(self, *pairs: tuple[QtWidgets.QLineEdit, str]) -> bool:
        for edit, what in pairs:
            if not edit.text().strip():
                self.message.show_message("error", f"Please enter {what}.")
                edit.setFocus()
                return False
        return True

    def sign_in(self) -> None:
        if not self._need((self.username_edit, "your username"),
                          (self.password_edit, "your password")):
            return
        username = self.username_edit.text().strip()
        password = self.password_edit.text()
        flow = self.flow_combo.currentData()
        holder = self.holder

        def work(ctx: Any) -> Any:
            auth = holder.get()
            step = auth.sign_in(username, password, flow)
            return _follow_automatic(auth, step, ctx)

        label = "Signing in (SRP)…" if flow == "srp" else "Signing in…"
        self.runner.run(label, work, self._handle_step)

    def _handle_step(self, step: Any) -> None:
        from tokenexplorer.cognito.auth import Challenge, ConfirmationNeeded, Tokens

        if isinstance(step, Tokens):
            self._finish(step)
        elif isinstance(step, ConfirmationNeeded):
            self._show_confirm(step.username, step.delivery, then_sign_in=True)
        elif isinstance(step, Challenge):
            self.challenge = step
            if step.name == "MFA_SETUP":
                self._start_mfa_setup(step)
            else:
                self._show_challenge(step)

    def _finish(self, tokens: Any) -> None:
        self.result_value = SignInResult(
            profile=self.profile,
            username=self.username_edit.text().strip(),
            tokens=tokens,
            remember=self.remember_box.isEnabled() and self.remember_box.isChecked(),
            flow=self.flow_combo.currentData(),
            auth=self.holder.get(),
        )
        self.password_edit.clear()
        self.signed_in.emit(self.result_value)
        self.accept()

    # -- challenges

    def _show_challenge(self, step: Any) -> None:
        title, text = CHALLENGE_TEXT.get(step.name, (step.name, ""))
        destination = step.parameters.get("CODE_DELIVERY_DESTINATION")
        if self.emulator and step.name in ("SMS_MFA", "SMS_OTP", "EMAIL_OTP"):
            text = f"{EMULATOR_NO_CODE} ({step.name}: a real pool sends a one-time code.)"
        elif self.emulator and step.name == "SOFTWARE_TOKEN_MFA":
            text += (" The emulator accepts any 6 digits unless it was started with TOTP "
                     "checking on.")
        elif destination:
            text += f" It went to {destination}."
        self.challenge_title.setText(title)
        self.challenge_note.setText(text)
        self.challenge_note.setVisible(bool(text))
        while self.challenge_form.rowCount():
            self.challenge_form.removeRow(0)
        self.challenge_fields = {}
        for field in step.required_fields:
            widget = self._field_widget(field)
            self.challenge_fields[field.name] = widget
            self.challenge_form.addRow(self._label(field.label, widget), widget)
        needs_policy = step.name == "NEW_PASSWORD_REQUIRED"
        self.challenge_policy.setVisible(needs_policy and self.policy is not None)
        if needs_policy:
            self._load_policy()
        self._go(self.challenge_page)

    @staticmethod
    def _field_widget(field: Any) -> QtWidgets.QWidget:
        if field.choices:
            combo = combo_box(field.label)
            for choice in field.choices:
                combo.addItem(MFA_LABELS.get(choice, choice), choice)
            return combo
        if field.name == "NEW_PASSWORD":
            return _line_edit("New password", secret=True)
        if field.name.endswith("_CODE") or field.name == "ANSWER":
            return _code_edit("MFA code") if field.name != "ANSWER" else _line_edit("Answer")
        return _line_edit(field.label, secret=field.secret)

    def challenge_answers(self) -> dict[str, str]:
        answers = {}
        for name, widget in self.challenge_fields.items():
            if isinstance(widget, QtWidgets.QComboBox):
                answers[name] = widget.currentData()
            else:
                answers[name] = widget.text() if name == "NEW_PASSWORD" else widget.text().strip()
        return answers

    def _answer_challenge(self) -> None:
        step = self.challenge
        answers = self.challenge_answers()
        for name, widget in self.challenge_fields.items():
            if isinstance(widget, QtWidgets.QLineEdit) and not answers.get(name):
                self.message.show_message("error", f"Please fill in {widget.accessibleName()}.")
                widget.setFocus()
                return
        holder = self.holder

        def work(ctx: Any) -> Any:
            auth = holder.get()
            return _follow_automatic(auth, auth.respond(step, answers), ctx)

        self.runner.run("Sending your answer…", work, self._handle_step)

    def _load_policy(self) -> None:
        if self._policy_asked:
            self._show_policy()
            return
        self._policy_asked = True
        holder = self.holder

        def got(policy: Any) -> None:
            self.policy = policy
            self._show_policy()

        from tokenexplorer.ui.tasks import run_task

        run_task(self, lambda _ctx: holder.get().describe_password_policy(),
                 name="password-policy", on_result=got,
                 on_error=lambda _exc: None)

    def _show_policy(self) -> None:
        text = self.policy.describe() if self.policy else ""
        for label in (self.challenge_policy, self.reset_policy):
            label.setText(text)
            label.setVisible(bool(text))

    # -- MFA set-up

    def _start_mfa_setup(self, step: Any) -> None:
        self.qr_label.setPixmap(QtGui.QPixmap())
        self.qr_label.setText("Asking Cognito for a secret…")
        self.secret_text.clear()
        self.mfa_setup_code.clear()
        self._go(self.mfa_setup_page)
        holder = self.holder

        def work(_ctx: Any) -> tuple[str, str]:
            return holder.get().associate_software_token(step)

        self.runner.run("Asking for an authenticator secret (AssociateSoftwareToken)…", work,
                        self._show_totp_secret)

    def _show_totp_secret(self, result: tuple[str, str]) -> None:
        secret, uri = result
        self.totp_uri = uri
        self.qr_label.setText("")
        self.qr_label.setPixmap(qr_pixmap(uri))
        self.secret_text.setText(secret)
        self.mfa_setup_code.setFocus()

    def _verify_totp(self) -> None:
        if not self.secret_text.text():
            self._start_mfa_setup(self.challenge)  # associate failed before: try again
            return
        if not self._need((self.mfa_setup_code, "the code from your authenticator app")):
            return
        step = self.challenge
        code = self.mfa_setup_code.text().strip()
        device = self.device_name.text().strip() or None
        holder = self.holder

        def work(ctx: Any) -> Any:
            auth = holder.get()
            verified = auth.verify_software_token(step, code, device)
            return _follow_automatic(auth, verified, ctx)

        self.runner.run("Verifying the code (VerifySoftwareToken)…", work, self._handle_step)

    # -- confirmation of an unconfirmed account

    def _show_confirm(self, username: str, delivery: Any, *, then_sign_in: bool) -> None:
        self._confirm_username = username
        self._confirm_then_sign_in = then_sign_in
        if self.emulator:
            text = f"This account is not confirmed yet. {EMULATOR_NO_CODE}"
        else:
            text = ("This account is not confirmed yet. Enter the confirmation code Cognito "
                    "sent" + (f": {delivery.describe()}" if delivery else ".")
                    + " No code? Use Resend code.")
        self.confirm_note.setText(text)
        self.confirm_code.clear()
        self._go(self.confirm_page)

    def _confirm_sign_up(self) -> None:
        if not self._need((self.confirm_code, "the confirmation code")):
            return
        username = self._confirm_username
        code = self.confirm_code.text().strip()
        holder = self.holder

        def work(_ctx: Any) -> None:
            holder.get().confirm_sign_up(username, code)

        def confirmed(_value: Any) -> None:
            self._go(self.credentials_page)
            if self._confirm_then_sign_in and self.password_edit.text():
                self.sign_in()
            else:
                self.message.show_message("ok", "Account confirmed. Sign in now.")

        self.runner.run("Confirming the account (ConfirmSignUp)…", work, confirmed)

    def resend_code(self) -> None:
        username = getattr(self, "_confirm_username", "") or self.username_edit.text().strip()
        self._request_new_code(username)

    # -- forgot password

    def _go_forgot(self) -> None:
        self.message.clear()
        self.forgot_username.setText(self.username_edit.text().strip())
        self._go(self.forgot_page)

    def _send_reset_code(self) -> None:
        if not self._need((self.forgot_username, "your username")):
            return
        username = self.forgot_username.text().strip()
        holder = self.holder

        def work(_ctx: Any) -> Any:
            return holder.get().forgot_password(username)

        def sent(delivery: Any) -> None:
            self._forgot_username = username
            sent_text = (EMULATOR_NO_CODE if self.emulator
                         else delivery.describe() if delivery else "Cognito sent a code.")
            self.reset_note.setText(
                sent_text + " Enter it with your new password (ConfirmForgotPassword).")
            self.reset_note.show()
            self.reset_code.clear()
            self.reset_password.clear()
            self._go(self.reset_page)
            self._load_policy()

        self.runner.run("Asking for a reset code (ForgotPassword)…", work, sent)

    def _reset_password(self) -> None:
        if not self._need((self.reset_code, "the code"),
                          (self.reset_password, "a new password")):
            return
        username = self._forgot_username
        code = self.reset_code.text().strip()
        new_password = self.reset_password.text()
        holder = self.holder

        def work(_ctx: Any) -> None:
            holder.get().confirm_forgot_password(username, code, new_password)

        def done(_value: Any) -> None:
            self.reset_password.clear()
            self.username_edit.setText(username)
            self.password_edit.clear()
            self._go(self.credentials_page)
            self.password_edit.setFocus()
            self.message.show_message("ok", "Password changed. Sign in with the new password.")

        self.runner.run("Setting the new password…", work, done)

    def sizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(520, 380)


def _follow_automatic(auth: Any, step: Any, ctx: Any) -> Any:
    """Answer steps that need nothing from the user (PASSWORD_VERIFIER, a verified
    MFA_SETUP) on the same worker, so the dialog sees only steps it must show."""
    from tokenexplorer.cognito.auth import Challenge

    while isinstance(step, Challenge) and step.automatic and not ctx.cancelled:
        step = auth.respond(step, {})
    return step
