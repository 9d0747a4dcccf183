"""The sign-up dialog: username, password (with the pool's policy), attributes, then the
confirmation code. Custom attributes (`custom:*`) can be added as rows.

SECRET_HASH is added by `CognitoAuth` when the profile's client has a secret.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tokenexplorer.cognito.errors import INVALID_PASSWORD, CognitoError
from tokenexplorer.ui import plain
from tokenexplorer.ui.cognito.background_calls import AuthHolder
from tokenexplorer.ui.cognito.call_dialog import CallDialog
from tokenexplorer.ui.cognito.emulator_wording import EMULATOR_NO_CODE, EMULATOR_NO_RESEND
from tokenexplorer.ui.cognito.widgets import (
    explanation,
    heading,
    helper_text,
    set_tone,
)
from tokenexplorer.ui.qt import Qt, QtWidgets, Signal
from tokenexplorer.ui.sandbox.inbox_pointer import InboxPointer
from tokenexplorer.ui.tasks import TaskContext, run_task

if TYPE_CHECKING:
    from tokenexplorer.cognito.auth import CodeDelivery, SignUpResult
    from tokenexplorer.cognito.password_policy import PasswordPolicy
    from tokenexplorer.cognito.profiles import Profile
    from tokenexplorer.ui.state import AppState

STANDARD_ATTRIBUTES = (("email", "Email"), ("given_name", "Given name"),
                       ("family_name", "Family name"), ("phone_number", "Phone number"))


class SignUpDialog(CallDialog):
    """Create an account; `sign_in_requested(username, password)` when the user goes on."""

    signed_up = Signal(str)  # username, once confirmed
    sign_in_requested = Signal(str, str)
    inbox_requested = Signal()  # the confirm page's "Open Sandbox inbox" (emulators)

    def __init__(self, state: AppState, profile: Profile, *, auth_holder: AuthHolder | None = None,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent, title=f"Sign up — {profile.name}", name="Sign-up",
                         min_width=480)
        self.state = state
        self.profile = profile
        self.holder = auth_holder or AuthHolder(profile, state.activity)
        from tokenexplorer.cognito.sandbox import is_emulator

        self.emulator = is_emulator(profile)
        self.policy: PasswordPolicy | None = None
        self._password_error_shown = False
        self.username = ""
        self.stack = QtWidgets.QStackedWidget()
        self._build_form_page()
        self._build_confirm_page()
        self._build_done_page()

        buttons = self._button_row("Sign up")
        self._lay_out([self.stack], buttons, profile=profile, emulator=self.emulator)
        self._go(self.form_page)
        self._load_policy()

    # ------------------------------------------------------------------ pages

    def _build_form_page(self) -> None:
        self.form_page = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(self.form_page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("Create an account"))
        form = QtWidgets.QFormLayout()
        self.username_edit = QtWidgets.QLineEdit()
        self.username_edit.setAccessibleName("Username")
        self.username_edit.setPlaceholderText("or the email / phone, if the pool signs in with it")
        self.password_edit = QtWidgets.QLineEdit()
        self.password_edit.setAccessibleName("Password")
        self.password_edit.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.password_edit.textChanged.connect(self._password_typed)
        self.policy_label = helper_text("Reading the pool's password policy…",
                                        "Password policy")
        # The hint sits under the field in one column, so the form row grows with it
        # (a word-wrapped label alone in a form row is clipped and overlaps the next row).
        password_box = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(password_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.password_edit)
        column.addWidget(self.policy_label)
        form.addRow(_buddy("&Username", self.username_edit), self.username_edit)
        form.addRow(_buddy("&Password", self.password_edit), password_box)
        self.attribute_edits: dict[str, QtWidgets.QLineEdit] = {}
        for key, label in STANDARD_ATTRIBUTES:
            edit = QtWidgets.QLineEdit()
            edit.setAccessibleName(label)
            if key == "phone_number":
                edit.setPlaceholderText("+441234567890 (E.164)")
            self.attribute_edits[key] = edit
            form.addRow(_buddy(label, edit), edit)
        layout.addLayout(form)
        self.custom_rows: list[tuple[QtWidgets.QLineEdit, QtWidgets.QLineEdit]] = []
        self.custom_box = QtWidgets.QFormLayout()
        layout.addLayout(self.custom_box)
        self.add_custom_button = QtWidgets.QPushButton("Add custom attribute")
        self.add_custom_button.setAccessibleName("Add custom attribute")
        self.add_custom_button.setAutoDefault(False)
        self.add_custom_button.clicked.connect(lambda: self.add_custom_row())
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.add_custom_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.stack.addWidget(self.form_page)

    def _build_confirm_page(self) -> None:
        self.confirm_page = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(self.confirm_page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addWidget(heading("Confirm your account"))
        self.delivery_label = explanation("")
        self.delivery_label.setAccessibleName("Code delivery")
        layout.addWidget(self.delivery_label)
        self.code_edit = QtWidgets.QLineEdit()
        self.code_edit.setAccessibleName("Confirmation code")
        self.code_edit.setPlaceholderText("123456")
        self.resend_button = QtWidgets.QPushButton("Resend code")
        self.resend_button.setAccessibleName("Resend code")
        self.resend_button.setAutoDefault(False)
        self.resend_button.clicked.connect(self.resend_code)
        if self.emulator:
            self.resend_button.setEnabled(False)
            self.resend_button.setToolTip(EMULATOR_NO_RESEND)
            self.resend_button.setAccessibleDescription(EMULATOR_NO_RESEND)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(_buddy("&Code", self.code_edit))
        row.addWidget(self.code_edit, 1)
        row.addWidget(self.resend_button)
        layout.addLayout(row)
        self.inbox_pointer: InboxPointer | None = None
        if self.emulator:
            self.inbox_pointer = InboxPointer()
            self.inbox_pointer.open_requested.connect(self.inbox_requested)
            layout.addWidget(self.inbox_pointer)
        self.stack.addWidget(self.confirm_page)

    def _build_done_page(self) -> None:
        self.done_page = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(self.done_page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addWidget(heading("Account ready"))
        self.done_label = explanation("")
        layout.addWidget(self.done_label)
        self.stack.addWidget(self.done_page)

    def add_custom_row(self, name: str = "", value: str = "") -> tuple[QtWidgets.QLineEdit,
                                                                         QtWidgets.QLineEdit]:
        """A `custom:<name>` = value row; the prefix is added when missing."""
        index = len(self.custom_rows) + 1
        name_edit = QtWidgets.QLineEdit(name)
        name_edit.setAccessibleName(f"Custom attribute {index} name")
        name_edit.setPlaceholderText("custom:department")
        value_edit = QtWidgets.QLineEdit(value)
        value_edit.setAccessibleName(f"Custom attribute {index} value")
        row = QtWidgets.QHBoxLayout()
        row.addWidget(name_edit, 2)
        row.addWidget(value_edit, 3)
        self.custom_box.addRow(row)
        self.custom_rows.append((name_edit, value_edit))
        name_edit.setFocus()
        return name_edit, value_edit

    # ------------------------------------------------------------------ behaviour

    def _go(self, page: QtWidgets.QWidget) -> None:
        policy = QtWidgets.QSizePolicy.Policy
        for other in (self.form_page, self.confirm_page, self.done_page):
            shown = policy.Preferred if other is page else policy.Ignored
            other.setSizePolicy(shown, shown)
        self.stack.setCurrentWidget(page)
        self.stack.adjustSize()
        text = {self.form_page: "Sign up", self.confirm_page: "Confirm",
                self.done_page: "Sign in now"}[page]
        self.primary.setText(text)
        self.primary.setAccessibleName(text)
        self.cancel_button.setText("Close" if page is self.done_page else "Cancel")
        self.cancel_button.setAccessibleName("Close" if page is self.done_page else "Cancel")

    def current_page_name(self) -> str:
        page = self.stack.currentWidget()
        return "form" if page is self.form_page else (
            "confirm" if page is self.confirm_page else "done")

    def _busy_changed(self, busy: bool) -> None:
        self.stack.setEnabled(not busy)
        self.primary.setEnabled(not busy)

    def _load_policy(self) -> None:
        holder = self.holder

        def got(policy: PasswordPolicy | None) -> None:
            self.policy = policy
            self._password_typed(self.password_edit.text())

        run_task(self, lambda _ctx: holder.get().describe_password_policy(), name="password-policy",
                 on_result=got, on_error=lambda _exc: got(None))

    def _password_typed(self, text: str) -> None:
        if self._password_error_shown:  # the server's "too weak" is about the old text
            self._password_error_shown = False
            if self.message.level == "error":
                self.message.clear()
        if self.policy is None:
            self.policy_label.setText("The pool's password policy could not be read; "
                                      "Cognito will say if the password is too weak.")
            return
        missing = self.policy.problems(text) if text else []
        line = self.policy.describe()
        if missing:
            line += " Still needed: " + ", ".join(missing) + "."
        self.policy_label.setText(line)
        set_tone(self.policy_label, "warning" if missing else "muted")

    def attributes(self) -> dict[str, str]:
        values = {key: edit.text().strip() for key, edit in self.attribute_edits.items()
                  if edit.text().strip()}
        for name_edit, value_edit in self.custom_rows:
            name = name_edit.text().strip()
            if not name:
                continue
            if not name.startswith("custom:"):
                name = f"custom:{name}"
            values[name] = value_edit.text().strip()
        return values

    def submit(self) -> None:
        if self.runner.running:
            return
        page = self.stack.currentWidget()
        if page is self.form_page:
            self.sign_up()
        elif page is self.confirm_page:
            self.confirm()
        else:
            self.sign_in_requested.emit(self.username, self.password_edit.text())
            self.password_edit.clear()
            self.accept()

    def sign_up(self) -> None:
        username = self.username_edit.text().strip()
        password = self.password_edit.text()
        if not username or not password:
            self.message.show_message("error", "Please enter a username and a password.")
            (self.username_edit if not username else self.password_edit).setFocus()
            return
        attributes = self.attributes()
        holder = self.holder

        def work(_ctx: TaskContext) -> SignUpResult:
            return holder.get().sign_up(username, password, attributes)

        def done(result: SignUpResult) -> None:
            self.username = username
            if result.user_confirmed:
                self._show_done("The account is confirmed already.")
            else:
                self._show_confirm(result.delivery)

        def failed(exc: BaseException) -> bool:
            self._password_error_shown = (isinstance(exc, CognitoError)
                                          and exc.code == INVALID_PASSWORD)
            return False  # shown by the runner

        self.runner.run("Creating the account (SignUp)…", work, done, failed)

    def _show_confirm(self, delivery: CodeDelivery | None) -> None:
        if self.emulator:
            text = (f"{EMULATOR_NO_CODE} (A real pool would send one and say where.) "
                    "Enter it to confirm the account (ConfirmSignUp).")
        else:
            text = ((delivery.describe() if delivery
                     else "Cognito did not say where it sent the code.")
                    + " Enter it to confirm the account (ConfirmSignUp).")
        self.delivery_label.setText(text)
        self.code_edit.clear()
        self._go(self.confirm_page)
        self.code_edit.setFocus()

    def _show_done(self, text: str) -> None:
        self.done_label.setText(f"{text} You can sign in as “{self.username}” now.")
        self._go(self.done_page)
        self.signed_up.emit(self.username)

    def confirm(self) -> None:
        code = self.code_edit.text().strip()
        if not code:
            self.message.show_message("error", "Please enter the confirmation code.")
            self.code_edit.setFocus()
            return
        username = self.username
        holder = self.holder

        def work(_ctx: TaskContext) -> None:
            holder.get().confirm_sign_up(username, code)

        self.runner.run("Confirming (ConfirmSignUp)…", work,
                        lambda _value: self._show_done("Account confirmed."))

    def resend_code(self) -> None:
        self._request_new_code(self.holder, self.username)


def _buddy(text: str, widget: QtWidgets.QWidget) -> QtWidgets.QLabel:
    label = plain.label(text)
    label.setBuddy(widget)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return label
