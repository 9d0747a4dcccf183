"""Helpers for the tests of Cognito's newer features against the stand-in (newer_peer.py);
conftest.py offers `newer_peer` as a fixture."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from newer_peer import NewerPeer

from tokenexplorer.cognito.profiles import Profile

POOL = "us-east-1_NewerPool7"
CLIENT = "newerclient"
PASSWORD = "Right-Password-7"


def newer_factory(json_peer: Callable[..., Any],
                  auth_for: Callable[..., Any]) -> Callable[..., Any]:
    """start(**peer options) -> (peer, http peer, CognitoAuth of a profile pointing at it)."""

    def start(*, secret: str | None = None, name: str = "newer", profile_rotates: bool = False,
              **options: Any):
        peer = NewerPeer(POOL, CLIENT, secret=secret, **options)
        http = json_peer(peer)
        profile = Profile(name, "us-east-1", POOL, CLIENT, endpoint_url=http.url,
                          has_client_secret=secret is not None,
                          rotate_refresh_tokens=profile_rotates)
        return peer, http, auth_for(profile, client_secret=secret)

    return start


def run_cli(*args: str, stdin: str = "") -> Any:
    """`tokenexplorer ARGS` in a subprocess (the peer answers from this process's thread)."""
    import os
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "tokenexplorer", *args], input=stdin,
                          capture_output=True, text=True, timeout=60, env=dict(os.environ))
