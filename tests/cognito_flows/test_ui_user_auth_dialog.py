"""The sign-in dialog's choice-based sign-in (USER_AUTH) and remembered devices, driven
through accessible names against the protocol-checking stand-in (newer_peer.py) over HTTP:
no emulator implements USER_AUTH or device SRP. Codes, passwords and device proofs are
checked for real by the stand-in."""

from __future__ import annotations

import uuid

import pytest
from newer_helpers import PASSWORD

from tests.ui_cognito.conftest import find
from tokenexplorer import keyring_store
from tokenexplorer.cognito import device_store, sign_in_attempt
from tokenexplorer.ui.cognito.signin_dialog import SignInDialog
from tokenexplorer.ui.qt import Qt, QtCore, QtWidgets


@pytest.fixture
def app_state(qtbot):
    from tokenexplorer.ui.state import AppState

    state = AppState()
    yield state
    state.close()
    from tokenexplorer.ui.tasks import wait_for_all

    wait_for_all(20000)


@pytest.fixture
def stand_in(newer):
    """start(**options) -> (peer, http, profile) with user "una" (email, phone)."""
    made = []

    def start(**options):
        peer, http, auth = newer(name=f"dlg-{uuid.uuid4().hex[:8]}", **options)
        peer.register("una", PASSWORD, email="una@example.com", phone="+15550100")
        made.append(auth.profile)
        return peer, http, auth.profile

    yield start
    for profile in made:
        device_store.forget_profile(profile.name)
        keyring_store.delete_profile_entries(profile.name)
    sign_in_attempt._offers_codes.clear()


def open_dialog(qtbot, state, profile, **kwargs):
    dialog = SignInDialog(state, profile, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def click(qtbot, root, name):
    qtbot.mouseClick(find(root, name, QtWidgets.QAbstractButton), Qt.MouseButton.LeftButton)


def pick(qtbot, dialog, name):
    """Click a choice on its indicator (a radio button reacts on its indicator and text)."""
    button = find(dialog, name, QtWidgets.QRadioButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton,
                     pos=QtCore.QPoint(6, button.height() // 2))
    assert button.isChecked()


def credentials(dialog, username="una", password="", flow="user-auth"):
    find(dialog, "Username").setText(username)
    find(dialog, "Password").setText(password)
    combo = find(dialog, "Sign-in flow")
    combo.setCurrentIndex(combo.findData(flow))


def wait_page(qtbot, dialog, name):
    def there():
        assert dialog.message.level != "error", dialog.message.text()
        assert dialog.current_page_name() == name and not dialog.runner.running

    qtbot.waitUntil(there, timeout=15000)


def test_choices_are_offered_and_an_email_code_signs_in(qtbot, app_state, stand_in):
    peer, http, profile = stand_in()
    dialog = open_dialog(qtbot, app_state, profile)
    credentials(dialog)  # no password: choice-based sign-in asks for none up front
    click(qtbot, dialog, "Sign in")
    wait_page(qtbot, dialog, "challenge:SELECT_CHALLENGE")
    for name in ("The password (PASSWORD)", "The password (SRP) (PASSWORD_SRP)",
                 "A code by email (EMAIL_OTP)", "A code by SMS (SMS_OTP)",
                 "A passkey (WEB_AUTHN)"):
        assert find(dialog, name, QtWidgets.QRadioButton).isEnabled()
    assert http.requests[0][1]["AuthFlow"] == "USER_AUTH"
    pick(qtbot, dialog, "A code by email (EMAIL_OTP)")
    click(qtbot, dialog, "Continue")
    wait_page(qtbot, dialog, "challenge:EMAIL_OTP")
    (_user, medium, code) = peer.outbox[-1]
    assert medium == "EMAIL"
    find(dialog, "MFA code").setText("00000000" if code != "00000000"
                                                       else "11111111")
    click(qtbot, dialog, "Continue")
    qtbot.waitUntil(lambda: dialog.message.level == "error", timeout=15000)
    assert "code" in dialog.message.text().lower()  # refused by the stand-in, in words
    assert dialog.current_page_name() == "challenge:EMAIL_OTP"
    # A code refused ends the session at Cognito: start again and type the right one.
    click(qtbot, dialog, "Back")
    click(qtbot, dialog, "Sign in")
    wait_page(qtbot, dialog, "challenge:SELECT_CHALLENGE")
    pick(qtbot, dialog, "A code by email (EMAIL_OTP)")
    click(qtbot, dialog, "Continue")
    wait_page(qtbot, dialog, "challenge:EMAIL_OTP")
    with qtbot.waitSignal(dialog.signed_in, timeout=15000) as done:
        find(dialog, "MFA code").setText(peer.outbox[-1][2])
        click(qtbot, dialog, "Continue")
    assert done.args[0].tokens.refresh_token and peer.log[-1] == "tokens for una"


def test_password_choice_uses_the_first_pages_password(qtbot, app_state, stand_in):
    peer, _http, profile = stand_in()
    dialog = open_dialog(qtbot, app_state, profile)
    credentials(dialog, password=PASSWORD)
    click(qtbot, dialog, "Sign in")
    wait_page(qtbot, dialog, "challenge:SELECT_CHALLENGE")
    pick(qtbot, dialog, "The password (SRP) (PASSWORD_SRP)")
    assert find(dialog, "Password").text() == PASSWORD
    with qtbot.waitSignal(dialog.signed_in, timeout=15000):
        click(qtbot, dialog, "Continue")
    assert "PASSWORD_VERIFIER accepted" in peer.log  # the real SRP proof, on the worker


def test_a_passkey_is_explained_and_the_hosted_ui_offer_says_it_is_missing(
        qtbot, app_state, stand_in):
    _peer, _http, profile = stand_in()
    dialog = open_dialog(qtbot, app_state, profile)
    credentials(dialog)
    click(qtbot, dialog, "Sign in")
    wait_page(qtbot, dialog, "challenge:SELECT_CHALLENGE")
    pick(qtbot, dialog, "A passkey (WEB_AUTHN)")
    assert "need a browser" in find(dialog, "Passkey explanation").text()
    offer = find(dialog, "Sign in with the hosted UI", QtWidgets.QPushButton)
    assert not offer.isEnabled()
    assert "not built into this version" in find(dialog, "Hosted UI sign-in").text()
    click(qtbot, dialog, "Continue")  # the core answers with the one explanation
    qtbot.waitUntil(lambda: dialog.message.level == "error", timeout=15000)
    assert "Passkeys (WEB_AUTHN) need a browser" in dialog.message.text()


def test_the_hosted_ui_button_asks_the_window_when_it_can(qtbot, app_state, stand_in):
    from tokenexplorer.cognito.challenges import ChallengeKind
    from tokenexplorer.cognito.user_auth import FlowChallenge

    _peer, _http, profile = stand_in()
    dialog = open_dialog(qtbot, app_state, profile, hosted_ui=True)
    credentials(dialog)
    click(qtbot, dialog, "Sign in")
    wait_page(qtbot, dialog, "challenge:SELECT_CHALLENGE")
    pick(qtbot, dialog, "A passkey (WEB_AUTHN)")
    with qtbot.waitSignal(dialog.hosted_ui_requested, timeout=2000) as asked:
        click(qtbot, dialog, "Sign in with the hosted UI")
    assert asked.args == [profile]
    # Cognito asking for WEB_AUTHN itself: the passkey page, and "Sign in another way".
    dialog.show_step(FlowChallenge(ChallengeKind.WEB_AUTHN, {}, [], "una", "s"))
    assert dialog.current_page_name() == "challenge:WEB_AUTHN"
    assert find(dialog, "Sign in with the hosted UI", QtWidgets.QPushButton).isEnabled()
    click(qtbot, dialog, "Sign in another way")
    assert dialog.current_page_name() == "credentials"


def test_user_auth_off_on_the_client_is_explained(qtbot, app_state, stand_in):
    _peer, _http, profile = stand_in(allow_user_auth=False)
    dialog = open_dialog(qtbot, app_state, profile)
    credentials(dialog)
    click(qtbot, dialog, "Sign in")
    qtbot.waitUntil(lambda: dialog.message.level == "error", timeout=15000)
    assert "ALLOW_USER_AUTH" in dialog.message.text()
    assert dialog.current_page_name() == "credentials"


def test_sign_in_with_a_code_is_offered_once_the_pool_allows_it(qtbot, app_state, stand_in):
    _peer, _http, profile = stand_in()
    first = open_dialog(qtbot, app_state, profile)
    assert not first.credentials_page.code_button.isVisibleTo(first)  # nothing known yet
    credentials(first)
    click(qtbot, first, "Sign in")
    wait_page(qtbot, first, "challenge:SELECT_CHALLENGE")  # the pool lists codes
    first.reject()
    dialog = open_dialog(qtbot, app_state, profile)
    credentials(dialog, flow="srp")
    click(qtbot, dialog, "Sign in with a code instead of a password")
    wait_page(qtbot, dialog, "challenge:SELECT_CHALLENGE")
    assert find(dialog, "A code by SMS (SMS_OTP)", QtWidgets.QRadioButton).isEnabled()


def test_cancel_lets_go_of_a_slow_sign_in(qtbot, app_state, stand_in):
    import threading

    peer, _http, profile = stand_in()
    gate = threading.Event()
    original = peer._initiate

    def slow(body):
        gate.wait(10)
        return original(body)

    peer._initiate = slow
    dialog = open_dialog(qtbot, app_state, profile)
    credentials(dialog)
    click(qtbot, dialog, "Sign in")
    qtbot.waitUntil(lambda: dialog.runner.running, timeout=5000)
    click(qtbot, dialog, "Cancel")
    qtbot.waitUntil(lambda: not dialog.runner.running, timeout=5000)
    gate.set()
    assert dialog.current_page_name() == "credentials"
