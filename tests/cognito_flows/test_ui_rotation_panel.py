"""Rotation in the session panel, against the stand-in and the real keyring: a reused
(rotated-out) refresh token is explained in plain words; an interrupted store keeps the old
token in the keyring and says so in the lineage."""

from __future__ import annotations

import pytest
from test_ui_devices_session import app_state, panel_for, sign_in, tracked  # noqa: F401

from tests.ui_cognito.conftest import find
from tokenexplorer import keyring_store
from tokenexplorer.cognito import rotation_store
from tokenexplorer.cognito.binding import target_of

pytestmark = pytest.mark.keyring


def _rotating_panel(qtbot, app_state, tracked):  # noqa: F811
    peer, _http, profile = tracked(rotate=True)
    peer.users["una"].totp = None
    panel = panel_for(qtbot, app_state, sign_in(qtbot, app_state, profile, "srp", mfa=False))
    qtbot.waitUntil(lambda: app_state.session.remembered, timeout=10000)
    return peer, profile, panel


def test_reuse_of_a_rotated_out_token_is_explained(qtbot, app_state, tracked):  # noqa: F811
    peer, _profile, panel = _rotating_panel(qtbot, app_state, tracked)
    peer.spent.add(app_state.session.tokens.refresh_token)  # another copy already used it
    panel.refresh(manual=True)
    qtbot.waitUntil(lambda: panel.message.level == "error", timeout=10000)
    assert "already exchanged for a new one" in panel.message.text()
    assert "Traceback" not in panel.message.text()


def test_an_interrupted_store_keeps_the_old_token(qtbot, app_state, tracked,  # noqa: F811
                                                  monkeypatch):
    _peer, profile, panel = _rotating_panel(qtbot, app_state, tracked)
    old = app_state.session.tokens.refresh_token

    def broken(*_args, **_kwargs):
        raise keyring_store.KeyringUnavailable("the keyring went away")

    monkeypatch.setattr(rotation_store, "store_rotated", broken)
    panel.refresh(manual=True)
    problem = find(panel, "Session lineage problem", visible=False)
    qtbot.waitUntil(lambda: problem.isVisible(), timeout=10000)
    assert "could not be stored in the keyring" in problem.text()
    stored = keyring_store.load_refresh_token(profile.name, target=target_of(profile))
    assert stored.token == old  # nothing half-written replaced the good one
