"""The one module that touches the OS keyring: refresh tokens and client secrets.

Backends are chosen explicitly — Secret Service on Linux/BSD, the macOS
Keychain, the Windows Credential Locker — never keyring's automatic choice, which could pick
a plaintext or encrypted-file backend from `keyrings.alt`. When none is usable every call
raises `KeyringUnavailable` with a plain reason and nothing is written anywhere else.

All entries live under the service name `SERVICE`; the keyring "username" of an entry is a
key built here (`refresh-token/<profile>/<user>`, `client-secret/<profile>`,
`session-users/<profile>`), with the parts percent-encoded so no two keys collide. The last
one is a small non-secret index (which users of a profile have a stored session, and the user
pool each session belongs to) kept in the keyring itself, so `load_refresh_token(profile)`
needs no file on disk, and a session of a pool the profile no longer points at (a restarted
sandbox) is recognised without a network call.

Calls block (D-Bus round trips, possibly an unlock prompt): call them from worker threads.
A module lock serialises them, so they are safe from several threads.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

SERVICE = "tokenexplorer"

log = logging.getLogger(__name__)

_lock = threading.RLock()
_status: KeyringStatus | None = None
_backend: Any = None
# The Windows Credential Locker holds at most 2560 bytes (1280 UTF-16 characters) per entry and
# a Cognito refresh token is longer: longer values are stored in numbered parts.
WINDOWS_VALUE_LIMIT = 1000
_value_limit: int | None = WINDOWS_VALUE_LIMIT if sys.platform == "win32" else None
_CHUNK_MARKER = "tokenexplorer-parts:"
CALL_TIMEOUT_S = 60.0


class KeyringUnavailable(Exception):
    """No secure keyring can be used; `reason` says why in plain words (never a secret)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class KeyringStatus:
    usable: bool
    backend: str  # human name of the backend in use, "none" when unusable
    is_system: bool  # True when it is the platform's own secure store
    reason: str  # why it is unusable, or a short description when usable


@dataclass(frozen=True)
class SessionEntry:
    """One row of the non-secret index: who has a stored session, from which user pool
    (None for entries written before the pool was recorded)."""

    username: str
    pool_id: str | None = None


@dataclass(frozen=True)
class StoredSession:
    username: str
    token: str
    pool_id: str | None = None

    def __repr__(self) -> str:  # keep the token out of logs and tracebacks
        return f"StoredSession(username={self.username!r}, token=<{len(self.token)} chars>)"


def _secret_service_class() -> Any:
    from keyring.backends import SecretService

    return SecretService.Keyring


def _macos_class() -> Any:
    from keyring.backends import macOS

    return macOS.Keyring


def _windows_class() -> Any:
    from keyring.backends import Windows

    return Windows.WinVaultKeyring


# (human name, loader) tried in order; the first usable one wins. The imports are written
# out (not by name) so that PyInstaller bundles exactly these backends.
def _candidates() -> list[tuple[str, Callable[[], Any]]]:
    if sys.platform == "darwin":
        return [("macOS Keychain", _macos_class)]
    if sys.platform == "win32":
        return [("Windows Credential Locker", _windows_class)]
    # Secret Service is spoken by GNOME Keyring, KeePassXC and (Plasma >= 5.97) KWallet.
    return [("Secret Service", _secret_service_class)]


def _plain(exc: BaseException) -> str:
    """A short reason from a keyring/D-Bus error (these never carry the secret itself)."""
    text = str(exc).strip() or type(exc).__name__
    first_line = text.splitlines()[0][:300]
    lowered = first_line.lower()
    if "prompt dismissed" in lowered or "unlock" in lowered or "locked" in lowered:
        return f"the keyring is locked and was not unlocked ({first_line})"
    if isinstance(exc, OSError) or "d-bus" in lowered or "dbus" in lowered:
        return f"no D-Bus session or keyring service could be reached ({first_line})"
    return first_line


class _NoAnswer(Exception):
    pass


def _with_timeout(func: Callable[..., Any], *args: Any) -> Any:
    """Run func in a helper thread; a keyring daemon that hangs must not hang the caller.
    The limit is generous because an unlock prompt may be waiting for the user."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = func(*args)
        except BaseException as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=target, name="keyring-call", daemon=True)
    worker.start()
    worker.join(CALL_TIMEOUT_S)
    if worker.is_alive():
        raise _NoAnswer(f"the keyring service did not answer within {CALL_TIMEOUT_S:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def _open_backend(load_class: Callable[[], Any]) -> Any:
    backend_class = load_class()
    priority = backend_class.priority  # raises when the backend cannot work here
    if not priority or priority <= 0:
        raise RuntimeError("not available on this system")
    backend = backend_class()
    # A read of an entry that does not exist: needs the keyring unlocked, writes nothing.
    backend.get_password(SERVICE, "probe/unlocked")
    return backend


def _probe() -> tuple[KeyringStatus, Any]:
    reasons: list[str] = []
    for human, load_class in _candidates():
        try:
            backend = _with_timeout(_open_backend, load_class)
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


def _usable_backend() -> Any:
    status = keyring_status()
    if not status.usable:
        raise KeyringUnavailable(status.reason)
    return _backend


def _call(action: str, method: str, *args: str) -> Any:
    global _status, _backend
    with _lock:
        backend = _usable_backend()
        try:
            return _with_timeout(getattr(backend, method), SERVICE, *args)
        except _NoAnswer as exc:
            # Later calls fail at once instead of waiting again; refresh_status() re-probes.
            reason = f"The keyring stopped answering: {exc}."
            _status, _backend = KeyringStatus(False, "none", False, reason), None
            raise KeyringUnavailable(reason) from None
        except Exception as exc:
            from keyring.errors import PasswordDeleteError

            if method == "delete_password" and isinstance(exc, PasswordDeleteError):
                return None  # nothing to delete is not an error
            # Never echo the arguments: one of them may be the secret.
            raise KeyringUnavailable(f"The keyring refused to {action}: {_plain(exc)}") from None


def _key(kind: str, *parts: str) -> str:
    return "/".join([kind, *(quote(part, safe="") for part in parts)])


def _get(action: str, key: str) -> str | None:
    value = _call(action, "get_password", key)
    if value is None or not value.startswith(_CHUNK_MARKER):
        return value
    try:
        count = int(value[len(_CHUNK_MARKER):])
    except ValueError:
        return None
    parts = [_call(action, "get_password", f"{key}#{index}") for index in range(count)]
    if any(part is None for part in parts):
        return None  # a half-written value is no value
    return "".join(part or "" for part in parts)


def _chunk_count(action: str, key: str) -> int:
    """How many parts the stored value has (0 when whole; values are split only when the
    backend has a length limit, so there is nothing to look up otherwise)."""
    if _value_limit is None:
        return 0
    value = _call(action, "get_password", key)
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
        _call(action, "set_password", key, value)
        new_parts = 0
    else:
        parts = [value[start:start + limit] for start in range(0, len(value), limit)]
        for index, part in enumerate(parts):
            _call(action, "set_password", f"{key}#{index}", part)
        _call(action, "set_password", key, f"{_CHUNK_MARKER}{len(parts)}")
        new_parts = len(parts)
    for index in range(new_parts, old_parts):
        _call(action, "delete_password", f"{key}#{index}")


def _delete(action: str, key: str) -> None:
    for index in range(_chunk_count(action, key)):
        _call(action, "delete_password", f"{key}#{index}")
    _call(action, "delete_password", key)


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
    for row in rows:  # a bare name (older index) or {"user": …, "pool": …}
        if isinstance(row, str):
            entries.append(SessionEntry(row))
        elif isinstance(row, dict) and isinstance(row.get("user"), str):
            pool = row.get("pool")
            entries.append(SessionEntry(row["user"], pool if isinstance(pool, str) else None))
    return entries


def _write_session_entries(profile: str, entries: list[SessionEntry]) -> None:
    key = _key("session-users", profile)
    if entries:
        rows = [{"user": e.username, "pool": e.pool_id} if e.pool_id else e.username
                for e in entries]
        _set("record the stored session", key, json.dumps(rows))
    else:
        _delete("forget the stored session", key)


def save_refresh_token(profile: str, username: str, token: str,
                       pool_id: str | None = None) -> None:
    """Remember `username`'s refresh token for `profile` (one entry per profile and user);
    `pool_id` (not secret) is recorded in the index so a stale session can be told apart."""
    if not username or not token:
        raise ValueError("save_refresh_token needs a username and a token")
    with _lock:
        _set("store the refresh token", _key("refresh-token", profile, username), token)
        entries = [SessionEntry(username, pool_id or None)] + [
            entry for entry in _session_entries(profile) if entry.username != username]
        _write_session_entries(profile, entries)


def _matches(entry: SessionEntry, pool_id: str | None) -> bool:
    return pool_id is None or entry.pool_id is None or entry.pool_id == pool_id


def load_refresh_token(profile: str, pool_id: str | None = None) -> StoredSession | None:
    """The most recently remembered session of `profile` (of user pool `pool_id` when given:
    sessions recorded for another pool are skipped), or None."""
    with _lock:
        for entry in _session_entries(profile):
            if not _matches(entry, pool_id):
                continue
            token = _get("read the refresh token", _key("refresh-token", profile, entry.username))
            if token:
                return StoredSession(entry.username, token, entry.pool_id)
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


def save_client_secret(profile: str, secret: str) -> None:
    if not secret:
        raise ValueError("save_client_secret needs a secret; use delete_client_secret")
    _set("store the client secret", _key("client-secret", profile), secret)


def load_client_secret(profile: str) -> str | None:
    return _get("read the client secret", _key("client-secret", profile)) or None


def delete_client_secret(profile: str) -> None:
    _delete("delete the client secret", _key("client-secret", profile))


def delete_profile_entries(profile: str) -> None:
    """Everything stored for `profile`: its sessions and its client secret."""
    with _lock:
        delete_refresh_token(profile)
        delete_client_secret(profile)
