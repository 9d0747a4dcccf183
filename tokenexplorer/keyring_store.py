"""The one module that touches the OS keyring: refresh tokens and client secrets.

Backends are chosen explicitly — Secret Service on Linux/BSD, the macOS
Keychain, the Windows Credential Locker — never keyring's automatic choice, which could pick
a plaintext or encrypted-file backend from `keyrings.alt`. When none is usable every call
raises `KeyringUnavailable` with a plain reason and nothing is written anywhere else.

Entries live under the service name `SERVICE`, keyed `refresh-token/<profile>/<user>`,
`client-secret/<profile>` and `session-users/<profile>` (parts percent-encoded so no two keys
collide); the last is a non-secret index of who has a session, for which pool and target.

Every secret is stored together with its *target* (`cognito.binding`: endpoint, region, pool,
app client) in the same entry, and `load_refresh_token` / `load_client_secret` hand a secret
out only for the exact target it was stored with: this is the one place a remembered secret
is read for use, so it cannot follow a profile's name to another server. Entries without a
target (older versions) are never handed out.

Calls block (D-Bus round trips, possibly an unlock prompt): call them from worker threads.
A module lock serialises them, so they are safe from several threads.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import quote

from tokenexplorer import bound_values
from tokenexplorer.bound_values import Target
from tokenexplorer.explained import ExplainedError
from tokenexplorer.keyring_backends import Backend, open_backend
from tokenexplorer.keyring_backends import candidates as _candidates
from tokenexplorer.keyring_calls import NoAnswer, with_timeout
from tokenexplorer.keyring_calls import plain as _plain

SERVICE = "tokenexplorer"

log = logging.getLogger(__name__)

_lock = threading.RLock()
_status: KeyringStatus | None = None
_backend: Backend | None = None
# The Windows Credential Locker holds at most 2560 bytes (1280 UTF-16 characters) per entry and
# a Cognito refresh token is longer: longer values are stored in numbered parts.
WINDOWS_VALUE_LIMIT = 1000
_value_limit: int | None = WINDOWS_VALUE_LIMIT if sys.platform == "win32" else None
_CHUNK_MARKER = "tokenexplorer-parts:"
CALL_TIMEOUT_S = 60.0


class KeyringUnavailable(ExplainedError):
    """No secure keyring can be used; `reason` says why in plain words (never a secret)."""

    def __init__(self, reason: str) -> None:
        super().__init__("KeyringUnavailable", reason)
        self.reason = reason


@dataclass(frozen=True)
class KeyringStatus:
    usable: bool
    backend: str  # human name of the backend in use, "none" when unusable
    is_system: bool  # True when it is the platform's own secure store
    reason: str  # why it is unusable, or a short description when usable


@dataclass(frozen=True)
class SessionEntry:
    """One row of the non-secret index: who has a stored session, from which user pool and
    target (None for entries written before they were recorded)."""

    username: str
    pool_id: str | None = None
    target: dict[str, str] | None = None


@dataclass(frozen=True)
class StoredSession:
    username: str
    token: str
    pool_id: str | None = None
    target: dict[str, str] | None = None

    def __repr__(self) -> str:  # keep the token out of logs and tracebacks
        return f"StoredSession(username={self.username!r}, token=<{len(self.token)} chars>)"


T = TypeVar("T")


def _probe() -> tuple[KeyringStatus, Backend | None]:
    reasons: list[str] = []
    for human, load_class in _candidates():
        try:
            opening = functools.partial(open_backend, load_class, SERVICE)
            backend = with_timeout(CALL_TIMEOUT_S, opening)
        except Exception as exc:  # any failure means "not usable", with its reason
            reasons.append(f"{human}: {_plain(exc)}")
            continue
        return KeyringStatus(True, human, True, f"Using the system keyring ({human})."), backend
    reason = "No secure keyring is usable, so nothing can be remembered. " + "; ".join(reasons)
    return KeyringStatus(False, "none", False, reason), None


def keyring_status() -> KeyringStatus:
    """Which secure keyring is in use, or why none is. Probed once, then cached."""
    global _status, _backend
    with _lock:
        if _status is None:
            _status, _backend = _probe()
            log.info("keyring: usable=%s backend=%s", _status.usable, _status.backend)
        return _status


def refresh_status() -> KeyringStatus:
    """Probe again (e.g. after the user unlocked their keyring)."""
    global _status, _backend
    with _lock:
        _status, _backend = None, None
        return keyring_status()


def _usable_backend() -> Backend:
    status = keyring_status()
    if not status.usable or _backend is None:
        raise KeyringUnavailable(status.reason)
    return _backend


def _read(action: str, key: str) -> str | None:
    return _call(action, lambda backend: backend.get_password(SERVICE, key))


def _write(action: str, key: str, value: str) -> None:
    _call(action, lambda backend: backend.set_password(SERVICE, key, value))


def _erase(action: str, key: str) -> None:
    """Delete one entry; one that is not there is not an error."""
    _call(action, lambda backend: backend.delete_password(SERVICE, key), deleting=True)


def _call(action: str, op: Callable[[Backend], T], *, deleting: bool = False) -> T | None:
    global _status, _backend
    with _lock:
        backend = _usable_backend()
        try:
            return with_timeout(CALL_TIMEOUT_S, lambda: op(backend))
        except NoAnswer as exc:
            # Later calls fail at once instead of waiting again; refresh_status() re-probes.
            reason = f"The keyring stopped answering: {exc}."
            _status, _backend = KeyringStatus(False, "none", False, reason), None
            raise KeyringUnavailable(reason) from None
        except Exception as exc:
            from keyring.errors import PasswordDeleteError

            if deleting and isinstance(exc, PasswordDeleteError):
                return None  # nothing to delete is not an error
            # Never echo the arguments: one of them may be the secret.
            raise KeyringUnavailable(f"The keyring refused to {action}: {_plain(exc)}") from None


def _key(kind: str, *parts: str) -> str:
    return "/".join([kind, *(quote(part, safe="") for part in parts)])


def _get(action: str, key: str) -> str | None:
    value = _read(action, key)
    if value is None or not value.startswith(_CHUNK_MARKER):
        return value
    try:
        count = int(value[len(_CHUNK_MARKER):])
    except ValueError:
        return None
    parts = [_read(action, f"{key}#{index}") for index in range(count)]
    if any(part is None for part in parts):
        return None  # a half-written value is no value
    return "".join(part or "" for part in parts)


def _chunk_count(action: str, key: str) -> int:
    """How many parts the stored value has (0 when whole; values are split only when the
    backend has a length limit, so there is nothing to look up otherwise)."""
    if _value_limit is None:
        return 0
    value = _read(action, key)
    if value and value.startswith(_CHUNK_MARKER):
        try:
            return int(value[len(_CHUNK_MARKER):])
        except ValueError:
            return 0
    return 0


def _set(action: str, key: str, value: str) -> None:
    """Store value; split into numbered parts when the backend limits its length."""
    old_parts = _chunk_count(action, key)
    limit = _value_limit
    if limit is None or len(value) <= limit:
        _write(action, key, value)
        new_parts = 0
    else:
        parts = [value[start:start + limit] for start in range(0, len(value), limit)]
        for index, part in enumerate(parts):
            _write(action, f"{key}#{index}", part)
        _write(action, key, f"{_CHUNK_MARKER}{len(parts)}")
        new_parts = len(parts)
    for index in range(new_parts, old_parts):
        _erase(action, f"{key}#{index}")


def _delete(action: str, key: str) -> None:
    for index in range(_chunk_count(action, key)):
        _erase(action, f"{key}#{index}")
    _erase(action, key)


def _session_entries(profile: str) -> list[SessionEntry]:
    raw = _get("read the stored sessions", _key("session-users", profile))
    if not raw:
        return []
    try:
        rows = json.loads(raw)
    except ValueError:
        return []
    if not isinstance(rows, list):
        return []
    entries = []
    for row in rows:  # a bare name (older index) or {"user": …, "pool": …, "target": …}
        if isinstance(row, str):
            entries.append(SessionEntry(row))
        elif isinstance(row, dict) and isinstance(row.get("user"), str):
            pool, target = row.get("pool"), bound_values.target(row.get("target"))
            entries.append(SessionEntry(row["user"], pool if isinstance(pool, str) else None,
                                        target))
    return entries


def _write_session_entries(profile: str, entries: list[SessionEntry]) -> None:
    key = _key("session-users", profile)
    if entries:
        rows = [{"user": e.username, "pool": e.pool_id, "target": e.target} for e in entries]
        _set("record the stored session", key, json.dumps(rows))
    else:
        _delete("forget the stored session", key)


def save_refresh_token(profile: str, username: str, token: str, *, target: Target) -> None:
    """Remember `username`'s refresh token for `profile` (one entry per profile and user),
    bound to `target`, the server it came from (also recorded, not secret, in the index)."""
    if not username or not token or not target:
        raise ValueError("save_refresh_token needs a username, a token and a target")
    with _lock:
        _set("store the refresh token", _key("refresh-token", profile, username),
             bound_values.bind(token, target))
        entries = [SessionEntry(username, target.get("pool") or None, dict(target))] + [
            entry for entry in _session_entries(profile) if entry.username != username]
        _write_session_entries(profile, entries)


def _matches(entry: SessionEntry, pool_id: str | None) -> bool:
    return pool_id is None or entry.pool_id is None or entry.pool_id == pool_id


def load_refresh_token(profile: str, *, target: Target) -> StoredSession | None:
    """The most recently remembered session of `profile` that was stored for exactly
    `target`, or None. Sessions of another target, or of none, are never returned."""
    with _lock:
        for entry in _session_entries(profile):
            key = _key("refresh-token", profile, entry.username)
            token = _read_bound("read the refresh token", key, target)
            if token:
                return StoredSession(entry.username, token, entry.pool_id, dict(target))
        return None


def stored_sessions(profile: str) -> list[SessionEntry]:
    """Who has a remembered session for `profile` and from which pool, most recent first."""
    with _lock:
        return _session_entries(profile)


def stored_session_users(profile: str, pool_id: str | None = None) -> list[str]:
    """Usernames with a remembered session for `profile` (of `pool_id` when given)."""
    with _lock:
        return [e.username for e in _session_entries(profile) if _matches(e, pool_id)]


def delete_refresh_token(profile: str, username: str | None = None) -> None:
    """Forget one user's session of `profile`, or all of them when `username` is None."""
    with _lock:
        entries = _session_entries(profile)
        doomed = [e.username for e in entries] if username is None else [username]
        for user in doomed:
            _delete("delete the refresh token", _key("refresh-token", profile, user))
        _write_session_entries(profile, [e for e in entries if e.username not in doomed])


def save_client_secret(profile: str, secret: str, *, target: Target) -> None:
    """Store the app client's secret, bound to `target` (the client and server it is for)."""
    if not secret or not target:
        raise ValueError("save_client_secret needs a secret and a target; "
                         "use delete_client_secret")
    _set("store the client secret", _key("client-secret", profile),
         bound_values.bind(secret, target))


def _read_bound(action: str, key: str, target: Target) -> str | None:
    """The secret at `key` only when it is bound to exactly `target`: THE check."""
    secret, bound = bound_values.unbind(_get(action, key))
    return secret if secret and bound is not None and bound == dict(target) else None


def load_client_secret(profile: str, *, target: Target) -> str | None:
    """The secret when it was stored for exactly `target`, else None."""
    return _read_bound("read the client secret", _key("client-secret", profile), target)


def client_secret_binding(profile: str) -> tuple[bool, dict[str, str] | None]:
    """(a client secret is stored, the target it is bound to): never the secret itself."""
    secret, bound = bound_values.unbind(
        _get("read the client secret", _key("client-secret", profile)))
    return bool(secret), bound


def copy_profile_entries(old: str, new: str, *, sessions: bool, keep_old: bool) -> None:
    """Carry `old`'s client secret (and with `sessions` its stored sessions) over to the
    profile name `new`, each with the target it is bound to (a rename or a duplicate)."""
    with _lock:
        raw = _get("read the client secret", _key("client-secret", old))
        if raw:
            _set("store the client secret", _key("client-secret", new), raw)
        entries = _session_entries(old) if sessions else []
        for entry in reversed(entries):
            token = _get("read the refresh token", _key("refresh-token", old, entry.username))
            if token:
                _set("store the refresh token", _key("refresh-token", new, entry.username), token)
        if entries:
            _write_session_entries(new, entries)
        if not keep_old:
            delete_client_secret(old)
            if sessions:
                delete_refresh_token(old)


def delete_client_secret(profile: str) -> None:
    _delete("delete the client secret", _key("client-secret", profile))


def delete_profile_entries(profile: str) -> None:
    """Everything stored for `profile`: its sessions and its client secret."""
    with _lock:
        delete_refresh_token(profile)
        delete_client_secret(profile)
