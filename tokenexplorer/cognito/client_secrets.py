"""A profile's app client secret: in the keyring, or this process's memory, never a file.

Each secret is stored bound to its target (`binding.target_of`: endpoint, region, pool,
client) and handed out only to a profile that still names that target, so a changed
endpoint or client never receives the old secret. When no secure keyring is usable the
secret stays in memory (with its target) and `secret_storage_state()` says so.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from typing import TYPE_CHECKING, Literal

from tokenexplorer import keyring_store
from tokenexplorer.cognito import binding

if TYPE_CHECKING:
    from tokenexplorer.cognito.profiles import Profile

SecretLocation = Literal["keyring", "memory", "none"]

log = logging.getLogger(__name__)

_memory_secrets: dict[str, tuple[str, binding.Target]] = {}
_memory_lock = threading.Lock()


def set_client_secret(profile: Profile, secret: str | None) -> SecretLocation:
    """Store (or with None/"" delete) `profile`'s client secret, bound to its current target.
    Returns where it now lives: "keyring", or "memory" when no secure keyring is usable."""
    name = profile.name
    with _memory_lock:
        _memory_secrets.pop(name, None)
    if not secret:
        with contextlib.suppress(keyring_store.KeyringUnavailable):
            keyring_store.delete_client_secret(name)
        return "none"
    target = binding.target_of(profile)
    try:
        keyring_store.save_client_secret(name, secret, target=target)
        return "keyring"
    except keyring_store.KeyringUnavailable as exc:
        log.info("client secret kept in memory only: %s", exc.reason)
        with _memory_lock:
            _memory_secrets[name] = (secret, target)
        return "memory"


def client_secret_for(profile: Profile) -> str | None:
    """The profile's client secret when it was stored for the profile's current target;
    None when there is none, or it belongs to another endpoint/pool/client."""
    target = binding.target_of(profile)
    with _memory_lock:
        held = _memory_secrets.get(profile.name)
    if held is not None:
        return held[0] if held[1] == target else None
    if not profile.has_client_secret:
        return None
    try:
        return keyring_store.load_client_secret(profile.name, target=target)
    except keyring_store.KeyringUnavailable:
        return None


def bound_elsewhere(profile: Profile) -> str | None:
    """Why a stored client secret is not used for `profile` (it belongs to another target),
    or None when it is usable or there is none. Never the secret."""
    target = binding.target_of(profile)
    with _memory_lock:
        held = _memory_secrets.get(profile.name)
    if held is not None:
        stored: binding.Target | None = held[1]
    else:
        try:
            present, stored = keyring_store.client_secret_binding(profile.name)
        except keyring_store.KeyringUnavailable:
            return None
        if not present:
            return None
    if stored == target:
        return None
    return binding.mismatch_message("client secret", profile.name, stored, profile)


def secret_storage_state(profile_name: str) -> SecretLocation:
    """Where this profile's secret is held right now as far as this process knows."""
    with _memory_lock:
        if profile_name in _memory_secrets:
            return "memory"
    try:
        present, _target = keyring_store.client_secret_binding(profile_name)
    except keyring_store.KeyringUnavailable:
        return "none"
    return "keyring" if present else "none"


def forget_secrets_in_memory() -> None:
    """Drop the client secrets held in memory because no keyring was usable."""
    with _memory_lock:
        _memory_secrets.clear()


def forget_in_memory(profile_name: str) -> None:
    with _memory_lock:
        _memory_secrets.pop(profile_name, None)


def move_secret(old: str, new: str, *, keep_old: bool, sessions: bool = False) -> None:
    """Best effort: the secret (and with `sessions` the stored sessions) follow a renamed or
    duplicated profile, each keeping the target it is bound to."""
    with _memory_lock:
        if old in _memory_secrets:
            _memory_secrets[new] = _memory_secrets[old]
            if not keep_old:
                del _memory_secrets[old]
    try:
        keyring_store.copy_profile_entries(old, new, sessions=sessions, keep_old=keep_old)
    except keyring_store.KeyringUnavailable as exc:
        log.warning("keyring entries not carried over to the new profile name: %s", exc.reason)


NO_SECRET_TEXT = "No client secret stored for this profile."


def describe_location(location: SecretLocation, status: keyring_store.KeyringStatus) -> str:
    """Where a profile that has a client secret keeps it, in words (never the secret).
    "none" here means the profile says it has one but it could not be read."""
    if location == "keyring":
        return f"Stored in the keyring ({status.backend}), not in the profiles file."
    if location == "memory":
        return f"Kept in memory only: {status.reason}"
    why = status.reason if not status.usable else "it is not in the keyring"
    return (f"The profile says it has a client secret, but none could be read ({why}). "
            "Type it again to use this profile.")
