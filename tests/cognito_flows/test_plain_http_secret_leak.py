"""Cleartext secret leak over plain http: passwords, the client secret (SECRET_HASH) and
refresh tokens never go to a non-loopback http:// endpoint unless the user allows it.

The peer here is reached as `cognito.remote.test` (so, to the policy, "another machine"),
a reserved name that the tests resolve to 127.0.0.1: it records every request, and no byte
leaves loopback. Loopback emulators stay allowed.
"""

from __future__ import annotations

import dataclasses
import json
import os
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_cli_signin import run_cli

from tests.remote_host.resolver import REMOTE_HOST, resolving
from tokenexplorer.cognito import transport_policy
from tokenexplorer.cognito.auth import CognitoAuth
from tokenexplorer.cognito.errors import CognitoError
from tokenexplorer.cognito.profiles import Profile, ProfileStore
from tokenexplorer.cognito.transport_policy import InsecureTransport

PASSWORD = "Correct-Horse-9-Battery"
SECRET = "client-secret-that-must-not-leak-0123456789"
REFRESH = "eyJjdHkiOiJKV1QifQ.refresh-token-that-must-not-leak.iv.cipher.tag"


class Recorder:
    """Records every request (path and raw body); answers NotAuthorized / an empty JWKS."""

    def __init__(self, host: str, bind: str = "127.0.0.1") -> None:
        recorder = self
        self.requests: list[tuple[str, str]] = []

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, body: bytes) -> None:
                self.send_response(400 if self.command == "POST" else 200)
                self.send_header("Content-Type", "application/x-amz-json-1.1")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                recorder.requests.append((self.path, raw.decode("utf-8", "replace")))
                self._answer(b'{"__type": "NotAuthorizedException", "message": "recorded"}')

            def do_GET(self) -> None:
                recorder.requests.append((self.path, ""))
                self._answer(b'{"keys": []}')

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer((bind, 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://{host}:{self.server.server_address[1]}"

    def sent(self) -> str:
        return json.dumps(self.requests)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def remote_peer(monkeypatch):
    """A peer the policy must take for another machine: reached by a reserved `.test` name
    that resolves to 127.0.0.1 here and in child processes, so nothing leaves loopback."""
    monkeypatch.setattr(socket, "getaddrinfo", resolving(REMOTE_HOST, socket.getaddrinfo))
    monkeypatch.setenv("TE_TEST_REMOTE_HOST", REMOTE_HOST)
    site = str(Path(__file__).parent.parent / "remote_host")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        [site, *filter(None, [os.environ.get("PYTHONPATH")])]))
    peer = Recorder(REMOTE_HOST)
    yield peer
    peer.close()


@pytest.fixture
def loopback_peer():
    peer = Recorder("127.0.0.1")
    yield peer
    peer.close()


def _profile(url: str, **extra) -> Profile:
    return Profile("plain", "us-east-1", "us-east-1_AbCdEf123", "clientabc123",
                   endpoint_url=url, **extra)


# Each secret-bearing call, made once against the peer.
CALLS = {
    "USER_PASSWORD_AUTH": lambda auth: auth.sign_in("alice", PASSWORD, "password"),
    "SignUp": lambda auth: auth.sign_up("alice", PASSWORD),
    "ChangePassword": lambda auth: auth.change_password("access", PASSWORD, PASSWORD + "x"),
    "ConfirmForgotPassword": lambda auth: auth.confirm_forgot_password("alice", "123456",
                                                                      PASSWORD),
    "SECRET_HASH (SRP)": lambda auth: auth.sign_in("alice", PASSWORD, "srp"),
    "REFRESH_TOKEN_AUTH": lambda auth: auth.refresh("alice", REFRESH),
    "RevokeToken": lambda auth: auth.revoke_token(REFRESH),
}


def _auth(profile: Profile, **kwargs) -> CognitoAuth:
    return CognitoAuth(profile, client_secret=SECRET, connect_timeout=2, read_timeout=3,
                       **kwargs)


@pytest.mark.parametrize("call", sorted(CALLS))
def test_secret_bearing_calls_to_remote_plain_http_are_refused(remote_peer, call):
    with pytest.raises(InsecureTransport) as refused:
        CALLS[call](_auth(_profile(remote_peer.url)))
    assert remote_peer.requests == []  # nothing at all was sent
    message = str(refused.value)
    assert "Nothing was sent" in message and "--allow-insecure-http" in message
    assert PASSWORD not in message and SECRET not in message and REFRESH not in message


@pytest.mark.parametrize("call", sorted(CALLS))
def test_allowed_insecure_http_warns_at_every_call(remote_peer, call):
    warnings: list[str] = []
    auth = _auth(_profile(remote_peer.url, allow_insecure_http=True), warn=warnings.append)
    for _ in range(2):
        with pytest.raises(CognitoError):  # the peer refuses; what matters is what was sent
            CALLS[call](auth)
    assert len(remote_peer.requests) == 2 and len(warnings) == 2
    assert all("UNENCRYPTED" in text and remote_peer.url.split("//")[1].split(":")[0] in text
               for text in warnings)
    assert not any(secret in text for text in warnings for secret in (PASSWORD, SECRET, REFRESH))


@pytest.mark.parametrize("call", sorted(CALLS))
def test_loopback_emulators_stay_allowed(loopback_peer, call):
    warnings: list[str] = []
    with pytest.raises(CognitoError) as failed:
        CALLS[call](_auth(_profile(loopback_peer.url), warn=warnings.append))
    assert not isinstance(failed.value, InsecureTransport)
    assert len(loopback_peer.requests) == 1 and warnings == []


def test_calls_without_secrets_still_go_to_remote_plain_http(remote_peer):
    """SRP's first step without a client secret carries no password: not refused."""
    auth = CognitoAuth(_profile(remote_peer.url), connect_timeout=2, read_timeout=3)
    with pytest.raises(CognitoError) as failed:
        auth.sign_in("alice", PASSWORD, "srp")
    assert not isinstance(failed.value, InsecureTransport)
    assert len(remote_peer.requests) == 1 and PASSWORD not in remote_peer.sent()


def test_cli_refuses_then_allows_with_the_flag_and_warns(remote_peer):
    ProfileStore().put(_profile(remote_peer.url))
    refused = run_cli("signin", "--profile", "plain", "--username", "alice", "--flow",
                      "password", stdin=PASSWORD + "\n")
    assert refused.returncode == 1 and "plain http to another machine" in refused.stderr
    assert remote_peer.requests == [] and "Traceback" not in refused.stderr
    allowed = run_cli("signin", "--profile", "plain", "--username", "alice", "--flow",
                      "password", "--allow-insecure-http", stdin=PASSWORD + "\n")
    assert allowed.returncode == 1  # the peer says NotAuthorized
    assert "UNENCRYPTED" in allowed.stderr and len(remote_peer.requests) == 1
    assert PASSWORD not in allowed.stderr


def test_remembered_session_is_not_refreshed_over_remote_plain_http(remote_peer):
    from tokenexplorer import keyring_store
    from tokenexplorer.cognito.binding import target_of

    if not keyring_store.refresh_status().usable:
        pytest.fail(f"keyring tests need a Secret Service: {keyring_store.keyring_status()}")
    profile = ProfileStore().put(dataclasses.replace(
        _profile(remote_peer.url),
        identity_pool_id="us-east-1:0a1b2c3d-1111-2222-3333-444455556666"))
    keyring_store.save_refresh_token(profile.name, "alice", REFRESH, target=target_of(profile))
    try:
        done = run_cli("credentials", "--profile", profile.name)
        assert done.returncode == 1 and "plain http to another machine" in done.stderr
        signout = run_cli("signout", "--profile", profile.name)
        assert signout.returncode == 1 and "plain http to another machine" in signout.stderr
        assert remote_peer.requests == []
    finally:
        keyring_store.delete_profile_entries(profile.name)


def test_a_loopback_jwks_allowance_never_fetches_from_another_host(remote_peer,
                                                                   loopback_peer):
    """The window's allow_http_jwks (set for loopback emulator profiles) covers loopback
    only; a JWKS URL on another host over plain http needs the CLI's explicit flag."""
    from tokenexplorer.tokens.decode import decode
    from tokenexplorer.tokens.keys import JwksUrl
    from tokenexplorer.tokens.verify import VerifyOptions, resolve_keys

    token = decode("eyJhbGciOiJSUzI1NiIsImtpZCI6ImsifQ.eyJzdWIiOiJ4In0.c2ln")
    for peer, expected in ((remote_peer, 0), (loopback_peer, 1)):
        options = VerifyOptions(key_source=JwksUrl(f"{peer.url}/jwks.json"),
                                allow_http_jwks=True, timeout=3)
        keys = resolve_keys(token, options)
        assert len(peer.requests) == expected, keys
    explicit = VerifyOptions(key_source=JwksUrl(f"{remote_peer.url}/jwks.json"),
                             allow_http_jwks=True, allow_remote_http_jwks=True, timeout=3)
    resolve_keys(token, explicit)
    assert len(remote_peer.requests) == 1


@given(a=st.integers(0, 255), b=st.integers(0, 255), c=st.integers(0, 255))
def test_loopback_is_127_slash_8_ipv6_one_and_localhost_only(a, b, c):
    assert transport_policy.is_loopback_host(f"127.{a}.{b}.{c}")
    assert not transport_policy.is_loopback_host(f"{max(a, 1) if a != 127 else 128}.{b}.{c}.1")
    assert not transport_policy.insecure_remote(f"http://127.{a}.{b}.{c}:5000")
    assert transport_policy.insecure_remote(f"http://10.{a}.{b}.{c}:5000")
    assert not transport_policy.insecure_remote(f"https://10.{a}.{b}.{c}:5000")


@pytest.mark.parametrize(("host", "loopback"), [
    ("localhost", True), ("LOCALHOST", True), ("::1", True), ("[::1]", True),
    ("evil.localhost", False), ("localhost.evil.example", False), ("0.0.0.0", False),
    ("127.0.0.1.nip.io", False), ("::ffff:8.8.8.8", False), ("", False), (None, False),
])
def test_loopback_names_that_are_not_loopback(host, loopback):
    assert transport_policy.is_loopback_host(host) is loopback
