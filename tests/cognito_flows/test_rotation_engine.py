"""Refresh through GetTokensFromRefreshToken against the real engine (ministack over HTTP,
SigV4 and codes checked), and RevokeToken ending what it renews: the parts of rotation an
emulator implements. ministack does not rotate (no new refresh token, no reuse error), so
rotation itself is tested against the stand-in (test_rotation.py)."""

from __future__ import annotations

import dataclasses

import pytest

from tokenexplorer.cognito import rotation
from tokenexplorer.cognito.errors import CognitoError
from tokenexplorer.cognito.session import Session


@pytest.fixture
def engine_session(make_pool, auth_for):
    def start(*, rotates: bool) -> Session:
        profile = dataclasses.replace(make_pool(), rotate_refresh_tokens=rotates)
        make_pool.confirmed_user(profile, "erin")
        auth = auth_for(profile)
        tokens = auth.sign_in("erin", "Correct-Horse-9", "password")
        return Session(auth, tokens, profile_name=profile.name)

    yield start
    rotation._rotating.clear()


def test_profile_setting_refreshes_with_get_tokens_on_the_engine(engine_session):
    session = engine_session(rotates=True)
    old = session.tokens
    done = rotation.refresh(session.auth, session.username, old.refresh_token or "")
    assert done.method == "GetTokensFromRefreshToken"
    assert done.tokens.access_token and done.tokens.access_token != old.access_token
    assert not done.rotated and done.tokens.refresh_token == old.refresh_token  # no rotation


def test_a_revoked_token_is_refused_by_get_tokens(engine_session):
    session = engine_session(rotates=True)
    token = session.tokens.refresh_token or ""
    session.auth.revoke_token(token)
    with pytest.raises(CognitoError) as refused:
        rotation.get_tokens(session.auth, token)
    assert refused.value.code == "NotAuthorized"


def test_a_non_rotating_client_keeps_refresh_token_auth_on_the_engine(engine_session):
    session = engine_session(rotates=False)
    done = rotation.refresh(session.auth, session.username, session.tokens.refresh_token or "")
    assert done.method == "REFRESH_TOKEN_AUTH" and not rotation.rotates(session.auth)
