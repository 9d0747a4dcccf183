"""Refresh-token rotation against the stand-in (GetTokensFromRefreshToken with a new refresh
token, RefreshTokenReuseException for the old one), with the real keyring: the new token
replaces the old one, an interrupted store keeps a usable one, and lineage is recorded."""

from __future__ import annotations

import uuid

import pytest
from newer_helpers import PASSWORD

from tokenexplorer import keyring_store
from tokenexplorer.cognito import device_store, devices, rotation, rotation_store
from tokenexplorer.cognito.binding import target_of
from tokenexplorer.cognito.errors import CognitoError
from tokenexplorer.cognito.session import Session, jwt_claims
from tokenexplorer.cognito.user_auth import SignInFlow

pytestmark = pytest.mark.keyring


@pytest.fixture
def signed_in(newer):
    """start(**peer options) -> (peer, http, session remembered in the real keyring)."""
    made: list[Session] = []

    def start(**options):
        peer, http, auth = newer(name=f"rot-{uuid.uuid4().hex[:8]}", **options)
        peer.register("rita", PASSWORD)
        flow = SignInFlow(auth)
        tokens = flow.choose(flow.start("rita"), "PASSWORD", password=PASSWORD)
        session = Session(auth, tokens, profile_name=auth.profile.name)
        session.remember()
        made.append(session)
        return peer, http, session

    yield start
    for session in made:
        keyring_store.delete_profile_entries(session.profile_name)
        rotation_store.forget_pending(session.profile_name, "rita")
        device_store.forget_device_entry(session.profile_name, "rita")
    rotation._rotating.clear()


def _stored(session):
    found = keyring_store.load_refresh_token(session.profile_name,
                                             target=target_of(session.auth.profile))
    return found.token if found else None


def _targets(http):
    return [(t, (b.get("AuthFlow") or "")) for t, b in http.requests]


def test_rotating_client_is_detected_and_the_new_token_replaces_the_old(signed_in):
    _peer, http, session = signed_in(rotate=True)
    old = session.tokens.refresh_token
    sent = len(http.requests)
    fresh = session.refresh()
    assert fresh.refresh_token != old and _stored(session) == fresh.refresh_token
    assert _targets(http)[sent:] == [("InitiateAuth", "REFRESH_TOKEN_AUTH"),
                                     ("GetTokensFromRefreshToken", "")]
    assert rotation_store.load_latest(session.profile_name,
                                      target=target_of(session.auth.profile)).token == \
        fresh.refresh_token
    sent = len(http.requests)
    again = session.refresh()  # the refusal is remembered: straight to the rotating call
    assert _targets(http)[sent:] == [("GetTokensFromRefreshToken", "")]
    assert _stored(session) == again.refresh_token

    with pytest.raises(CognitoError) as reused:
        rotation.get_tokens(session.auth, old)
    assert reused.value.code == "RefreshTokenReuse"
    assert reused.value.original_code == "RefreshTokenReuseException"
    assert "already exchanged for a new one" in str(reused.value)


def test_profile_setting_goes_straight_to_get_tokens(signed_in):
    _, http, session = signed_in(rotate=True, profile_rotates=True)
    sent = len(http.requests)
    session.refresh()
    assert _targets(http)[sent:] == [("GetTokensFromRefreshToken", "")]


def test_non_rotating_client_keeps_its_refresh_token(signed_in):
    _, http, session = signed_in()
    old = session.tokens.refresh_token
    sent = len(http.requests)
    assert session.refresh().refresh_token == old
    assert _targets(http)[sent:] == [("InitiateAuth", "REFRESH_TOKEN_AUTH")]
    assert _stored(session) == old


def _failing_writes(monkeypatch, prefix):
    backend = keyring_store._backend
    real = backend.set_password

    def set_password(service, key, value):
        if key.startswith(prefix):
            raise RuntimeError("the machine went away")
        return real(service, key, value)

    monkeypatch.setattr(backend, "set_password", set_password)


def test_interrupted_before_the_new_token_is_kept_leaves_the_old(signed_in, monkeypatch):
    _, _, session = signed_in(rotate=True, profile_rotates=True)
    old = session.tokens.refresh_token
    _failing_writes(monkeypatch, "refresh-token-next/")
    fresh = session.refresh()
    assert fresh.refresh_token != old
    assert _stored(session) == old
    assert "could not be stored" in rotation.lineage_of(session).store_problem


def test_interrupted_after_the_new_token_is_kept_promotes_it(signed_in, monkeypatch):
    _, _, session = signed_in(rotate=True, profile_rotates=True)
    old = session.tokens.refresh_token
    _failing_writes(monkeypatch, "refresh-token/")
    fresh = session.refresh()
    assert _stored(session) == old  # the session's own entry was not rewritten
    monkeypatch.undo()
    latest = rotation_store.load_latest(session.profile_name,
                                        target=target_of(session.auth.profile))
    assert latest.token == fresh.refresh_token and _stored(session) == fresh.refresh_token
    resumed = Session.resume(session.auth, session.profile_name)  # and it works
    assert resumed is not None and _stored(session) == resumed.tokens.refresh_token


def test_a_side_entry_of_an_older_session_is_dropped(signed_in, monkeypatch):
    _, _, session = signed_in(rotate=True, profile_rotates=True)
    _failing_writes(monkeypatch, "refresh-token/")
    session.refresh()  # leaves a side entry
    monkeypatch.undo()
    keyring_store.delete_refresh_token(session.profile_name)  # signed out …
    target = target_of(session.auth.profile)
    keyring_store.save_refresh_token(session.profile_name, "rita", "a-newer-sign-in",
                                     target=target)  # … and in again
    assert rotation_store.load_latest(session.profile_name, target=target).token == \
        "a-newer-sign-in"
    assert keyring_store._read_bound("t", rotation_store._next_key(session.profile_name,
                                                                   "rita"), target) is None


def test_lineage_keeps_origin_jti_and_auth_time_and_lists_each_refresh(signed_in):
    _, _, session = signed_in(rotate=True, profile_rotates=True)
    first = jwt_claims(session.tokens.access_token)
    lineage = rotation.lineage_of(session)
    session.refresh()
    session.refresh()
    assert [e.method for e in lineage.entries] == ["sign-in", "GetTokensFromRefreshToken",
                                                    "GetTokensFromRefreshToken"]
    assert [e.rotated for e in lineage.entries] == [False, True, True]
    assert lineage.origin_jti == first["origin_jti"] and lineage.auth_time == first["auth_time"]
    assert len({e.jti for e in lineage.entries}) == 3 and lineage.entries[0].jti == first["jti"]
    assert lineage.same_sign_in(session.tokens)
    assert all(a.at <= b.at for a, b in zip(lineage.entries, lineage.entries[1:], strict=False))


def test_resume_sends_the_remembered_device_key(signed_in):
    peer, http, session = signed_in(track_devices=True)
    auth, tokens = session.auth, session.tokens
    new = devices.NewDevice(*next((d.key, d.group_key) for d in peer.devices.values()))
    device, _ = devices.confirm_device(auth, tokens.access_token, new)
    with pytest.raises(CognitoError):  # the stand-in wants the device key now
        Session.resume(auth, session.profile_name)
    device_store.save_device(session.profile_name, "rita", device, target=target_of(auth.profile))
    resumed = Session.resume(auth, session.profile_name)
    assert resumed is not None
    assert http.requests[-1][1]["AuthParameters"]["DEVICE_KEY"] == device.device_key


def test_signing_out_after_an_interrupted_store_revokes_the_newest_token(signed_in, monkeypatch):
    from tokenexplorer.cognito.session import sign_out_stored

    _, http, session = signed_in(rotate=True, profile_rotates=True)
    _failing_writes(monkeypatch, "refresh-token/")
    fresh = session.refresh()  # the new token is only in the side entry
    monkeypatch.undo()
    revoked: list[str] = []
    answer = http.handler

    def with_revoke(target, body):
        if target == "RevokeToken":
            revoked.append(body["Token"])
            return 200, {}
        return answer(target, body)

    http.handler = with_revoke
    done = sign_out_stored(session.auth, session.profile_name)
    assert done is not None and done.method == "RevokeToken"
    assert revoked == [fresh.refresh_token]
    assert _stored(session) is None
    target = target_of(session.auth.profile)
    assert keyring_store._read_bound("t", rotation_store._next_key(session.profile_name,
                                                                   "rita"), target) is None


def test_session_sign_out_leaves_no_side_entry(signed_in, monkeypatch):
    _, http, session = signed_in(rotate=True, profile_rotates=True)
    _failing_writes(monkeypatch, "refresh-token/")
    session.refresh()  # the new token is only in the side entry
    monkeypatch.undo()
    answer = http.handler
    http.handler = lambda target, body: (200, {}) if target == "RevokeToken" else answer(
        target, body)
    profile_name, target = session.profile_name, target_of(session.auth.profile)
    assert session.sign_out().method == "RevokeToken"
    assert keyring_store._read_bound("t", rotation_store._next_key(profile_name, "rita"),
                                     target) is None
