"""How a rotating client is recognised when REFRESH_TOKEN_AUTH is refused: by the error
code (UnsupportedOperationException), by the structure of GetTokensFromRefreshToken's answer
after an InvalidParameterException (a new RefreshToken), and only as a documented fallback by
the refusal's text. Against the stand-in (newer_peer.py), whose refusal is configurable."""

from __future__ import annotations

import uuid

import pytest
from newer_helpers import PASSWORD

from tokenexplorer.cognito import rotation
from tokenexplorer.cognito.errors import CognitoError
from tokenexplorer.cognito.newer_errors import rotation_refusal
from tokenexplorer.cognito.user_auth import SignInFlow


@pytest.fixture
def refused(newer):
    """start(refusal=(code, text), rotate=…) -> (http, auth, refresh token of a sign-in)."""

    def start(refusal, *, rotate=True):
        peer, http, auth = newer(name=f"det-{uuid.uuid4().hex[:8]}", rotate=rotate,
                                 refusal=refusal)
        peer.register("rita", PASSWORD)
        flow = SignInFlow(auth)
        tokens = flow.choose(flow.start("rita"), "PASSWORD", password=PASSWORD)
        return peer, http, auth, tokens.refresh_token

    yield start
    rotation._rotating.clear()


def _calls(http, since):
    return [t for t, _b in http.requests[since:]]


def test_unsupported_operation_means_rotation_by_its_code(refused):
    _peer, http, auth, token = refused(("UnsupportedOperationException", "Not supported."))
    sent = len(http.requests)
    done = rotation.refresh(auth, "rita", token)
    assert done.rotated and done.method == "GetTokensFromRefreshToken"
    assert _calls(http, sent) == ["InitiateAuth", "GetTokensFromRefreshToken"]
    assert rotation.rotates(auth)


def test_invalid_parameter_is_decided_by_the_answers_structure(refused):
    _peer, _http, auth, token = refused(("InvalidParameterException", "Flow refused."))
    done = rotation.refresh(auth, "rita", token)
    assert done.rotated  # the answer brought a new refresh token: the client rotates
    assert rotation.rotates(auth)


def test_a_probe_without_a_new_token_does_not_mark_the_client(refused):
    peer, _http, auth, token = refused(("InvalidParameterException", "Flow refused."),
                                      rotate=False)
    # A non-rotating client whose REFRESH_TOKEN_AUTH is refused for another reason: the
    # probe renews, but nothing says the client rotates, so it is not remembered as such.
    original = peer.refresh_token_auth
    peer.refresh_token_auth = lambda params: (400, {"__type": "InvalidParameterException",
                                                    "message": "Flow refused."})
    done = rotation.refresh(auth, "rita", token)
    peer.refresh_token_auth = original
    assert not done.rotated and not rotation.rotates(auth)


def test_text_is_only_the_fallback_for_not_authorized(refused):
    _peer, _http, auth, token = refused(("NotAuthorizedException",
                                        "Refresh token rotation is enabled for this client."))
    done = rotation.refresh(auth, "rita", token)
    assert done.rotated and rotation.rotates(auth)


def test_an_ordinary_not_authorized_is_not_rotation(refused):
    _peer, http, auth, _token = refused(("NotAuthorizedException", "Invalid Refresh Token"))
    sent = len(http.requests)
    with pytest.raises(CognitoError) as refusal:
        rotation.refresh(auth, "rita", "eyJjdHkiOiJKV1QifQ.not-a-token-of-this-pool")
    assert refusal.value.code == "NotAuthorized"
    assert _calls(http, sent) == ["InitiateAuth"]  # no probe for a refused token
    assert not rotation.rotates(auth)


@pytest.mark.parametrize(("code", "text", "how"), [
    ("UnsupportedOperation", "anything", "code"),
    ("InvalidParameter", "anything", "probe"),
    ("NotAuthorized", "use GetTokensFromRefreshToken", "text"),
    ("NotAuthorized", "Refresh Token has expired", ""),
    ("ResourceNotFound", "rotation", ""),
])
def test_the_classification_of_refusals(code, text, how):
    error = CognitoError(code, "m", original_code=code + "Exception", original_message=text)
    assert rotation_refusal(error) == how
