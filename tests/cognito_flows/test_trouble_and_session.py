"""Endpoint down, slow, or answering 500; scrubbing; the session's expiry and refresh timing."""

from __future__ import annotations

import base64
import json
import time

import pytest

from tokenexplorer.cognito.auth import Tokens
from tokenexplorer.cognito.errors import CognitoError, scrub
from tokenexplorer.cognito.profiles import Profile
from tokenexplorer.cognito.session import Session


def profile_at(url: str) -> Profile:
    return Profile("trouble", "us-east-1", "us-east-1_Trouble1", "client1", endpoint_url=url)


def test_endpoint_down_is_a_clear_error_quickly(closed_port, auth_for):
    auth = auth_for(profile_at(closed_port))
    started = time.monotonic()
    with pytest.raises(CognitoError) as caught:
        auth.sign_in("alice", "Secret-Pass-1", flow="password")
    assert time.monotonic() - started < 10  # a refused connection: no waiting, no hanging
    error = caught.value
    assert error.code == "EndpointDown" and error.retryable
    assert closed_port in str(error) and "Secret-Pass-1" not in str(error)


def test_server_answering_500_is_mapped(json_peer, auth_for):
    page = "<!doctype html><html><title>500 Internal Server Error</title><p>boom</p></html>"
    peer = json_peer(lambda target, body: (500, page))
    auth = auth_for(profile_at(peer.url))
    with pytest.raises(CognitoError) as caught:
        auth.sign_in("alice", "Secret-Pass-1", flow="password")
    error = caught.value
    assert error.code == "ServerError" and error.http_status == 500 and error.retryable
    assert "HTTP 500" in str(error) and "<" not in str(error)
    assert error.original_message == "500 Internal Server Error"
    assert len(peer.requests) == 1  # retries=0: exactly one attempt


def test_slow_server_times_out(json_peer, auth_for):
    """The server would answer after 30 s; the 0.5 s read timeout ends the wait long before."""
    import threading

    answer = threading.Event()

    def slow(target, body):
        answer.wait(30)
        return 200, {}

    peer = json_peer(slow)
    auth = auth_for(profile_at(peer.url), read_timeout=0.5)
    started = time.monotonic()
    try:
        with pytest.raises(CognitoError) as caught:
            auth.forgot_password("alice")
        assert time.monotonic() - started < 10  # the timeout worked; a 30 s wait did not happen
    finally:
        answer.set()
    assert caught.value.code == "Timeout" and caught.value.retryable


def test_revoke_missing_falls_back_to_global_sign_out(json_peer, auth_for):
    def handler(target, body):
        if target == "RevokeToken":
            return 500, "<html><title>500 Internal Server Error</title></html>"
        return 200, {}

    peer = json_peer(handler)
    auth = auth_for(profile_at(peer.url))
    tokens = Tokens("id.a.b", "access.a.b", "refresh-token-value", 3600)
    with pytest.raises(CognitoError) as asked:  # never GlobalSignOut without a yes
        auth.sign_out(tokens)
    assert asked.value.code == "NeedsGlobalSignOut" and "every device" in str(asked.value)
    assert [t for t, _ in peer.requests] == ["RevokeToken"]
    result = auth.sign_out(tokens, allow_global=True)
    assert result.method == "GlobalSignOut" and "RevokeToken" in result.message
    assert [t for t, _ in peer.requests] == ["RevokeToken", "RevokeToken", "GlobalSignOut"]
    assert peer.requests[2][1] == {"AccessToken": "access.a.b"}


def test_revoke_token_used_when_the_server_has_it(json_peer, auth_for):
    peer = json_peer(lambda target, body: (200, {}))
    auth = auth_for(profile_at(peer.url), client_secret="clientsecret0123456789abcdef")
    result = auth.sign_out(Tokens("id.a.b", "access.a.b", "refresh-token-value", 3600))
    assert result.method == "RevokeToken"
    assert [t for t, _ in peer.requests] == ["RevokeToken"]
    assert peer.requests[0][1] == {"Token": "refresh-token-value", "ClientId": "client1",
                                   "ClientSecret": "clientsecret0123456789abcdef"}


def test_revoke_refused_for_another_reason_is_not_hidden(json_peer, auth_for):
    peer = json_peer(lambda target, body: (400, {"__type": "UnauthorizedException",
                                                 "message": "Client is not authorized"}))
    auth = auth_for(profile_at(peer.url))
    with pytest.raises(CognitoError) as caught:
        auth.sign_out(Tokens("id.a.b", "access.a.b", "refresh-token-value", 3600))
    assert caught.value.code == "NotAuthorized"
    assert [t for t, _ in peer.requests] == ["RevokeToken"]


def test_cognito_internal_error_is_not_taken_for_a_missing_revoke(json_peer, auth_for):
    peer = json_peer(lambda target, body: (500, {"__type": "InternalErrorException",
                                                 "message": "Internal error"}))
    auth = auth_for(profile_at(peer.url))
    with pytest.raises(CognitoError) as caught:
        auth.sign_out(Tokens("id.a.b", "access.a.b", "refresh-token-value", 3600))
    assert caught.value.code == "ServerError" and caught.value.retryable
    assert [t for t, _ in peer.requests] == ["RevokeToken"]


def test_server_messages_are_scrubbed():
    jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl"
    text = scrub(f"bad token {jwt} session 0f8fad5b-d9cb-469f-a165-70867728950e "
                 "hash YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo= pool us-east-1_AbCdEf123 pw hunter22",
                 secrets=["hunter22"])
    assert jwt not in text and "0f8fad5b" not in text and "YWJjZGVm" not in text
    assert "hunter22" not in text and "us-east-1_AbCdEf123" in text
    assert "cognito-idp.eu-west-1.amazonaws.com" in scrub(
        "could not reach cognito-idp.eu-west-1.amazonaws.com")
    assert len(scrub("x " * 500)) <= 300


def fake_jwt(claims: dict) -> str:
    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none'})}.{part(claims)}.sig"


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(("lifetime", "margin"), [(3600, 300), (300, 30), (900, 90)])
def test_refresh_is_due_shortly_before_expiry(auth_for, lifetime, margin):
    clock = Clock(1_800_000_000.0)
    claims = {"cognito:username": "u-internal", "username": "u", "exp": int(clock.now) + lifetime}
    tokens = Tokens(fake_jwt(claims), fake_jwt(claims), "refresh", lifetime)
    session = Session(auth_for(profile_at("http://127.0.0.1:9")), tokens, profile_name="p",
                      clock=clock)
    assert session.username == "u-internal"
    assert session.seconds_left() == lifetime
    assert session.refresh_margin() == margin
    assert not session.refresh_due()
    assert session.seconds_until_refresh() == lifetime - margin
    assert not session.refresh_due(clock.now + lifetime - margin - 1)
    assert session.refresh_due(clock.now + lifetime - margin)
    clock.now += lifetime + 10
    assert session.seconds_left() == 0 and session.refresh_due()
    assert session.seconds_until_refresh() == 0
    session.clear()
    assert not session.refresh_due() and session.tokens is None
    assert session.seconds_until_refresh() is None


def test_no_refresh_due_without_refresh_token(auth_for):
    claims = {"cognito:username": "u", "exp": int(time.time()) + 60}
    session = Session(auth_for(profile_at("http://127.0.0.1:9")),
                      Tokens(fake_jwt(claims), fake_jwt(claims), None, 60), profile_name="p")
    assert not session.refresh_due(time.time() + 3600)
    with pytest.raises(CognitoError) as caught:
        session.refresh()
    assert caught.value.code == "NoRefreshToken"


def test_tokens_and_steps_never_show_secrets_in_repr():
    from tokenexplorer.cognito.auth import Challenge, SrpContext
    from tokenexplorer.cognito.srp import SrpClient

    tokens = Tokens("id-token-value", "access-token-value", "refresh-token-value", 3600)
    assert "token-value" not in repr(tokens) + str(tokens)
    srp = SrpContext(SrpClient("us-east-1_Pool"), {"SRP_B": "ab12"}, "the-password")
    step = Challenge("PASSWORD_VERIFIER", {}, [], "u", session="session-secret-value",
                     srp=srp)
    assert "session-secret-value" not in repr(step) and "the-password" not in repr(step)


@pytest.mark.parametrize(
    ("server_type", "server_message", "code", "retryable", "says"),
    [
        ("CodeMismatchException", "Invalid verification code provided.", "CodeMismatch", False,
         "code is not right"),
        ("ExpiredCodeException", "Invalid code provided, please request a code again.",
         "ExpiredCode", False, "expired"),
        ("LimitExceededException", "Attempt limit exceeded, please try after some time.",
         "LimitExceeded", True, "wait"),
        ("TooManyRequestsException", "Rate exceeded", "TooManyRequests", True, "wait"),
        ("PasswordResetRequiredException", "Password reset required for the user",
         "PasswordResetRequired", False, "forgot password"),
        ("UserNotConfirmedException", "User is not confirmed.", "UserNotConfirmed", False,
         "not confirmed"),
        ("InvalidLambdaResponseException", "Invalid lambda response", "InvalidLambdaResponse",
         False, "lambda trigger"),
        ("NotAuthorizedException", "Unable to verify secret hash for client 4ab1cd",
         "NotAuthorized", False, "secret"),
        ("NotAuthorizedException", "Password attempts exceeded", "NotAuthorized", False,
         "too many failed attempts"),
        ("InternalErrorException", "Internal error", "ServerError", True, "internal error"),
        ("SomethingNewException", "A brand new failure", "SomethingNew", False,
         "a brand new failure"),
    ],
)
def test_cognito_error_types_become_plain_messages(json_peer, auth_for, server_type,
                                                   server_message, code, retryable, says):
    status = 500 if server_type == "InternalErrorException" else 400
    peer = json_peer(lambda target, body: (status, {"__type": server_type,
                                                    "message": server_message}))
    auth = auth_for(profile_at(peer.url))
    with pytest.raises(CognitoError) as caught:
        auth.confirm_forgot_password("alice", "123456", "New-Password-1")
    error = caught.value
    assert (error.code, error.retryable) == (code, retryable)
    assert says in str(error).lower()
    assert error.original_code == server_type and error.operation == "ConfirmForgotPassword"
    assert server_type in error.detail
    text = f"{error} {error.detail}"
    assert "123456" not in text and "New-Password-1" not in text


def test_user_not_confirmed_on_sign_in_is_a_step_not_an_error(json_peer, auth_for):
    from tokenexplorer.cognito.auth import ConfirmationNeeded

    peer = json_peer(lambda target, body: (400, {"__type": "UserNotConfirmedException",
                                                 "message": "User is not confirmed."}))
    step = auth_for(profile_at(peer.url)).sign_in("alice", "Secret-Pass-1")
    assert step == ConfirmationNeeded("alice")
