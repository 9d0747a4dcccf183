"""Layout squashing: no Cognito dialog squashes a field or clips a label, whatever the length
of the message it shows (every page of sign-in and sign-up, change password), compared
with each widget's own size hints. PNGs of the long-message case go to $TE_RENDER_DIR."""

from __future__ import annotations

import contextlib
import os

import pytest

from tests.ui_cognito.conftest import find
from tests.ui_cognito.test_ui_cognito_session import sign_in
from tokenexplorer.ui.cognito.session_panel import SessionPanel
from tokenexplorer.ui.cognito.signin_dialog import SignInDialog
from tokenexplorer.ui.cognito.signup_dialog import SignUpDialog
from tokenexplorer.ui.errors import PlainError
from tokenexplorer.ui.qt import QtWidgets

SHORT = "Wrong code."
LONG = ("Password did not conform with policy: the password must contain an upper-case "
        "letter, a digit and a symbol. ") * 60  # ≈ 6,000 characters from a server
FIELDS = (QtWidgets.QLineEdit, QtWidgets.QComboBox, QtWidgets.QAbstractButton,
          QtWidgets.QPlainTextEdit)


def layout_problems(dialog: QtWidgets.QDialog) -> list[str]:
    """Visible fields smaller than their minimum size hint; labels shorter than their text
    needs at their width (wrapped) or smaller than their size hint (not wrapped)."""
    problems = []
    for widget in dialog.findChildren(QtWidgets.QWidget):
        if not widget.isVisible() or widget.window() is not dialog:
            continue
        name = widget.accessibleName() or type(widget).__name__
        size = widget.size()
        if isinstance(widget, FIELDS):
            hint = widget.minimumSizeHint()
            if size.height() < hint.height() or size.width() < hint.width():
                problems.append(f"{name}: {size.width()}x{size.height()} < minimum {hint}")
        elif isinstance(widget, QtWidgets.QLabel) and widget.text():
            if widget.wordWrap():
                need = widget.heightForWidth(size.width())
                if size.height() < need:
                    problems.append(f"label {widget.text()[:30]!r}: {size.height()} px high, "
                                    f"its text needs {need}")
            else:
                hint = widget.sizeHint()
                if size.height() < hint.height() or size.width() < hint.width():
                    problems.append(f"label {widget.text()[:30]!r}: {size} < {hint}")
    return problems


def settled(qtbot, dialog, what: str) -> None:
    """Wait for the layout to settle with nothing squashed; name what is if it never does."""
    with contextlib.suppress(qtbot.TimeoutError):
        qtbot.waitUntil(lambda: not layout_problems(dialog), timeout=3000)
    assert layout_problems(dialog) == [], what


def check_pages(qtbot, dialog, pages, tag: str) -> None:
    dialog.show()
    qtbot.waitExposed(dialog)
    for page_name, go in pages:
        for length, text in (("short", SHORT), ("long", LONG)):
            go()
            dialog.message.show_error(PlainError(text, "InvalidPasswordException"))
            settled(qtbot, dialog, f"{page_name}, {length} message")
            assert dialog.height() <= 740, f"{page_name}: taller than a 768-pixel screen"
            render = os.environ.get("TE_RENDER_DIR")
            if render and length == "long":
                dialog.grab().save(os.path.join(render, f"{tag}-{page_name}.png"))
            dialog.message.clear()


def test_sign_in_pages_never_squash_fields_at_any_message_length(qtbot, state, profile):
    dialog = SignInDialog(state, profile)
    qtbot.addWidget(dialog)
    stack = dialog.stack
    pages = [(f"page{i}", lambda i=i: dialog._go(stack.widget(i))) for i in range(stack.count())]
    check_pages(qtbot, dialog, pages, "signin")


def test_sign_up_pages_never_squash_fields_at_any_message_length(qtbot, state, profile):
    dialog = SignUpDialog(state, profile)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "Reading" not in dialog.policy_label.text(),
                    timeout=10000)
    pages = [(name, lambda p=page: dialog._go(p)) for name, page in (
        ("form", dialog.form_page), ("confirm", dialog.confirm_page),
        ("done", dialog.done_page))]
    check_pages(qtbot, dialog, pages, "signup")


def test_sign_up_password_field_keeps_its_height_when_an_error_appears(qtbot, state, profile):
    """The reported case: the Password field was squashed to a few pixels."""
    dialog = SignUpDialog(state, profile)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    password = find(dialog, "Password")
    dialog.message.show_error(PlainError(LONG, "InvalidPasswordException"))
    qtbot.waitUntil(lambda: dialog.message.isVisible())
    policy = find(dialog, "Password policy")
    qtbot.waitUntil(lambda: "Reading" not in policy.text(), timeout=10000)
    qtbot.waitUntil(lambda: password.height() >= password.minimumSizeHint().height()
                    and policy.height() >= policy.heightForWidth(policy.width()),
                    timeout=3000)


@pytest.mark.parametrize("length", ["short", "long"])
def test_change_password_never_squashes_fields(qtbot, state, seeded, profile, length):
    from tokenexplorer.ui.cognito.change_password_dialog import ChangePasswordDialog

    panel = SessionPanel(state)
    qtbot.addWidget(panel)
    session = panel.start_session(
        sign_in(qtbot, state, profile, seeded.username, seeded.password))
    dialog = ChangePasswordDialog(session)
    qtbot.addWidget(dialog)
    check_pages(qtbot, dialog, [("form", lambda: None)], f"change-{length}")


def test_long_server_message_is_cut_and_says_so(qtbot):
    from tokenexplorer.ui.cognito.widgets import InlineMessage

    message = InlineMessage()
    qtbot.addWidget(message)
    message.show_error(PlainError(LONG, "Code"))
    assert len(message.text()) < 600
    assert "more characters" in message.text()
