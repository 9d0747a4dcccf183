"""When a password, client secret or refresh token may go over the network: the one policy.

Plain http to another machine carries them in clear to anyone on the path. Every Cognito
call passes `check_secret_transport` before it is sent (`CognitoAuth._call`): secret-bearing
calls to a non-loopback `http://` endpoint are refused with `InsecureTransport`, unless the
user explicitly allowed it (`--allow-insecure-http`, or the profile's `allow_insecure_http`),
and then a warning is given at every such call. Loopback emulators (127.0.0.0/8, ::1,
`localhost`) and https stay allowed. Calls with no secret in them (SRP's first step,
ForgotPassword, GetId) are not affected.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from tokenexplorer.cognito.errors import INSECURE_TRANSPORT, CognitoError

log = logging.getLogger(__name__)

PASSWORD_KEYS = frozenset({"PASSWORD", "NEW_PASSWORD", "Password", "PreviousPassword",
                           "ProposedPassword"})
CLIENT_SECRET_KEYS = frozenset({"SECRET_HASH", "SecretHash", "ClientSecret"})
REFRESH_KEYS = frozenset({"REFRESH_TOKEN", "RefreshToken"})
ALLOW_FLAG = "--allow-insecure-http"


def is_loopback_host(host: str | None) -> bool:
    """127.0.0.0/8, ::1 or exactly `localhost` (a `*.localhost` name may go to DNS)."""
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def insecure_remote(url: str | None) -> bool:
    """True for a plain-http URL whose host is not this machine."""
    if not url:
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return True
    return parts.scheme.lower() != "https" and not is_loopback_host(parts.hostname)


def http_jwks_allowed(url: str, allow_http: bool, allow_remote: bool) -> bool:
    """Whether a JWKS may be fetched from `url` over plain http: `allow_http` (a loopback
    emulator profile, `--allow-http-jwks`) covers this machine only; other hosts need
    `allow_remote` too (the CLI's explicit flag; the window never sets it)."""
    return allow_http and (allow_remote or not insecure_remote(url))


def secrets_in(params: Mapping[str, Any], operation: str = "") -> list[str]:
    """What secret kinds a call's parameters carry, in words (looks one level deep)."""
    keys = set(params)
    for value in params.values():
        if isinstance(value, Mapping):
            keys.update(str(key) for key in value)
    kinds = []
    if keys & PASSWORD_KEYS:
        kinds.append("a password")
    if keys & CLIENT_SECRET_KEYS:
        kinds.append("the client secret")
    if keys & REFRESH_KEYS or operation == "revoke_token":
        kinds.append("a refresh token")
    return kinds


class InsecureTransport(CognitoError):
    """A secret-bearing call to a remote plain-http endpoint was refused (nothing sent)."""


def check_secret_transport(endpoint_url: str | None, kinds: list[str], *, allowed: bool,
                           warn: Callable[[str], None] | None = None,
                           operation: str = "") -> None:
    """Raise InsecureTransport for a call carrying `kinds` to a remote plain-http endpoint,
    unless `allowed`; then call `warn` (every time) with a sentence saying what went."""
    if not kinds or not insecure_remote(endpoint_url):
        return
    what = " and ".join(kinds)
    host = urlsplit(endpoint_url or "").hostname or endpoint_url
    if allowed:
        text = (f"warning: {what} went UNENCRYPTED over plain http to {host} "
                f"({operation or 'call'}): allowed for this profile, readable by anyone on "
                "the network path.")
        log.warning("%s", text)
        if warn is not None:
            warn(text)
        return
    raise InsecureTransport(
        INSECURE_TRANSPORT,
        f"Refused to send {what} to {endpoint_url}: it is plain http to another machine, so "
        "anyone on the network path could read it. Nothing was sent. Use https, an emulator "
        f"on this machine, or — knowing the risk — allow it for this profile "
        f"('tokenexplorer profile add … --replace {ALLOW_FLAG}') or for one command "
        f"({ALLOW_FLAG}).",
        original_code=INSECURE_TRANSPORT,
    )
