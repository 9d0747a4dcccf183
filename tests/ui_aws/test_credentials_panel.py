"""The Credentials tab against the emulator: guest credentials, masking, countdown, copying."""

from __future__ import annotations

import re

from tokenexplorer.ui.aws.credentials_panel import HIDDEN, CredentialsPanel
from tokenexplorer.ui.qt import Qt, QtGui, QtWidgets

LEFT = Qt.MouseButton.LeftButton


def _find(widget, cls, name):
    found = [w for w in widget.findChildren(cls) if w.accessibleName() == name]
    assert len(found) == 1, f"expected one {cls.__name__} named {name!r}, found {len(found)}"
    return found[0]


def test_guest_credentials_are_shown_with_the_secret_masked(qtbot, app_state):
    panel = CredentialsPanel(app_state)
    qtbot.addWidget(panel)
    clipboard = QtWidgets.QApplication.clipboard()
    clipboard.setText("untouched")
    with qtbot.waitSignal(app_state.credentials_changed, timeout=10_000) as signal:
        qtbot.mouseClick(_find(panel, QtWidgets.QPushButton, "Get guest credentials"),
                         LEFT)
    creds = signal.args[0]
    assert creds.kind == "guest"
    assert _find(panel, QtWidgets.QLabel, "Emulator notice").isVisibleTo(panel)
    assert _find(panel, QtWidgets.QLineEdit, "Identity ID").text() == creds.identity_id
    assert creds.identity_id.startswith("us-east-1:")
    assert _find(panel, QtWidgets.QLabel, "Credentials kind").text().startswith("Guest")
    key_id = creds.credentials.access_key_id
    assert _find(panel, QtWidgets.QLineEdit, "Access key ID").text() == key_id
    secret_edit = _find(panel, QtWidgets.QLineEdit, "Secret access key")
    token_edit = _find(panel, QtWidgets.QLineEdit, "Session token")
    secret = creds.credentials.secret_access_key
    assert secret_edit.text() == HIDDEN and secret not in token_edit.text()
    assert clipboard.text() == "untouched"  # nothing copied unasked

    show = _find(panel, QtWidgets.QPushButton, "Show secret")
    qtbot.mouseClick(show, LEFT)
    assert secret_edit.text() == secret
    assert token_edit.text() == creds.credentials.session_token
    qtbot.mouseClick(show, LEFT)
    assert secret_edit.text() == HIDDEN

    expiration = _find(panel, QtWidgets.QLabel, "Expiration").text()
    assert "expires in" in expiration and "renews automatically in" in expiration
    # In the words of tokens.times, like every other duration in the window.
    # The engine's credentials live 1 h; renewal comes 5 min (RENEW_MARGIN_MAX) before.
    assert re.search(r"expires in (59 min \d+ s|1 h)\b.*\(renews automatically in "
                     r"(54 min \d+ s|55 min)\)", expiration), expiration
    qtbot.waitUntil(lambda: _find(panel, QtWidgets.QLineEdit, "Caller ARN").text() != "",
                    timeout=10_000)

    qtbot.mouseClick(_find(panel, QtWidgets.QPushButton, "Copy as environment variables"),
                     LEFT)
    assert f"export AWS_ACCESS_KEY_ID={key_id}" in clipboard.text()
    assert secret in clipboard.text()
    qtbot.mouseClick(_find(panel, QtWidgets.QPushButton, "Copy as credentials file"),
                     LEFT)
    assert f"aws_access_key_id = {key_id}" in clipboard.text()


def test_renewal_keeps_the_identity_and_updates_the_panel(qtbot, app_state):
    panel = CredentialsPanel(app_state)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(app_state.credentials_changed, timeout=10_000) as first:
        panel.get_credentials("guest")
    with qtbot.waitSignal(app_state.credentials_changed, timeout=10_000) as second:
        panel.renew()
    assert second.args[0].identity_id == first.args[0].identity_id
    assert second.args[0] is not first.args[0]
    assert panel.manager.renewals == 2
    # Renewal is scheduled before expiry: the engine's 1 h credentials renew 5 min early.
    assert panel._renew_timer.isActive()
    assert 3_240_000 < panel._renew_timer.remainingTime() <= 3_300_000


def test_authenticated_needs_a_sign_in_and_says_so(qtbot, app_state):
    panel = CredentialsPanel(app_state)
    qtbot.addWidget(panel)
    button = _find(panel, QtWidgets.QPushButton, "Get authenticated credentials")
    assert not button.isEnabled()
    assert "Sign in" in button.toolTip()
    panel.get_credentials("authenticated")
    assert "Sign in first" in _find(panel, QtWidgets.QLabel, "Credentials error").text()



def test_switching_to_authenticated_shows_the_identity_change(qtbot, app_state, signed_in):
    panel = CredentialsPanel(app_state)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(app_state.credentials_changed, timeout=10_000) as guest:
        panel.get_credentials("guest")
    button = _find(panel, QtWidgets.QPushButton, "Get authenticated credentials")
    qtbot.waitUntil(button.isEnabled, timeout=10_000)
    with qtbot.waitSignal(app_state.credentials_changed, timeout=10_000) as authed:
        qtbot.mouseClick(button, LEFT)
    assert authed.args[0].kind == "authenticated"
    assert authed.args[0].identity_id != guest.args[0].identity_id
    assert _find(panel, QtWidgets.QLabel, "Credentials kind").text().startswith("Authenticated")
    change = _find(panel, QtWidgets.QLabel, "Identity change")
    qtbot.waitUntil(lambda: "Switched from guest to authenticated" in change.text(),
                    timeout=10_000)
    assert guest.args[0].identity_id in change.text()
    assert authed.args[0].identity_id in change.text()
    assert "Role:" in change.text() or "Principal (STS):" in change.text()

    # Signing out takes the authenticated credentials away with the session.
    with qtbot.waitSignal(app_state.credentials_changed, timeout=5_000) as cleared:
        app_state.set_session(None)
    assert cleared.args[0] is None
    assert _find(panel, QtWidgets.QLineEdit, "Identity ID").text() == ""


def test_the_intro_says_plainly_what_guest_and_authenticated_mean(qtbot, app_state):
    panel = CredentialsPanel(app_state)
    qtbot.addWidget(panel)
    intro = _find(panel, QtWidgets.QLabel, "About identity-pool credentials")
    document = QtGui.QTextDocument()
    document.setHtml(intro.text())
    plain = " ".join(document.toPlainText().split())
    assert "trades nothing" not in plain
    assert "no sign-in" in plain and "unauthenticated IAM role" in plain
    assert "Logins" in plain and "cognito-idp.{region}.amazonaws.com/{user pool ID}" in plain
    assert "authenticated IAM role" in plain


def test_a_user_switch_clears_the_previous_users_credentials(qtbot, app_state, sign_in_as):
    """Trial report 2.3: alice must never see (or renew) demo's identity."""
    sign_in_as("demo")
    panel = CredentialsPanel(app_state)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(app_state.credentials_changed, timeout=10_000) as got:
        panel.get_credentials("authenticated")
    demo = got.args[0]
    assert demo.kind == "authenticated"
    kind = _find(panel, QtWidgets.QLabel, "Credentials kind")
    assert kind.text() == "Authenticated (signed in as demo)"

    # A refresh of the same user's session (set again) keeps them.
    app_state.set_session(app_state.session)
    assert panel.credentials is demo and panel.manager is not None

    with qtbot.waitSignal(app_state.credentials_changed, timeout=5_000) as cleared:
        sign_in_as("alice")
    assert cleared.args[0] is None
    assert panel.credentials is None and panel.manager is None
    assert _find(panel, QtWidgets.QLineEdit, "Identity ID").text() == ""
    note = _find(panel, QtWidgets.QLabel, "Identity change")
    assert "(demo → now alice)" in note.text() and "demo's authenticated" in note.text()
    assert demo.identity_id in note.text()

    button = _find(panel, QtWidgets.QPushButton, "Get authenticated credentials")
    qtbot.waitUntil(button.isEnabled, timeout=10_000)
    with qtbot.waitSignal(app_state.credentials_changed, timeout=10_000) as got:
        qtbot.mouseClick(button, LEFT)
    alice = got.args[0]
    assert alice.identity_id != demo.identity_id
    assert kind.text() == "Authenticated (signed in as alice)"
    with qtbot.waitSignal(app_state.credentials_changed, timeout=10_000) as renewed:
        panel.renew()  # what the timer does before expiry
    assert renewed.args[0].identity_id == alice.identity_id


def test_signing_in_puts_guest_credentials_away_but_the_switch_is_still_shown(
    qtbot, app_state, sign_in_as
):
    panel = CredentialsPanel(app_state)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(app_state.credentials_changed, timeout=10_000) as got:
        panel.get_credentials("guest")
    guest = got.args[0]
    with qtbot.waitSignal(app_state.credentials_changed, timeout=5_000) as cleared:
        sign_in_as("demo")
    assert cleared.args[0] is None and panel.manager is None
    note = _find(panel, QtWidgets.QLabel, "Identity change")
    assert "Signed in as demo" in note.text() and guest.identity_id in note.text()
    # Nothing chosen yet: the S3 tab's source is authenticated now.
    source = panel.credentials_source()
    assert source.kind == "authenticated"
    with qtbot.waitSignal(app_state.credentials_changed, timeout=10_000) as got:
        panel.renew()
    assert got.args[0].kind == "authenticated"
    qtbot.waitUntil(lambda: "Switched from guest to authenticated" in note.text(),
                    timeout=10_000)
    assert guest.identity_id in note.text()


def test_message_boxes_follow_a_dark_palette(qtbot, app_state):
    """Notices keep readable text on a dark theme (no light text on a pale box)."""
    from tokenexplorer.ui.theme import dark_palette, message_colours

    panel = CredentialsPanel(app_state)
    qtbot.addWidget(panel)
    notice = _find(panel, QtWidgets.QLabel, "Emulator notice")
    light_bg, light_fg = message_colours("warning", panel.palette())
    assert light_fg.name() in notice.styleSheet() and light_bg.name() in notice.styleSheet()
    panel.setPalette(dark_palette())
    dark_bg, dark_fg = message_colours("warning", dark_palette())
    assert dark_bg != light_bg
    assert dark_fg.name() in notice.styleSheet() and dark_bg.name() in notice.styleSheet()
    error = _find(panel, QtWidgets.QLabel, "Credentials error")
    assert message_colours("error", dark_palette())[1].name() in error.styleSheet()



def test_a_failed_renewal_is_said_and_tried_again_while_the_credentials_hold(qtbot, app_state):
    """An identity pool that hands out hour-long credentials once, then throttles."""
    import time

    from tests.json_peer import JsonPeer
    from tokenexplorer.cognito.profiles import Profile

    identity = "us-east-1:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"
    throttled = []

    def answer(target: str, body: dict) -> tuple[int, object]:
        if target == "GetId":
            return 200, {"IdentityId": identity}
        if target == "GetCredentialsForIdentity" and not throttled:
            return 200, {"IdentityId": identity, "Credentials": {
                "AccessKeyId": "ASIAEXAMPLE", "SecretKey": "secret", "SessionToken": "token",
                "Expiration": time.time() + 3600}}
        return 400, {"__type": "TooManyRequestsException", "message": "Rate exceeded"}

    peer = JsonPeer(answer)
    try:
        app_state.set_profile(Profile(
            name="throttled", region="us-east-1", user_pool_id="us-east-1_Peer",
            client_id="client", identity_pool_id=identity, endpoint_url=peer.url))
        panel = CredentialsPanel(app_state)
        qtbot.addWidget(panel)
        with qtbot.waitSignal(app_state.credentials_changed, timeout=10_000):
            panel.get_credentials("guest")
        held = panel.credentials
        assert panel._renew_timer.interval() > 3_000_000  # planned 5 min before expiry
        throttled.append(True)
        error = _find(panel, QtWidgets.QLabel, "Credentials error")
        task = panel.renew()
        assert task is not None
        qtbot.waitUntil(lambda: not task.running and error.isVisibleTo(panel), timeout=10_000)
        assert "too many requests" in error.text() and "Traceback" not in error.text()
        assert panel.credentials is held  # still shown: they have not expired
        # Tried again in 30 s (the coarse timer may report a little more remaining).
        assert panel._renew_timer.isActive() and panel._renew_timer.interval() == 30_000
    finally:
        peer.close()
