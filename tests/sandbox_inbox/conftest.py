"""Fixtures for the Sandbox inbox tests: a pool on the real engine, a crafted inbox server."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from inbox_helpers import GetPeer

from tokenexplorer.cognito.profiles import Profile


@pytest.fixture
def engine_pool(moto_endpoint: str) -> tuple[Profile, Any]:
    """A user pool that verifies email (so SignUp sends a code) and its profile, on the
    engine over HTTP; with the admin client that made it."""
    import boto3

    admin = boto3.session.Session().client(
        "cognito-idp", region_name="us-east-1", endpoint_url=moto_endpoint,
        aws_access_key_id="test", aws_secret_access_key="test")
    pool = admin.create_user_pool(PoolName="inbox", AutoVerifiedAttributes=["email"])["UserPool"]
    client = admin.create_user_pool_client(
        UserPoolId=pool["Id"], ClientName="app",
        ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH",
                           "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]
    profile = Profile(name="Inbox test", region="us-east-1", user_pool_id=pool["Id"],
                      client_id=client["ClientId"], endpoint_url=moto_endpoint)
    return profile, admin


@pytest.fixture
def inbox_peer() -> Iterator[Callable[..., GetPeer]]:
    """Start a crafted inbox: `inbox_peer(emails=[records], sms={phone: [records]})` or
    `inbox_peer(answer=callable)`."""
    peers: list[GetPeer] = []

    def start(emails: list[Any] | None = None, sms: dict[str, Any] | None = None,
              answer: Callable[[str], tuple[int, bytes]] | None = None) -> GetPeer:
        def default(path: str) -> tuple[int, bytes]:
            if path.startswith("/_ministack/ses/messages"):
                return 200, json.dumps({"messages": {"000000000000": emails or []}}).encode()
            if path.startswith("/_ministack/sns/sms-messages"):
                return 200, json.dumps({"sms_messages": sms or {}}).encode()
            return 404, b"{}"

        peer = GetPeer(answer or default)
        peers.append(peer)
        return peer

    yield start
    for peer in peers:
        peer.close()


@pytest.fixture
def closed_url() -> str:
    """http://127.0.0.1:PORT where nothing listens."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def state(qtbot):
    """An AppState for one test (closed after it: a sandbox it started stops)."""
    from tokenexplorer.ui.state import AppState

    app_state = AppState()
    yield app_state
    app_state.close()
