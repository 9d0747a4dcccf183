"""The app's own SRP sign-in on the sandbox: the engine verifies the proof."""

from __future__ import annotations

import pytest

from tokenexplorer.cognito.auth import CognitoAuth, CognitoError, Tokens

pytestmark = pytest.mark.network


def test_the_right_password_signs_in_over_srp(sandbox):
    auth = CognitoAuth(sandbox.profile)
    step = auth.sign_in(sandbox.info.username, sandbox.info.password, flow="srp")
    tokens = auth.respond(step, {})
    assert isinstance(tokens, Tokens) and tokens.id_token


def test_a_wrong_password_fails_over_srp(sandbox):
    auth = CognitoAuth(sandbox.profile)
    step = auth.sign_in(sandbox.info.username, "Wrong-Password-1", flow="srp")
    with pytest.raises(CognitoError) as refused:
        auth.respond(step, {})
    assert refused.value.code == "NotAuthorized"
