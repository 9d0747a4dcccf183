"""What verification is asked to expect and allowed to do: one object the CLI and UI fill in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tokenexplorer.tokens.times import DEFAULT_LEEWAY_S

if TYPE_CHECKING:  # for annotations only: importing options loads no key or crypto code
    from tokenexplorer.activity import ActivityLog
    from tokenexplorer.tokens.issued_with import IssuedWith
    from tokenexplorer.tokens.keys import KeySource


@dataclass
class VerifyOptions:
    leeway: float = DEFAULT_LEEWAY_S
    client_id: str | None = None
    pool_id: str | None = None
    offline: bool = False
    check_signature: bool = True
    key_source: KeySource | None = None  # None: the Cognito JWKS derived from iss
    endpoint_url: str | None = None  # an emulator (moto) serving {endpoint}/{pool}/.well-known/…
    allow_http_jwks: bool = False  # plain http, to this machine only (tests and emulators)
    allow_remote_http_jwks: bool = False  # ... and to other hosts (only an explicit CLI flag)
    timeout: float = 5.0
    activity: ActivityLog | None = None  # each JWKS fetch is recorded there when given
    issued_with: IssuedWith | None = None  # the expected nonce / companion access token
