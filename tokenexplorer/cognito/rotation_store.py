"""Storing a rotated refresh token so that no crash can lose both the old and the new one.

With rotation, Cognito invalidates the old refresh token (after a grace period of at most
60 s) once it has issued the new one, so the new one must be in the keyring before the old
one is gone. The order:

1. the new token goes to a side entry, `refresh-token-next/<profile>/<user>`;
2. it replaces the old one in the session's own entry (`keyring_store.save_refresh_token`);
3. the side entry is deleted.

A crash before 1 completes leaves the old token (still valid in the grace period); between
1 and 3 the side entry holds the new one and `load_latest` promotes it. The side entry
names (by hash) the token it replaces, and is honoured only while that token is still the
session's: one left over from an older session (signed out, then signed in again) is dropped.
"""

from __future__ import annotations

import hashlib
import json

from tokenexplorer import keyring_store
from tokenexplorer.bound_values import Target, bind
from tokenexplorer.keyring_store import StoredSession

KIND = "refresh-token-next"


def _next_key(profile: str, username: str) -> str:
    return keyring_store._key(KIND, profile, username)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def store_rotated(profile: str, username: str, token: str, *, old: str,
                  target: Target) -> None:
    """Replace `username`'s stored refresh token `old` by `token`, old one last. Raises
    KeyringUnavailable; whatever step failed, the keyring still holds a usable token."""
    if not username or not token or not target:
        raise ValueError("store_rotated needs a username, a token and a target")
    pending = json.dumps({"token": token, "replaces": _digest(old)})
    with keyring_store._lock:
        keyring_store._set("store the new refresh token", _next_key(profile, username),
                           bind(pending, target))
        keyring_store.save_refresh_token(profile, username, token, target=target)
        keyring_store._delete("tidy the new refresh token", _next_key(profile, username))


def load_latest(profile: str, *, target: Target) -> StoredSession | None:
    """The newest refresh token stored for `profile` and exactly `target`: the session's
    entry, or a side entry an interrupted `store_rotated` left (then promoted)."""
    with keyring_store._lock:
        current = keyring_store.load_refresh_token(profile, target=target)
        if current is None:
            return None
        key = _next_key(profile, current.username)
        pending = _pending(keyring_store._read_bound("read the new refresh token", key, target))
        if pending is not None:
            token, replaces = pending
            if replaces == _digest(current.token):  # interrupted between steps 1 and 3
                keyring_store.save_refresh_token(profile, current.username, token,
                                                 target=target)
                current = StoredSession(current.username, token, current.pool_id,
                                        current.target)
            keyring_store._delete("tidy the new refresh token", key)
        return current


def _pending(raw: str | None) -> tuple[str, str] | None:
    try:
        data = json.loads(raw or "")
    except ValueError:
        return None
    if isinstance(data, dict) and isinstance(data.get("token"), str) and data["token"] and \
            isinstance(data.get("replaces"), str):
        return data["token"], data["replaces"]
    return None


def forget_pending(profile: str, username: str) -> None:
    """Drop a side entry (sign-out; nothing there is not an error)."""
    with keyring_store._lock:
        keyring_store._delete("forget the new refresh token", _next_key(profile, username))
