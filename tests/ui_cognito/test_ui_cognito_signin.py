"""The sign-in dialog against the engine (ministack) over real HTTP, driven through
accessible names."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from tests.ui_cognito.conftest import find
from tokenexplorer.cognito.session import jwt_claims
from tokenexplorer.ui.cognito.emulator_wording import EMULATOR_NO_CODE
from tokenexplorer.ui.cognito.signin_dialog import SignInDialog
from tokenexplorer.ui.qt import Qt, QtWidgets

NEW_PASSWORD = "Brand-New-Pass-7"


def open_dialog(qtbot, state, profile, **kwargs) -> SignInDialog:
    dialog = SignInDialog(state, profile, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill_credentials(dialog, username: str, password: str, flow: str = "srp") -> None:
    find(dialog, "Username").setText(username)
    find(dialog, "Password").setText(password)
    combo = find(dialog, "Sign-in flow")
    combo.setCurrentIndex(combo.findData(flow))


def click(qtbot, dialog, name: str) -> None:
    qtbot.mouseClick(find(dialog, name, QtWidgets.QPushButton), Qt.MouseButton.LeftButton)


def error_text(dialog) -> str:
    return dialog.message.text() if dialog.message.level == "error" else ""


@pytest.mark.parametrize("flow", ["srp", "password"])
def test_sign_in_reaches_tokens(qtbot, state, seeded, profile, flow):
    dialog = open_dialog(qtbot, state, profile)
    fill_credentials(dialog, seeded.username, seeded.password, flow)
    with qtbot.waitSignal(dialog.signed_in, timeout=15000) as blocker:
        # Enter in the password field submits the current step.
        qtbot.keyClick(find(dialog, "Password"), Qt.Key.Key_Return)
    result = blocker.args[0]
    assert jwt_claims(result.tokens.id_token)["token_use"] == "id"
    assert jwt_claims(result.tokens.access_token)["client_id"] == profile.client_id
    assert result.tokens.refresh_token
    assert result.flow == flow
    assert dialog.result() == QtWidgets.QDialog.DialogCode.Accepted
    # The password does not linger in the widget once signed in.
    assert dialog.credentials_page.password_edit.text() == ""


def test_wrong_password_inline_message_then_retry(qtbot, state, seeded, profile):
    dialog = open_dialog(qtbot, state, profile)
    fill_credentials(dialog, seeded.username, "Not-The-Password-1", "password")
    click(qtbot, dialog, "Sign in")
    qtbot.waitUntil(lambda: bool(error_text(dialog)), timeout=10000)
    assert "Incorrect username or password" in error_text(dialog)
    assert "NotAuthorized" in dialog.message.code_text()
    assert "Not-The-Password-1" not in dialog.message.text() + dialog.message.code_text()
    # Still usable: same page, fields enabled, and a retry with the right password works.
    assert dialog.current_page_name() == "credentials"
    assert find(dialog, "Password").isEnabled() and find(dialog, "Sign in").isEnabled()
    find(dialog, "Password").setText(seeded.password)
    with qtbot.waitSignal(dialog.signed_in, timeout=10000):
        click(qtbot, dialog, "Sign in")


def test_new_password_required_page(qtbot, state, seeded, profile, idp):
    idp.admin_create_user(UserPoolId=profile.user_pool_id, Username="newbie",
                          TemporaryPassword="Temp-Pass-123", MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "email", "Value": "newbie@example.com"}])
    dialog = open_dialog(qtbot, state, profile)
    fill_credentials(dialog, "newbie", "Temp-Pass-123", "password")
    click(qtbot, dialog, "Sign in")
    qtbot.waitUntil(lambda: dialog.current_page_name() == "challenge:NEW_PASSWORD_REQUIRED",
                    timeout=10000)
    new_password = find(dialog, "New password")
    assert new_password.echoMode() == QtWidgets.QLineEdit.EchoMode.Password
    new_password.setText(NEW_PASSWORD)
    with qtbot.waitSignal(dialog.signed_in, timeout=10000) as blocker:
        qtbot.keyClick(new_password, Qt.Key.Key_Return)
    assert jwt_claims(blocker.args[0].tokens.id_token)["cognito:username"] == "newbie"
    user = idp.admin_get_user(UserPoolId=profile.user_pool_id, Username="newbie")
    assert user["UserStatus"] == "CONFIRMED"


def test_unconfirmed_user_goes_to_confirmation_then_signs_in(qtbot, state, seeded, profile,
                                                             engine_endpoint):
    from tokenexplorer.cognito.auth import CognitoAuth

    CognitoAuth(profile).sign_up("pending", "Pending-Pass-1", {"email": "p@example.com"})
    dialog = open_dialog(qtbot, state, profile)
    fill_credentials(dialog, "pending", "Pending-Pass-1", "password")
    click(qtbot, dialog, "Sign in")
    qtbot.waitUntil(lambda: dialog.current_page_name() == "confirm", timeout=10000)
    # The emulator sends no mail (its code is in the Sandbox inbox): said plainly.
    assert EMULATOR_NO_CODE in dialog.confirm_page.note.text()
    assert "sent" not in dialog.confirm_page.note.text()
    resend = find(dialog, "Resend code")
    assert not resend.isEnabled() and "Sandbox inbox" in resend.toolTip()
    find(dialog, "Confirmation code").setText("123456")
    with qtbot.waitSignal(dialog.signed_in, timeout=10000) as blocker:
        click(qtbot, dialog, "Confirm")
    assert jwt_claims(blocker.args[0].tokens.id_token)["cognito:username"] == "pending"


def test_resend_code_error_is_plain_and_dialog_stays(qtbot, state, seeded, profile):
    """ResendConfirmationCode for a user the pool does not have: a plain message, still
    usable. (On an emulator profile the button is disabled; the call path is the one real
    pools use.)"""
    dialog = open_dialog(qtbot, state, profile)
    dialog.show_confirm("nobody", None, then_sign_in=False)
    dialog.resend_code()
    qtbot.waitUntil(lambda: bool(error_text(dialog)), timeout=15000)
    assert "Traceback" not in error_text(dialog)
    assert dialog.message.code_text()
    assert find(dialog, "Confirmation code").isEnabled()


def test_authenticator_code_page_checks_the_code(qtbot, state, engine_endpoint, idp):
    """A user with an authenticator app gets the code page; the engine checks the code
    (RFC 6238): empty is caught before any call, a wrong one is refused with the page still
    usable, the right one signs in. (The engine never issues MFA_SETUP or SMS_MFA, so the
    set-up page with its QR code is not driven here.)"""
    from tests.engine_world import add_user, enrol_totp, totp_code
    from tokenexplorer.cognito.profiles import Profile

    pool = idp.create_user_pool(PoolName="mfa", MfaConfiguration="ON")["UserPool"]
    idp.set_user_pool_mfa_config(UserPoolId=pool["Id"], MfaConfiguration="ON",
                                 SoftwareTokenMfaConfiguration={"Enabled": True})
    client = idp.create_user_pool_client(
        UserPoolId=pool["Id"], ClientName="app",
        ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH",
                           "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]
    add_user(idp, pool["Id"], "mfa-user", "Mfa-Pass-123")
    secret = enrol_totp(engine_endpoint, client["ClientId"], "mfa-user", "Mfa-Pass-123")
    profile = Profile("mfa", "us-east-1", pool["Id"], client["ClientId"],
                      endpoint_url=engine_endpoint)

    dialog = open_dialog(qtbot, state, profile)
    fill_credentials(dialog, "mfa-user", "Mfa-Pass-123", "srp")
    click(qtbot, dialog, "Sign in")
    qtbot.waitUntil(lambda: dialog.current_page_name() == "challenge:SOFTWARE_TOKEN_MFA",
                    timeout=10000)
    code = find(dialog, "MFA code")
    # The code field is where typing goes on the new page (the dialog's focus widget: the
    # offscreen window need not be the active one, so hasFocus() alone would say nothing).
    qtbot.waitUntil(lambda: dialog.focusWidget() is code, timeout=5000)
    click(qtbot, dialog, "Continue")
    assert "Please fill in" in error_text(dialog)

    right = totp_code(secret)
    code.setText(f"{(int(right) + 7) % 1_000_000:06d}")
    click(qtbot, dialog, "Continue")
    qtbot.waitUntil(lambda: "not right" in error_text(dialog), timeout=10000)
    assert "Traceback" not in error_text(dialog)

    # A refused answer ends the server's session (as Cognito does): sign in again.
    again = open_dialog(qtbot, state, profile)
    fill_credentials(again, "mfa-user", "Mfa-Pass-123", "srp")
    click(qtbot, again, "Sign in")
    qtbot.waitUntil(lambda: again.current_page_name() == "challenge:SOFTWARE_TOKEN_MFA",
                    timeout=10000)
    find(again, "MFA code").setText(totp_code(secret))
    with qtbot.waitSignal(again.signed_in, timeout=10000):
        qtbot.keyClick(find(again, "MFA code"), Qt.Key.Key_Return)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_server_down_clear_error_and_usable(qtbot, state, profile):
    import dataclasses

    down = dataclasses.replace(profile, endpoint_url=f"http://127.0.0.1:{_free_port()}")
    dialog = open_dialog(qtbot, state, down)
    fill_credentials(dialog, "demo", "whatever-1A", "password")
    started = time.monotonic()
    click(qtbot, dialog, "Sign in")
    qtbot.waitUntil(lambda: bool(error_text(dialog)), timeout=20000)
    assert time.monotonic() - started < 20
    assert "reach" in error_text(dialog).lower()
    assert find(dialog, "Sign in").isEnabled() and find(dialog, "Username").isEnabled()


class _SilentServer:
    """Accepts connections and never answers: a hung endpoint."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.conns: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)

    def close(self) -> None:
        self.sock.close()
        for conn in self.conns:
            conn.close()


def test_cancel_while_call_in_flight(qtbot, state, profile):
    import dataclasses

    server = _SilentServer()
    try:
        hung = dataclasses.replace(profile, endpoint_url=server.url)
        dialog = open_dialog(qtbot, state, hung)
        fill_credentials(dialog, "demo", "whatever-1A", "password")
        click(qtbot, dialog, "Sign in")
        assert dialog.runner.running and not find(dialog, "Sign in").isEnabled()
        qtbot.waitUntil(lambda: len(server.conns) > 0, timeout=20000)  # boto3 cold start
        click(qtbot, dialog, "Cancel")
        assert not dialog.runner.running
        assert dialog.isVisible()  # Cancel stopped the call, not the dialog
        assert find(dialog, "Sign in").isEnabled() and find(dialog, "Password").isEnabled()
        assert "Cancelled" in dialog.message.text()
        # A second Cancel (nothing running) closes the dialog.
        click(qtbot, dialog, "Cancel")
        assert dialog.result() == QtWidgets.QDialog.DialogCode.Rejected
    finally:
        server.close()


def test_remember_me_disabled_with_reason_without_keyring(qtbot, state, profile, no_keyring):
    dialog = open_dialog(qtbot, state, profile)
    remember = find(dialog, "Remember me", QtWidgets.QCheckBox)
    reason = dialog.credentials_page.remember_reason
    qtbot.waitUntil(lambda: "off" in reason.text(), timeout=10000)
    assert not remember.isEnabled() and not remember.isChecked()
    assert reason.text().startswith("Remember me is off: no secure keyring")
    assert "D-Bus" in reason.text()
    assert remember.toolTip() == no_keyring.reason


def test_real_pool_wording_resend_enabled_and_tls_note(qtbot, state):
    from tokenexplorer.cognito.auth import CodeDelivery
    from tokenexplorer.cognito.profiles import Profile

    real = Profile("Work", "eu-west-1", "eu-west-1_AbC123xyz", "a" * 26)
    dialog = open_dialog(qtbot, state, real)
    assert all(w.accessibleName() != "Emulator caution"
               for w in dialog.findChildren(QtWidgets.QLabel))
    dialog.show_confirm("bob", CodeDelivery("+*******9934", "SMS", "phone_number"),
                         then_sign_in=False)
    assert "+*******9934" in dialog.confirm_page.note.text()
    assert find(dialog, "Resend code").isEnabled()
    flows = find(dialog, "Sign-in flow", visible=False)
    texts = [flows.itemText(i) for i in range(flows.count())]
    assert any("sent over TLS" in text for text in texts)


def test_password_flow_over_http_says_clear_text(qtbot, state, profile):
    dialog = open_dialog(qtbot, state, profile)
    flows = find(dialog, "Sign-in flow")
    text = flows.itemText(flows.findData("password"))
    assert "clear text" in text and "http://" in text and "TLS" not in text
    assert find(dialog, "Emulator caution").isVisible()


def test_forgot_password_pages(qtbot, state, seeded, profile):
    from tests.engine_world import mailed_code

    dialog = open_dialog(qtbot, state, profile)
    find(dialog, "Username").setText(seeded.username)
    click(qtbot, dialog, "Forgot password")
    assert dialog.current_page_name() == "forgot"
    assert find(dialog, "Username").text() == seeded.username
    click(qtbot, dialog, "Send code")
    qtbot.waitUntil(lambda: dialog.current_page_name() == "reset", timeout=10000)
    assert dialog.reset_page.note.text().startswith(EMULATOR_NO_CODE)
    code = mailed_code(seeded.endpoint_url, "demo@example.com")
    find(dialog, "Confirmation code").setText(f"{(int(code) + 1) % 1_000_000:06d}")
    find(dialog, "New password").setText(NEW_PASSWORD)
    click(qtbot, dialog, "Set new password")
    qtbot.waitUntil(lambda: "not right" in error_text(dialog), timeout=10000)
    assert dialog.current_page_name() == "reset"  # a wrong code: still on the page
    find(dialog, "Confirmation code").setText(code)
    click(qtbot, dialog, "Set new password")
    qtbot.waitUntil(lambda: dialog.current_page_name() == "credentials", timeout=10000)
    assert "Password changed" in dialog.message.text()
    find(dialog, "Password").setText(NEW_PASSWORD)
    combo = find(dialog, "Sign-in flow")
    combo.setCurrentIndex(combo.findData("password"))
    with qtbot.waitSignal(dialog.signed_in, timeout=10000):
        click(qtbot, dialog, "Sign in")


def test_client_with_secret_signs_in_and_refreshes(qtbot, state, seeded, profile, idp):
    """SECRET_HASH comes from the stored client secret; moto checks it on refresh."""
    import dataclasses

    from tokenexplorer.cognito.profiles import ProfileStore
    from tokenexplorer.ui.cognito.session_panel import SessionPanel

    client = idp.create_user_pool_client(
        UserPoolId=profile.user_pool_id, ClientName="with-secret", GenerateSecret=True,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH",
                           "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]
    secret_profile = dataclasses.replace(profile, name="With secret",
                                         client_id=client["ClientId"], is_sandbox=False)
    store = ProfileStore()
    store.put(secret_profile)
    store.set_client_secret("With secret", client["ClientSecret"])
    secret_profile = store.get("With secret")
    assert secret_profile.has_client_secret

    dialog = open_dialog(qtbot, state, secret_profile)
    fill_credentials(dialog, seeded.username, seeded.password, "srp")
    with qtbot.waitSignal(dialog.signed_in, timeout=10000) as blocker:
        click(qtbot, dialog, "Sign in")
    assert blocker.args[0].auth.has_secret
    panel = SessionPanel(state)
    qtbot.addWidget(panel)
    session = panel.start_session(blocker.args[0])
    with qtbot.waitSignal(panel.refreshed, timeout=10000):
        panel.refresh(manual=True)
    assert session.seconds_left() > 3000
    store.set_client_secret("With secret", None)


def test_dialog_buttons_show_keyboard_focus(qtbot, state, profile):
    """Tab-walking shows where the focus is: a focused button is drawn differently."""
    dialog = open_dialog(qtbot, state, profile)
    qtbot.waitExposed(dialog)
    cancel = find(dialog, "Cancel", QtWidgets.QPushButton)
    primary = find(dialog, "Sign in", QtWidgets.QPushButton)
    assert primary.isDefault() and not cancel.autoDefault()
    assert cancel.focusPolicy() & Qt.FocusPolicy.TabFocus
    find(dialog, "Username").setFocus()
    qtbot.waitUntil(lambda: not cancel.hasFocus(), timeout=2000)
    plain = cancel.grab().toImage()
    cancel.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(cancel.hasFocus, timeout=2000)
    focused = cancel.grab().toImage()
    assert plain != focused


def test_forgot_page_on_the_emulator_says_no_code_is_sent(qtbot, state, profile):
    dialog = open_dialog(qtbot, state, profile)
    click(qtbot, dialog, "Forgot password")
    texts = [label.text() for label in dialog.forgot_page.findChildren(QtWidgets.QLabel)]
    assert any("sends no mail" in text for text in texts)
    assert not any("will send a code" in text for text in texts)
