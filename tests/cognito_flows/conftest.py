"""Fixtures for the Cognito flow tests: pools on the moto server, local HTTP peers."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from cognito_flow_helpers import JsonPeer, PoolMaker

from tokenexplorer.cognito.profiles import Profile


@pytest.fixture
def admin(engine_endpoint: str) -> Any:
    """An admin (signed, dummy credentials) client for setting pools up, no retries."""
    import boto3
    from botocore.config import Config

    return boto3.session.Session().client(
        "cognito-idp", region_name="us-east-1", endpoint_url=engine_endpoint,
        aws_access_key_id="test", aws_secret_access_key="test",
        config=Config(retries={"max_attempts": 1}),
    )


@pytest.fixture
def make_pool(admin: Any, engine_endpoint: str) -> PoolMaker:
    return PoolMaker(admin, engine_endpoint)


@pytest.fixture
def auth_for() -> Callable[..., Any]:
    """CognitoAuth for a profile with short timeouts and no retries (tests stay fast)."""
    from tokenexplorer.cognito.auth import CognitoAuth

    def build(profile: Profile, **kwargs: Any) -> CognitoAuth:
        kwargs.setdefault("connect_timeout", 2)
        kwargs.setdefault("read_timeout", 3)
        kwargs.setdefault("retries", 0)
        auth = CognitoAuth(profile, **kwargs)
        auth._idp()  # build the boto3 client now, not inside a test's timed section
        return auth

    return build


@pytest.fixture
def json_peer() -> Iterator[Callable[..., JsonPeer]]:
    peers: list[JsonPeer] = []

    def start(handler: Callable[[str, dict[str, Any]], tuple[int, Any]]) -> JsonPeer:
        peer = JsonPeer(handler)
        peers.append(peer)
        return peer

    yield start
    for peer in peers:
        peer.close()


@pytest.fixture
def closed_port() -> str:
    """The URL of a 127.0.0.1 port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def newer(json_peer: Callable[..., JsonPeer], auth_for: Callable[..., Any]) -> Callable[..., Any]:
    """The newer-features stand-in (newer_peer.py) over HTTP: start(**options) -> (peer,
    http peer, CognitoAuth of a profile pointing at it)."""
    from newer_helpers import newer_factory

    return newer_factory(json_peer, auth_for)
