"""`Session.refresh` and `Session.resume` with rotation and remembered devices.

`session.py` hands these two over here (two short hooks), so a session of a rotating client
renews with GetTokensFromRefreshToken, keeps the new refresh token in the keyring before the
old one is gone, sends the remembered device's key, and records its lineage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tokenexplorer import keyring_store
from tokenexplorer.cognito import device_store, rotation, rotation_store
from tokenexplorer.cognito.auth import CognitoAuth, Tokens
from tokenexplorer.cognito.binding import target_of

if TYPE_CHECKING:
    from tokenexplorer.cognito.session import Session


def stored_device_key(profile: Any, profile_name: str, username: str) -> str | None:
    """The remembered device's key for this user, or None (none stored, keyring unusable:
    a refresh without it still works unless the pool insists)."""
    try:
        device = device_store.load_device(profile_name, username, target=target_of(profile))
    except keyring_store.KeyringUnavailable:
        return None
    return device.device_key if device is not None else None


def _store(session: Session, username: str, done: rotation.Refreshed, old: str) -> str:
    """Keep the rotated token; '' or why it could not be kept."""
    new = done.tokens.refresh_token
    if not (done.rotated and session.remembered and new):
        return ""
    try:
        rotation_store.store_rotated(session.profile_name, username, new, old=old,
                                     target=target_of(session.auth.profile))
    except keyring_store.KeyringUnavailable as exc:
        return (f"The new refresh token could not be stored in the keyring ({exc.reason}); "
                "the remembered session will not outlive this run.")
    return ""


def refresh_session(session: Session, refresh_token: str) -> Tokens:
    """One refresh of `session` (the caller sets the tokens): rotation-aware, stored first."""
    from tokenexplorer.cognito.session_devices import device_of

    lineage = rotation.lineage_of(session)
    device = device_of(session)  # attached at sign-in, else the keyring's
    device_key = device.credentials.device_key if device is not None else None
    done = rotation.refresh(session.auth, session.username, refresh_token,
                            device_key=device_key)
    lineage.store_problem = _store(session, session.username, done, refresh_token)
    lineage.record(done.tokens, done.method, rotated=done.rotated)
    return done.tokens


def resume(cls: type[Session], auth: CognitoAuth, profile_name: str) -> Session | None:
    """A session from the keyring's newest refresh token, or None when none is stored.
    Raises KeyringUnavailable, CognitoError ("BoundElsewhere" included)."""
    from tokenexplorer.cognito.session import load_bound_session

    stored = load_bound_session(auth.profile, profile_name)  # newest first; BoundElsewhere
    if stored is None:
        return None
    device_key = stored_device_key(auth.profile, profile_name, stored.username)
    done = rotation.refresh(auth, stored.username, stored.token, device_key=device_key)
    session = cls(auth, done.tokens, profile_name=profile_name)
    session.remembered = True
    lineage = rotation.lineage_of(session, first=done.method, rotated=done.rotated)
    lineage.store_problem = _store(session, stored.username, done, stored.token)
    return session
