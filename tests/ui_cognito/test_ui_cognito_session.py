"""Session panel, activity panel, sign-up and change-password dialogs, and the window mount."""

from __future__ import annotations

import json

import pytest

from tests.engine_world import mailed_code
from tests.ui_cognito.conftest import find
from tokenexplorer.cognito.binding import target_of
from tokenexplorer.cognito.session import jwt_claims
from tokenexplorer.tokens.times import countdown as format_duration
from tokenexplorer.ui.cognito.activity_panel import ActivityPanel, entry_details
from tokenexplorer.ui.cognito.session_panel import SessionPanel
from tokenexplorer.ui.cognito.signin_dialog import SignInDialog
from tokenexplorer.ui.qt import Qt, QtWidgets


def sign_in(qtbot, state, profile, username, password, flow="password"):
    dialog = SignInDialog(state, profile)
    qtbot.addWidget(dialog)
    dialog.show()
    find(dialog, "Username").setText(username)
    find(dialog, "Password").setText(password)
    combo = find(dialog, "Sign-in flow")
    combo.setCurrentIndex(combo.findData(flow))
    with qtbot.waitSignal(dialog.signed_in, timeout=10000) as blocker:
        qtbot.mouseClick(find(dialog, "Sign in"), Qt.MouseButton.LeftButton)
    return blocker.args[0]


def all_model_text(model) -> str:
    cells = []
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                cells.append(str(model.data(model.index(row, column), role)))
        cells.append(entry_details(model.entry(row)))
    return "\n".join(cells)


def test_activity_panel_rows_are_redacted(qtbot, qtmodeltester, state, seeded, profile):
    panel = ActivityPanel(state)
    qtbot.addWidget(panel)
    result = sign_in(qtbot, state, profile, seeded.username, seeded.password, "srp")
    qtbot.waitUntil(lambda: panel.model.rowCount() >= 2, timeout=5000)
    qtmodeltester.check(panel.model)
    operations = [panel.model.entry(r).operation for r in range(panel.model.rowCount())]
    assert operations[:2] == ["InitiateAuth", "RespondToAuthChallenge"]
    assert all(panel.model.entry(r).outcome == "success" for r in range(2))
    text = all_model_text(panel.model)
    assert seeded.password not in text
    for token in (result.tokens.id_token, result.tokens.access_token,
                  result.tokens.refresh_token):
        assert token not in text
    assert "redacted" in text
    assert find(panel, "Activity log", QtWidgets.QTableView, visible=False) is panel.table


def test_activity_panel_wrong_password_and_export(qtbot, state, seeded, profile, tmp_path):
    panel = ActivityPanel(state)
    qtbot.addWidget(panel)
    dialog = SignInDialog(state, profile)
    qtbot.addWidget(dialog)
    dialog.show()
    find(dialog, "Username").setText(seeded.username)
    find(dialog, "Password").setText("Wrong-Password-99")
    combo = find(dialog, "Sign-in flow")
    combo.setCurrentIndex(combo.findData("password"))
    qtbot.mouseClick(find(dialog, "Sign in"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.model.rowCount() >= 1, timeout=10000)
    entry = panel.model.entry(0)
    assert entry.outcome == "NotAuthorizedException"
    assert "Wrong-Password-99" not in all_model_text(panel.model)
    panel.table.selectRow(0)
    assert "NotAuthorizedException" in panel.details.toPlainText()
    # Export only to the file the user names; the file holds no password either.
    target = tmp_path / "activity.json"
    panel.export_to(target)
    exported = target.read_text()
    assert json.loads(exported)[0]["operation"] == "InitiateAuth"
    assert "Wrong-Password-99" not in exported
    qtbot.mouseClick(find(panel, "Clear activity log", visible=False), Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == 0 and state.activity.entries() == []


def test_session_panel_countdown_refresh_and_sign_out(qtbot, state, seeded, profile):
    state.set_profile(profile)
    panel = SessionPanel(state)
    qtbot.addWidget(panel)
    panel.show()
    result = sign_in(qtbot, state, profile, seeded.username, seeded.password)
    session = panel.start_session(result)
    assert state.session is session
    assert "demo" in find(panel, "Signed-in user").text()
    assert "valid for" in find(panel, "Token lifetime").text()
    old_access = session.tokens.access_token

    with qtbot.waitSignal(panel.refreshed, timeout=10000):
        qtbot.mouseClick(find(panel, "Refresh now"), Qt.MouseButton.LeftButton)
    assert session.tokens.access_token != old_access
    assert session.tokens.refresh_token == result.tokens.refresh_token

    # RevokeToken ends this session only: signed out at once, nobody asked about every
    # device (GlobalSignOut), and the revoked refresh token is dead at the server.
    questions = []
    panel.confirm_global = lambda title, text: questions.append(text) or True
    with qtbot.waitSignal(panel.signed_out, timeout=10000) as blocker:
        qtbot.mouseClick(find(panel, "Sign out"), Qt.MouseButton.LeftButton)
    outcome = blocker.args[0]
    assert questions == []
    assert outcome.method == "RevokeToken"
    assert "RevokeToken" in panel.message.text()
    assert state.session is None and session.tokens is None
    assert find(panel, "Sign in", QtWidgets.QPushButton).isVisible()
    from tokenexplorer.cognito.auth import CognitoAuth
    from tokenexplorer.cognito.errors import CognitoError

    with pytest.raises(CognitoError) as dead:
        CognitoAuth(profile).refresh(seeded.username, result.tokens.refresh_token)
    assert dead.value.code == "NotAuthorized"


def test_automatic_refresh_shortly_before_expiry(qtbot, state, seeded, profile):
    result = sign_in(qtbot, state, profile, seeded.username, seeded.password)
    panel = SessionPanel(state)
    qtbot.addWidget(panel)
    session = panel.start_session(result)
    first_id = session.tokens.id_token
    # Pretend the clock moved on to just before expiry: the next tick refreshes by itself.
    session._expires_at = session._issued_at + 20
    assert session.refresh_due()
    with qtbot.waitSignal(panel.refreshed, timeout=10000):
        panel.tick()
    assert session.tokens.id_token != first_id
    assert session.seconds_left() > 3000


def test_format_duration():
    assert format_duration(3725) == "1 h 02 min"
    assert format_duration(125) == "2 min 05 s"
    assert format_duration(9) == "9 s"
    assert format_duration(-4) == "0 s"
    assert format_duration(754, whole_minutes=True) == "12 min"


def test_sign_up_then_confirm_then_sign_in(qtbot, state, seeded, profile, idp):
    from tokenexplorer.ui.cognito.signup_dialog import SignUpDialog

    dialog = SignUpDialog(state, profile)
    qtbot.addWidget(dialog)
    dialog.show()
    # Like AWS, the engine answers DescribeUserPool only with IAM credentials: the dialog
    # says the policy is unknown and lets the server judge the password.
    qtbot.waitUntil(lambda: "could not be read" in find(dialog, "Password policy").text(),
                    timeout=10000)
    find(dialog, "Username").setText("carol")
    find(dialog, "Password").setText("weak")
    find(dialog, "Email").setText("carol@example.com")
    find(dialog, "Given name").setText("Carol")
    name_edit, value_edit = dialog.add_custom_row()
    name_edit.setText("team")
    value_edit.setText("blue")
    assert dialog.attributes()["custom:team"] == "blue"
    assert find(dialog, "Emulator caution").isVisible()  # as in the sign-in dialog
    qtbot.mouseClick(find(dialog, "Sign up"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.level == "error", timeout=10000)
    assert "policy" in dialog.message.text()
    assert dialog.current_page_name() == "form"

    find(dialog, "Password").setText("Carol-Pass-123")
    assert dialog.message.level == ""  # the "too weak" error went with the weak password
    qtbot.mouseClick(find(dialog, "Sign up"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.current_page_name() == "confirm", timeout=10000)
    delivery = find(dialog, "Code delivery").text()
    assert delivery.startswith("A local emulator sends no mail: its code is in the Sandbox inbox")
    resend = find(dialog, "Resend code")
    assert not resend.isEnabled() and "Sandbox inbox" in resend.toolTip()
    code = mailed_code(seeded.endpoint_url, "carol@example.com")
    find(dialog, "Confirmation code").setText(f"{(int(code) + 1) % 1_000_000:06d}")
    qtbot.keyClick(find(dialog, "Confirmation code"), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.message.level == "error", timeout=10000)
    assert "not right" in dialog.message.text() and dialog.current_page_name() == "confirm"
    find(dialog, "Confirmation code").setText(code)
    with qtbot.waitSignal(dialog.signed_up, timeout=10000):
        qtbot.keyClick(find(dialog, "Confirmation code"), Qt.Key.Key_Return)
    user = idp.admin_get_user(UserPoolId=profile.user_pool_id, Username="carol")
    assert user["UserStatus"] == "CONFIRMED"
    assert {"Name": "given_name", "Value": "Carol"} in user["UserAttributes"]
    with qtbot.waitSignal(dialog.sign_in_requested) as blocker:
        qtbot.mouseClick(find(dialog, "Sign in now"), Qt.MouseButton.LeftButton)
    assert blocker.args == ["carol", "Carol-Pass-123"]


def test_sign_up_existing_username_plain_message(qtbot, state, seeded, profile):
    from tokenexplorer.ui.cognito.signup_dialog import SignUpDialog

    dialog = SignUpDialog(state, profile)
    qtbot.addWidget(dialog)
    dialog.show()
    find(dialog, "Username").setText(seeded.username)
    find(dialog, "Password").setText("Another-Pass-1")
    find(dialog, "Email").setText("x@example.com")
    qtbot.mouseClick(find(dialog, "Sign up"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.level == "error", timeout=10000)
    assert "already exists" in dialog.message.text()
    assert "UsernameExists" in dialog.message.code_text()


def test_change_password(qtbot, state, seeded, profile):
    from tokenexplorer.ui.cognito.change_password_dialog import ChangePasswordDialog

    panel = SessionPanel(state)
    qtbot.addWidget(panel)
    session = panel.start_session(
        sign_in(qtbot, state, profile, seeded.username, seeded.password))
    dialog = ChangePasswordDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    find(dialog, "Current password").setText(seeded.password)
    find(dialog, "New password").setText("Changed-Pass-42")
    find(dialog, "Repeat new password").setText("Changed-Pass-4")
    qtbot.mouseClick(find(dialog, "Change password"), Qt.MouseButton.LeftButton)
    assert "not the same" in dialog.message.text()
    find(dialog, "Repeat new password").setText("Changed-Pass-42")
    with qtbot.waitSignal(dialog.changed, timeout=10000):
        qtbot.mouseClick(find(dialog, "Change password"), Qt.MouseButton.LeftButton)
    again = sign_in(qtbot, state, profile, seeded.username, "Changed-Pass-42")
    assert jwt_claims(again.tokens.id_token)["cognito:username"] == seeded.username


@pytest.mark.keyring
def test_remember_then_resume_from_keyring(qtbot, state, seeded, profile):
    from tokenexplorer import keyring_store

    dialog = SignInDialog(state, profile)
    qtbot.addWidget(dialog)
    dialog.show()
    remember = find(dialog, "Remember me", QtWidgets.QCheckBox)
    qtbot.waitUntil(remember.isEnabled, timeout=10000)
    remember.setChecked(True)
    find(dialog, "Username").setText(seeded.username)
    find(dialog, "Password").setText(seeded.password)
    panel = SessionPanel(state)
    qtbot.addWidget(panel)
    dialog.signed_in.connect(panel.start_session)
    with qtbot.waitSignal(panel.remembered, timeout=15000):
        qtbot.mouseClick(find(dialog, "Sign in"), Qt.MouseButton.LeftButton)
    stored = keyring_store.load_refresh_token(profile.name, target=target_of(profile))
    assert stored is not None and stored.token == state.session.tokens.refresh_token

    # A fresh start: the panel offers to resume, and resuming needs no password.
    state.set_session(None)
    state.set_profile(profile)
    fresh = SessionPanel(state)
    qtbot.addWidget(fresh)
    fresh.show()
    qtbot.waitUntil(lambda: find(fresh, "Resume session", visible=False).isVisible(),
                    timeout=10000)
    with qtbot.waitSignal(fresh.session_started, timeout=10000) as blocker:
        qtbot.mouseClick(find(fresh, "Resume session"), Qt.MouseButton.LeftButton)
    assert blocker.args[0].username == seeded.username
    fresh.confirm_global = lambda title, text: True
    with qtbot.waitSignal(fresh.signed_out, timeout=10000):
        qtbot.mouseClick(find(fresh, "Sign out"), Qt.MouseButton.LeftButton)
    assert keyring_store.load_refresh_token(profile.name, target=target_of(profile)) is None


@pytest.mark.keyring
def test_stale_sandbox_sessions_are_dropped_refused_ones_forgotten(qtbot, state, seeded,
                                                                   profile):
    """A session of an old sandbox pool is dropped; one the server refuses offers Forget
    (not Resume again); a sandbox that is not running offers Start sandbox, not Resume."""
    import dataclasses
    import socket

    from tokenexplorer import keyring_store

    keyring_store.save_refresh_token(profile.name, "demo", "old-pool-token",
                                     target=dict(target_of(profile), pool="us-east-1_GoneGone"))
    state.set_profile(profile)
    panel = SessionPanel(state)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: keyring_store.stored_sessions(profile.name) == [], timeout=10000)
    assert not find(panel, "Resume session", visible=False).isVisible()

    keyring_store.save_refresh_token(profile.name, "demo", "refused-token",
                                     target=target_of(profile))
    state.set_profile(None)
    state.set_profile(profile)
    qtbot.waitUntil(lambda: find(panel, "Resume session", visible=False).isVisible(),
                    timeout=10000)
    qtbot.mouseClick(find(panel, "Resume session"), Qt.MouseButton.LeftButton)
    forget = find(panel, "Forget stored session", visible=False)
    qtbot.waitUntil(forget.isVisible, timeout=10000)
    assert not find(panel, "Resume session", visible=False).isVisible()
    assert panel.message.level == "error"
    qtbot.mouseClick(forget, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not forget.isVisible(), timeout=10000)
    assert keyring_store.stored_sessions(profile.name) == []

    with socket.socket() as probe:  # a port nothing listens on: the sandbox is gone
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    dead = dataclasses.replace(profile, name="Sandbox",
                               endpoint_url=f"http://127.0.0.1:{dead_port}")
    keyring_store.save_refresh_token(dead.name, "demo", "dead-sandbox-token",
                                     target=target_of(dead))
    try:
        state.set_profile(dead)
        start = find(panel, "Start sandbox to sign in again", visible=False)
        qtbot.waitUntil(start.isVisible, timeout=10000)
        assert not find(panel, "Resume session", visible=False).isVisible()
        assert "not running" in panel.message.text()
        with qtbot.waitSignal(panel.start_sandbox_requested, timeout=2000):
            qtbot.mouseClick(start, Qt.MouseButton.LeftButton)
    finally:
        keyring_store.delete_refresh_token(dead.name)


def test_global_sign_out_box_defaults_to_keeping_the_session(qtbot, state):
    panel = SessionPanel(state)
    qtbot.addWidget(panel)
    box = panel.global_sign_out_box("Sign out everywhere?", "ends all of demo's sessions")
    qtbot.addWidget(box)
    assert box.defaultButton().text() == "Keep me signed in"
    assert "ends all of demo's sessions" in box.text()
