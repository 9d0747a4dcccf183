"""Fixtures for identity-pool credentials and S3: a seeded emulator and a fault proxy.

The engine (ministack) never answers ExpiredToken or a region redirect, so `fault_proxy`
is an HTTP proxy (HTTP_PROXY, which botocore honours like any AWS SDK) in front of it that
answers those the way S3 does when a rule says so; everything else is forwarded unchanged.
A forward proxy, not a reverse one: the engine checks SigV4, whose signature covers the
Host header, and its guard answers only its own host and port.
"""

from __future__ import annotations

import http.client
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.engine_world import ALL_OF_S3, admin, give_roles, make_world


@pytest.fixture
def sandbox(engine_endpoint):
    """A pool, its demo user, an identity pool (roles allowing S3) and a bucket on a
    fresh engine (tests/engine_world: the tests' own set-up, not the app's sandbox)."""
    return make_world(engine_endpoint)


@pytest.fixture
def profile(sandbox):
    return sandbox.profile()


def boto(service: str, endpoint: str) -> Any:
    """A plain boto3 client with the engine's admin keys (never through a test's proxy)."""
    return admin(service, endpoint)


@pytest.fixture
def id_token(sandbox):
    """An ID token of the sandbox's demo user (USER_PASSWORD_AUTH, straight from boto3)."""
    answer = boto("cognito-idp", sandbox.endpoint_url).initiate_auth(
        ClientId=sandbox.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": sandbox.username, "PASSWORD": sandbox.password},
    )
    return answer["AuthenticationResult"]["IdToken"]


@pytest.fixture
def alice_id_token(sandbox):
    """An ID token of a second user, alice, made in the sandbox's pool for this test."""
    idp = boto("cognito-idp", sandbox.endpoint_url)
    password = "Alice-Wonder-1"
    idp.admin_create_user(UserPoolId=sandbox.user_pool_id, Username="alice",
                          TemporaryPassword=password, MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=sandbox.user_pool_id, Username="alice",
                                Password=password, Permanent=True)
    answer = idp.initiate_auth(
        ClientId=sandbox.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "alice", "PASSWORD": password},
    )
    return answer["AuthenticationResult"]["IdToken"]


class FakeClock:
    """A Session's clock that a test moves (to make refresh due without waiting)."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def session_of(sandbox):
    """session_of(username=demo) → (Session, its ActivityLog, its FakeClock): a real
    sign-in (USER_PASSWORD_AUTH) of a sandbox user, created first when not the demo user."""
    from tokenexplorer.activity import ActivityLog
    from tokenexplorer.cognito.auth import CognitoAuth, Tokens
    from tokenexplorer.cognito.session import Session

    profile = sandbox.profile()

    def sign_in(username: str | None = None) -> tuple[Session, ActivityLog, FakeClock]:
        username = username or sandbox.username
        password = sandbox.password
        if username != sandbox.username:
            password = "Other-User-Pass-1"
            idp = boto("cognito-idp", sandbox.endpoint_url)
            idp.admin_create_user(UserPoolId=sandbox.user_pool_id, Username=username,
                                  TemporaryPassword=password, MessageAction="SUPPRESS")
            idp.admin_set_user_password(UserPoolId=sandbox.user_pool_id, Username=username,
                                        Password=password, Permanent=True)
        log, clock = ActivityLog(), FakeClock()
        auth = CognitoAuth(profile, activity=log)
        tokens = auth.sign_in(username, password, flow="password")
        assert isinstance(tokens, Tokens), tokens
        return Session(auth, tokens, profile_name=profile.name, clock=clock), log, clock

    return sign_in


@pytest.fixture
def s3_admin(engine_endpoint):
    """A plain boto3 S3 client on the emulator, to set up and check state independently."""
    return boto("s3", engine_endpoint)


@pytest.fixture
def guest_profile(engine_endpoint):
    """A profile with only what S3 tests need: an identity pool allowing guests (cheaper to
    make than the whole sandbox). Its user pool ID is never called."""
    from tokenexplorer.cognito.profiles import Profile

    pool = boto("cognito-identity", engine_endpoint).create_identity_pool(
        IdentityPoolName="s3tests", AllowUnauthenticatedIdentities=True
    )
    give_roles(engine_endpoint, pool["IdentityPoolId"], guest=ALL_OF_S3)
    return Profile(
        name="s3tests", region="us-east-1", user_pool_id="us-east-1_unused",
        client_id="unused", identity_pool_id=pool["IdentityPoolId"],
        endpoint_url=engine_endpoint,
    )


# ---------------------------------------------------------------- the fault proxy

_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/([^/]+)/([^/]+)/aws4_request")


@dataclass
class Seen:
    method: str
    path: str
    service: str | None
    region: str | None


@dataclass
class FaultProxy:
    url: str  # the endpoint to give the app: the engine's, reached through the proxy
    target: str
    # Each rule gets (Seen) and returns None (forward) or (status, headers, body).
    rules: list[Callable[[Seen], tuple[int, dict[str, str], bytes] | None]] = field(
        default_factory=list
    )
    seen: list[Seen] = field(default_factory=list)
    delay: float = 0.0  # seconds each forwarded request waits: makes transfers interruptible


def _error_xml(code: str, message: str, **extra: str) -> bytes:
    parts = "".join(f"<{k}>{v}</{k}>" for k, v in extra.items())
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Error><Code>{code}</Code>'
        f"<Message>{message}</Message>{parts}<RequestId>proxy</RequestId></Error>"
    ).encode()


@pytest.fixture
def s3_error_xml():
    """Builds an S3 error document: s3_error_xml(code, message, **extra elements)."""
    return _error_xml


@pytest.fixture
def fault_proxy(engine_endpoint, monkeypatch):
    target = urlsplit(engine_endpoint)
    state = SimpleNamespace(proxy=None)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            return None

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            scope = _SCOPE.search(self.headers.get("Authorization", ""))
            parts = urlsplit(self.path)  # a proxy's request line holds the absolute URL
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            seen = Seen(
                self.command, path, scope.group(2) if scope else None,
                scope.group(1) if scope else None,
            )
            proxy: FaultProxy = state.proxy
            proxy.seen.append(seen)
            for rule in list(proxy.rules):
                answer = rule(seen)
                if answer is not None:
                    status, headers, payload = answer
                    self.send_response(status)
                    for name, value in {"Content-Type": "application/xml", **headers}.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
            if proxy.delay:
                time.sleep(proxy.delay)
            connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
            headers = {k: v for k, v in self.headers.items()
                       if k.lower() not in ("proxy-connection", "proxy-authorization")}
            connection.request(self.command, path, body=body, headers=headers)
            response = connection.getresponse()
            payload = response.read()
            self.send_response(response.status)
            for name, value in response.getheaders():
                if name.lower() not in ("transfer-encoding", "connection", "content-length",
                                        "server", "date"):
                    self.send_header(name, value)
            length = response.getheader("Content-Length") if self.command == "HEAD" else None
            self.send_header("Content-Length", length or str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)
            connection.close()

        do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _handle

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    host, port = server.server_address[:2]
    state.proxy = FaultProxy(engine_endpoint, engine_endpoint)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name in ("HTTP_PROXY", "http_proxy"):
        monkeypatch.setenv(name, f"http://{host}:{port}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state.proxy
    server.shutdown()
    server.server_close()
