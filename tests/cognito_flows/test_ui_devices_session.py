"""Remembered devices in the classic flows, in the window: a sign-in (SRP with MFA) that
answers NewDeviceMetadata confirms the device and keeps it in the real keyring; the session
panel offers "Remember this device" (UpdateDeviceStatus), lists the devices and forgets one
after asking; the next sign-in proves the device (DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER)
and skips MFA. The lineage of the session lists each refresh, a rotation marked. Against
the protocol-checking stand-in (newer_peer.py): no emulator implements device SRP."""

from __future__ import annotations

import uuid

import pytest
from newer_helpers import PASSWORD

from tests.ui_cognito.conftest import find
from tokenexplorer import keyring_store
from tokenexplorer.cognito import device_store, rotation, rotation_store
from tokenexplorer.cognito.binding import target_of
from tokenexplorer.ui.cognito.session_panel import SessionPanel
from tokenexplorer.ui.cognito.signin_dialog import SignInDialog
from tokenexplorer.ui.qt import Qt, QtCore, QtWidgets

pytestmark = pytest.mark.keyring
TOTP = "246802"


@pytest.fixture
def app_state(qtbot):
    from tokenexplorer.ui.state import AppState

    state = AppState()
    yield state
    state.close()
    from tokenexplorer.ui.tasks import wait_for_all

    wait_for_all(20000)


@pytest.fixture
def tracked(newer):
    made = []

    def start(**options):
        peer, http, auth = newer(name=f"dev-{uuid.uuid4().hex[:8]}", track_devices=True,
                                 **options)
        peer.register("una", PASSWORD, totp=TOTP)
        made.append(auth.profile)
        return peer, http, auth.profile

    yield start
    for profile in made:
        device_store.forget_profile(profile.name)
        keyring_store.delete_profile_entries(profile.name)
        rotation_store.forget_pending(profile.name, "una")
    rotation._rotating.clear()


def click(qtbot, root, name, kind=QtWidgets.QAbstractButton):
    widget = find(root, name, kind)
    pos = QtCore.QPoint(6, widget.height() // 2) if isinstance(
        widget, QtWidgets.QCheckBox) else widget.rect().center()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)


def sign_in(qtbot, state, profile, flow, *, mfa: bool):
    dialog = SignInDialog(state, profile)
    qtbot.addWidget(dialog)
    dialog.show()
    find(dialog, "Username").setText("una")
    find(dialog, "Password").setText(PASSWORD)
    combo = find(dialog, "Sign-in flow")
    combo.setCurrentIndex(combo.findData(flow))
    remember = find(dialog, "Remember me", QtWidgets.QCheckBox)
    qtbot.waitUntil(remember.isEnabled, timeout=10000)
    remember.setChecked(True)
    with qtbot.waitSignal(dialog.signed_in, timeout=20000) as done:
        click(qtbot, dialog, "Sign in")
        if mfa:
            qtbot.waitUntil(lambda: dialog.current_page_name() == "challenge:SOFTWARE_TOKEN_MFA"
                            and not dialog.runner.running, timeout=15000)
            find(dialog, "MFA code").setText(TOTP)
            click(qtbot, dialog, "Continue")
    return done.args[0]


def panel_for(qtbot, state, result):
    panel = SessionPanel(state)
    qtbot.addWidget(panel)
    panel.resize(700, 900)
    panel.show()
    panel.start_session(result)
    return panel


def test_device_confirmed_remembered_then_proven_and_forgotten(qtbot, app_state, tracked):
    peer, http, profile = tracked()
    result = sign_in(qtbot, app_state, profile, "srp", mfa=True)
    assert "PASSWORD_VERIFIER accepted" in peer.log and "ConfirmDevice" in peer.log
    (device,) = peer.devices.values()
    assert device.confirmed and device.remembered == "not_remembered"
    assert result.device.stored and result.device.credentials.device_key == device.key
    stored = device_store.load_device(profile.name, "una", target=target_of(profile))
    assert stored.device_key == device.key and not stored.remembered

    panel = panel_for(qtbot, app_state, result)
    devices = panel.devices
    box = find(devices, "Remember this device", QtWidgets.QCheckBox)
    assert not box.isChecked()
    listing = find(devices, "Devices of this user", QtWidgets.QListWidget)
    qtbot.waitUntil(lambda: listing.count() == 1, timeout=10000)
    assert "(this machine)" in listing.item(0).text()
    click(qtbot, devices, "Remember this device")
    qtbot.waitUntil(lambda: device.remembered == "remembered", timeout=10000)
    qtbot.waitUntil(lambda: device_store.load_device(
        profile.name, "una", target=target_of(profile)).remembered, timeout=10000)

    # The refresh sends the device key (the pool ties the session to the device).
    panel.refresh(manual=True)
    qtbot.waitUntil(lambda: "REFRESH_TOKEN_AUTH" in peer.log, timeout=10000)
    qtbot.waitUntil(lambda: panel.lineage.table.topLevelItemCount() == 2, timeout=10000)
    refresh = [b for t, b in http.requests if b.get("AuthFlow") == "REFRESH_TOKEN_AUTH"][-1]
    assert refresh["AuthParameters"]["DEVICE_KEY"] == device.key

    again = sign_in(qtbot, app_state, profile, "password", mfa=False)  # no MFA page
    assert "DEVICE_PASSWORD_VERIFIER accepted" in peer.log
    assert again.device.credentials.device_key == device.key and not again.device.new
    assert peer.log.count("ConfirmDevice") == 1

    asked = []
    devices.confirm = lambda title, question: asked.append(question) or True
    listing.setCurrentRow(0)
    click(qtbot, devices, "Forget device")
    qtbot.waitUntil(lambda: not peer.devices, timeout=10000)
    assert "asked for MFA again" in asked[0]
    qtbot.waitUntil(lambda: device_store.load_device(
        profile.name, "una", target=target_of(profile)) is None, timeout=10000)
    qtbot.waitUntil(lambda: not box.isVisibleTo(devices), timeout=10000)


def test_forget_asks_first_and_no_means_no(qtbot, app_state, tracked):
    peer, _http, profile = tracked()
    peer.users["una"].totp = None
    panel = panel_for(qtbot, app_state, sign_in(qtbot, app_state, profile, "srp", mfa=False))
    listing = find(panel.devices, "Devices of this user", QtWidgets.QListWidget)
    qtbot.waitUntil(lambda: listing.count() == 1, timeout=10000)
    panel.devices.confirm = lambda title, question: False
    listing.setCurrentRow(0)
    click(qtbot, panel.devices, "Forget device")
    assert len(peer.devices) == 1 and "ForgetDevice" not in peer.log


def test_lineage_lists_refreshes_and_marks_rotation(qtbot, app_state, tracked):
    peer, _http, profile = tracked(rotate=True)
    peer.users["una"].totp = None
    panel = panel_for(qtbot, app_state, sign_in(qtbot, app_state, profile, "srp", mfa=False))
    table = find(panel, "Session lineage", QtWidgets.QTreeWidget)
    assert table.topLevelItemCount() == 1 and table.topLevelItem(0).text(3) == "issued"
    old = app_state.session.tokens.refresh_token
    qtbot.waitUntil(lambda: app_state.session.remembered, timeout=10000)
    panel.refresh(manual=True)
    qtbot.waitUntil(lambda: table.topLevelItemCount() == 2, timeout=10000)
    newest = table.topLevelItem(0)
    assert newest.text(1) == "refresh (GetTokensFromRefreshToken)"
    assert newest.text(3) == "new (rotated)"
    assert newest.text(2) and newest.text(2) != table.topLevelItem(1).text(2)  # a new jti
    summary = find(panel, "Session lineage summary").text()
    assert "1 refresh (1 rotated the refresh token)" in summary
    # The new refresh token replaced the old one in the keyring (Remember me was on).
    stored = keyring_store.load_refresh_token(profile.name, target=target_of(profile))
    assert stored.token == app_state.session.tokens.refresh_token != old
