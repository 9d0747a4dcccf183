"""One page per kind of Cognito challenge: a new password, a one-time code, a choice of
second factor, a custom question, and the authenticator-app set-up (MFA_SETUP).

Each page asks for the challenge's `required_fields` (their `FieldKind` picks the widget)
and hands back `answers()`; it never calls Cognito.
"""

from __future__ import annotations

from tokenexplorer.cognito.challenges import Challenge, ChallengeKind, Field, fields_for
from tokenexplorer.ui import plain
from tokenexplorer.ui.cognito.signin_pages import StepPage
from tokenexplorer.ui.cognito.signin_steps import (
    CHALLENGE_TEXT,
    MFA_SETUP_TEXT,
    PageKind,
    challenge_wording,
    mfa_choice_label,
)
from tokenexplorer.ui.cognito.widgets import code_edit, combo_box, helper_text, line_edit
from tokenexplorer.ui.qt import Qt, QtGui, QtWidgets


class ChallengePage(StepPage):
    """A challenge's explanation and one field per answer it needs."""

    kind = PageKind.CODE
    example = ChallengeKind.SMS_MFA  # what the page shows before a challenge arrives

    def __init__(self) -> None:
        title, text = CHALLENGE_TEXT[self.example]
        super().__init__(title, text)
        self.challenge: Challenge | None = None
        self.fields: dict[str, QtWidgets.QWidget] = {}
        self._verbatim: set[str] = set()  # secrets: sent as typed, spaces and all
        self._set_fields(fields_for(self.example, {}))

    def show_challenge(self, challenge: Challenge, emulator: bool) -> None:
        self.challenge = challenge
        title, text = challenge_wording(challenge, emulator)
        self.title.setText(title)
        self.set_note(text)
        self._set_fields(challenge.required_fields)
        if emulator and challenge.name.sends_code:  # e.g. EMAIL_OTP: the inbox has it
            self.point_to_inbox().show()
        elif self.inbox_pointer is not None:
            self.inbox_pointer.hide()

    def _set_fields(self, fields: list[Field]) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields = {}
        self._verbatim = {field.name for field in fields if field.secret}
        for field in fields:
            widget = self.field_widget(field)
            self.fields[field.name] = widget
            self.add_row(field.label, widget)

    def field_widget(self, field: Field) -> QtWidgets.QWidget:
        return line_edit(field.label, secret=field.secret)

    def answers(self) -> dict[str, str]:
        answers = {}
        for name, widget in self.fields.items():
            if isinstance(widget, QtWidgets.QComboBox):
                answers[name] = str(widget.currentData())
            elif isinstance(widget, QtWidgets.QLineEdit):
                text = widget.text()
                answers[name] = text if name in self._verbatim else text.strip()
        return answers

    def empty_field(self) -> QtWidgets.QLineEdit | None:
        """The first text field left empty (asked for before any call)."""
        answers = self.answers()
        for name, widget in self.fields.items():
            if isinstance(widget, QtWidgets.QLineEdit) and not answers.get(name):
                return widget
        return None


class CodeChallengePage(ChallengePage):
    """SMS_MFA, SMS_OTP, EMAIL_OTP, SOFTWARE_TOKEN_MFA: type the one-time code."""

    kind = PageKind.CODE
    example = ChallengeKind.SMS_MFA

    def field_widget(self, field: Field) -> QtWidgets.QWidget:
        return code_edit("MFA code")


class NewPasswordPage(ChallengePage):
    """NEW_PASSWORD_REQUIRED: the user's own password, and any attributes the pool requires."""

    kind = PageKind.NEW_PASSWORD
    example = ChallengeKind.NEW_PASSWORD_REQUIRED

    def __init__(self) -> None:
        super().__init__()
        self.policy = helper_text("", "Password policy")
        self.policy.hide()
        self.box.addWidget(self.policy)

    def field_widget(self, field: Field) -> QtWidgets.QWidget:
        if field.secret:
            return line_edit("New password", secret=True)
        return line_edit(field.label)

    def set_policy(self, text: str) -> None:
        self.policy.setText(text)
        self.policy.setVisible(bool(text))


class SelectMfaPage(ChallengePage):
    """SELECT_MFA_TYPE: which second factor to use this time."""

    kind = PageKind.SELECT_MFA
    example = ChallengeKind.SELECT_MFA_TYPE

    def field_widget(self, field: Field) -> QtWidgets.QWidget:
        combo = combo_box(field.label)
        for choice in field.choices:
            combo.addItem(mfa_choice_label(choice), choice)
        return combo


class CustomChallengePage(ChallengePage):
    """CUSTOM_CHALLENGE: the answer a Lambda trigger of the pool asks for."""

    kind = PageKind.CUSTOM
    example = ChallengeKind.CUSTOM_CHALLENGE

    def field_widget(self, field: Field) -> QtWidgets.QWidget:
        return line_edit("Answer")


class MfaSetupPage(StepPage):
    """MFA_SETUP: the QR code and secret of a new authenticator, then a code it shows."""

    kind = PageKind.MFA_SETUP

    def __init__(self) -> None:
        super().__init__(*MFA_SETUP_TEXT)
        self.challenge: Challenge | None = None
        self.totp_uri = ""
        self.qr_label = plain.label("Asking Cognito for a secret…")
        self.qr_label.setAccessibleName("QR code")
        self.qr_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_label.setMinimumSize(180, 180)
        self.secret_text = QtWidgets.QLineEdit()
        self.secret_text.setReadOnly(True)
        self.secret_text.setAccessibleName("Authenticator secret")
        self.code_edit = code_edit("MFA code")
        self.device_name = line_edit("Device name", placeholder="e.g. My phone")
        self.device_name.setText("Token Explorer")
        self.box.insertWidget(self.box.indexOf(self.note) + 1, self.qr_label)
        self.add_row("Secret", self.secret_text)
        self.add_row("&Code from the app", self.code_edit)
        self.add_row("&Device name", self.device_name)

    def start(self, challenge: Challenge) -> None:
        """Waiting for AssociateSoftwareToken: no secret yet."""
        self.challenge = challenge
        self.qr_label.setPixmap(QtGui.QPixmap())
        self.qr_label.setText("Asking Cognito for a secret…")
        self.secret_text.clear()
        self.code_edit.clear()

    def show_secret(self, secret: str, uri: str) -> None:
        self.totp_uri = uri
        self.qr_label.setText("")
        self.qr_label.setPixmap(qr_pixmap(uri))
        self.secret_text.setText(secret)
        self.code_edit.setFocus()

    @property
    def has_secret(self) -> bool:
        return bool(self.secret_text.text())

    @property
    def device(self) -> str | None:
        return self.device_name.text().strip() or None

    def required(self) -> list[tuple[QtWidgets.QLineEdit, str]]:
        if not self.has_secret:
            return []  # Verify asks for the secret again first
        return [(self.code_edit, "the code from your authenticator app")]


def qr_pixmap(uri: str, scale: int = 5) -> QtGui.QPixmap:
    """The otpauth:// URI as a QR code image (segno, rendered in memory only)."""
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="png", scale=scale, border=2)
    pixmap = QtGui.QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap
