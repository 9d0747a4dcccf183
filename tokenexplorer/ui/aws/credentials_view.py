"""The widgets of the Credentials tab and how they show credentials (no decisions here).

`CredentialsView` lays the tab out on its panel and renders what the panel hands it: the
identity, the keys with the secret parts hidden until "Show secret", the countdown, the
notices. Every interactive widget has an accessible name; the tests find them by it.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from tokenexplorer.tokens.times import humanize_delta
from tokenexplorer.ui import plain
from tokenexplorer.ui.aws.message_style import style_box
from tokenexplorer.ui.masked_texts import MaskedTexts
from tokenexplorer.ui.masking_view import MaskingView
from tokenexplorer.ui.qt import Qt, QtGui, QtWidgets

if TYPE_CHECKING:
    from tokenexplorer.aws.credentials_keeper import Availability
    from tokenexplorer.aws.identity_credentials import CallerIdentity, IdentityCredentials
    from tokenexplorer.aws.renewal import Countdown

HIDDEN = "•" * 16 + "  (hidden)"

INTRO = (
    "A Cognito identity pool hands out temporary AWS credentials. <b>Guest</b> "
    "credentials need no sign-in: you get the pool's unauthenticated IAM role. "
    "<b>Authenticated</b> credentials need a sign-in: your ID token is sent in "
    "<code>Logins</code> under <code>cognito-idp.{region}.amazonaws.com/{user pool "
    "ID}</code>, and you get the pool's authenticated IAM role."
)
SANDBOX_NOTICE = (
    "Sandbox: a local emulator (ministack), not AWS. Its identity pool gives guests a role "
    "that may read public/ and signed-in identities one that may also write their own "
    "private/<identity ID>/; its S3 enforces both."
)


def describe_kind(kind: str | None, user: str | None = None) -> str:
    if kind == "authenticated":
        return f"Authenticated (signed in as {user})" if user else "Authenticated (signed in)"
    return "Guest (unauthenticated: no sign-in)" if kind == "guest" else "—"


def expiry_text(expiration: datetime, left: Countdown) -> str:
    """'2026-… CET — expires in 1 min 29 s (renews automatically in 1 min 7 s)'."""
    at = expiration.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")
    if left.expired:
        return f"{at} — expired"
    plan = ("renewing now" if left.renewing
            else f"renews automatically in {humanize_delta(left.renew_in)}")
    return f"{at} — expires in {humanize_delta(left.left)} ({plan})"


def _field(name: str) -> QtWidgets.QLineEdit:
    edit = QtWidgets.QLineEdit(readOnly=True)
    edit.setAccessibleName(name)
    edit.setPlaceholderText("—")
    return edit


def _notice(name: str, text: str = "", *, selectable: bool = True) -> QtWidgets.QLabel:
    """A boxed message, hidden until there is something to say."""
    label = plain.label(text)
    label.setAccessibleName(name)
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


class CredentialsView:
    """The tab's widgets, laid out on `panel`; the panel connects their signals."""

    def __init__(self, panel: QtWidgets.QWidget, masking: MaskingView | None = None) -> None:
        """`masking`: the window's; every value shown goes through it (`texts`)."""
        self.texts = MaskedTexts(masking or MaskingView(panel), panel)
        self.intro = QtWidgets.QLabel(INTRO)
        self.intro.setAccessibleName("About identity-pool credentials")
        self.intro.setTextFormat(Qt.TextFormat.RichText)  # our own text, no claims in it
        self.intro.setWordWrap(True)
        self.sandbox_label = _notice("Emulator notice", SANDBOX_NOTICE, selectable=False)
        self.guest_button = plain.button("Get &guest credentials", "Get guest credentials")
        self.auth_button = plain.button("Get &authenticated credentials",
                                        "Get authenticated credentials")
        self.busy_label = plain.label()
        self.busy_label.setAccessibleName("Credentials status")
        self.error_label = _notice("Credentials error")
        self.change_label = _notice("Identity change")
        self.identity_edit = _field("Identity ID")
        self.kind_label = plain.label("—")
        self.kind_label.setAccessibleName("Credentials kind")
        self.role_edit = _field("Assumed role ARN")
        self.caller_edit = _field("Caller ARN")
        self.access_key_edit = _field("Access key ID")
        self.secret_edit = _field("Secret access key")
        self.token_edit = _field("Session token")
        self.show_button = plain.button("&Show secret", "Show secret")
        self.show_button.setCheckable(True)
        self.expiration_label = plain.label("—")
        self.expiration_label.setAccessibleName("Expiration")
        self.expiration_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_env_button = plain.button("Copy as environ&ment variables",
                                            "Copy as environment variables")
        self.copy_file_button = plain.button("Copy as credentials fi&le",
                                             "Copy as credentials file")
        self.copy_note = plain.label()
        self.copy_note.setAccessibleName("Copy note")
        self.copy_note.setWordWrap(True)
        self.style_boxes(panel.palette())
        self._lay_out(panel)

    def _lay_out(self, panel: QtWidgets.QWidget) -> None:
        buttons = _row(self.guest_button, self.auth_button)
        buttons.addWidget(self.busy_label, 1)
        secret_row = QtWidgets.QHBoxLayout()
        secret_row.addWidget(self.secret_edit, 1)
        secret_row.addWidget(self.show_button)
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
        copy_row = _row(self.copy_env_button, self.copy_file_button)
        copy_row.addStretch(1)
        layout = QtWidgets.QVBoxLayout(panel)
        for widget in (self.intro, self.sandbox_label):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addWidget(self.error_label)
        layout.addWidget(self.change_label)
        layout.addLayout(form)
        layout.addLayout(copy_row)
        layout.addWidget(self.copy_note)
        layout.addStretch(1)

    def style_boxes(self, palette: QtGui.QPalette) -> None:
        style_box(self.sandbox_label, "warning", palette)
        style_box(self.error_label, "error", palette)
        style_box(self.change_label, "info", palette)

    # ------------------------------------------------------------ rendering

    def show_credentials(self, creds: IdentityCredentials, kind_text: str) -> None:
        show = self.texts.show
        show(self.identity_edit, creds.identity_id, "IdentityId")
        show(self.kind_label, kind_text)
        show(self.access_key_edit, creds.credentials.access_key_id, "AccessKeyId")
        self.show_secrets(creds)

    def show_secrets(self, creds: IdentityCredentials | None) -> None:
        """The secret parts, or HIDDEN unless "Show secret" is down."""
        shown = self.show_button.isChecked()
        self.show_button.setText("Hide &secret" if shown else "&Show secret")
        show = self.texts.show
        if creds is None:
            show(self.secret_edit, "")
            show(self.token_edit, "")
            return
        aws = creds.credentials
        if shown:
            show(self.secret_edit, aws.secret_access_key, "SecretAccessKey")
            show(self.token_edit, aws.session_token or "", "SessionToken")
        else:
            show(self.secret_edit, HIDDEN)
            show(self.token_edit, HIDDEN)
        self.secret_edit.setCursorPosition(0)
        self.token_edit.setCursorPosition(0)

    def asking_caller(self) -> None:
        self.texts.show(self.role_edit, "")
        self.texts.show(self.caller_edit, "")
        self.role_edit.setPlaceholderText("asking STS GetCallerIdentity…")

    def show_caller(self, caller: CallerIdentity, *, sandbox: bool) -> None:
        if caller.role_arn:
            role = caller.role_arn
        elif sandbox:
            role = "— (the emulator hands out fixed keys, without a role)"
        else:
            role = "— (not an assumed role)"
        self.texts.show(self.role_edit, role)
        self.texts.show(self.caller_edit, caller.arn)

    def show_note(self, text: str) -> None:
        self.texts.show(self.change_label, text)
        self.change_label.show()

    def show_error(self, text: str) -> None:
        self.texts.show(self.error_label, text)
        self.error_label.show()

    def hide_error(self) -> None:
        self.texts.show(self.error_label, "")
        self.error_label.hide()

    def enable(self, can: Availability, *, busy: bool, has_creds: bool) -> None:
        """Buttons for what can be asked for now; the tooltip says why not."""
        self.guest_button.setEnabled(can.guest and not busy)
        self.auth_button.setEnabled(can.authenticated and not busy)
        plain.set_tooltip(self.auth_button, can.reason)
        plain.set_tooltip(self.guest_button, "" if can.guest else can.reason)
        for widget in (self.copy_env_button, self.copy_file_button, self.show_button):
            widget.setEnabled(has_creds)

    def clear(self) -> None:
        for edit in (self.identity_edit, self.role_edit, self.caller_edit, self.access_key_edit):
            self.texts.show(edit, "")
        self.role_edit.setPlaceholderText("—")
        self.texts.show(self.kind_label, "—")
        self.show_button.setChecked(False)
        self.show_secrets(None)
        self.change_label.hide()
        self.copy_note.clear()
        self.expiration_label.setText("—")


def _row(*widgets: QtWidgets.QWidget) -> QtWidgets.QHBoxLayout:
    row = QtWidgets.QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    return row


__all__ = ["HIDDEN", "CredentialsView", "describe_kind", "expiry_text"]
