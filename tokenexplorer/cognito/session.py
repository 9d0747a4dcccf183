"""A signed-in session: its tokens, when they expire, refresh, remember, sign out.

The UI keeps one `Session` per signed-in profile, shows `seconds_left()`, and calls
`refresh()` on a worker thread when `refresh_due()` says so (shortly before expiry).
Tokens live in memory only; `remember()` puts the refresh token in the OS keyring.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tokenexplorer.cognito.auth import (
    CognitoAuth,
    SignOutResult,
    Tokens,
    global_sign_out_result,
    lacks_revoke_reason,
    needs_global_sign_out,
    revoke_result,
)
from tokenexplorer.cognito.binding import mismatch_message, target_of
from tokenexplorer.cognito.errors import CognitoError
from tokenexplorer.tokens.decode import decode
from tokenexplorer.tokens.model import TokenDecodeError

if TYPE_CHECKING:
    from tokenexplorer.cognito.profiles import Profile
    from tokenexplorer.keyring_store import StoredSession

# Refresh this long before expiry: a tenth of the lifetime, between 30 s and 5 min.
MIN_MARGIN_S = 30.0
MAX_MARGIN_S = 300.0

# Codes of the errors raised here, and the one from the server this module branches on.
NO_REFRESH_TOKEN = "NoRefreshToken"
NOT_SIGNED_IN = "NotSignedIn"
BOUND_ELSEWHERE = "BoundElsewhere"
NOT_AUTHORIZED = "NotAuthorized"  # the server refused the refresh token (revoked, expired)
ALREADY_INVALID = "AlreadyInvalid"  # SessionSignOut.method: nothing left to revoke


def jwt_claims(token: str) -> dict[str, Any]:
    """The payload of a JWT, NOT verified (the one decoder, `tokens.decode`): only to read
    our own fresh token's username and expiry. {} for anything that is not a signed JWT."""
    try:
        payload = decode(token, source="session").payload
    except TokenDecodeError:
        return {}
    return payload if payload is not None else {}


@dataclass(frozen=True)
class SessionSignOut:
    """What sign-out did at the server, and whether the keyring entry is gone."""

    method: str  # "RevokeToken" or "GlobalSignOut"
    message: str
    keyring_message: str

    def describe(self) -> str:
        return f"{self.message} {self.keyring_message}".strip()


class Session:
    """Tokens of one signed-in user of one profile. Thread-safe."""

    def __init__(self, auth: CognitoAuth, tokens: Tokens, *, profile_name: str,
                 clock: Callable[[], float] = time.time) -> None:
        self.auth = auth
        self.profile_name = profile_name
        self._clock = clock
        self._lock = threading.Lock()
        self._tokens: Tokens | None = None
        self._issued_at = 0.0
        self._expires_at = 0.0
        self.remembered = False
        self._set(tokens)

    def __repr__(self) -> str:
        return (f"Session(profile={self.profile_name!r}, username={self.username!r}, "
                f"seconds_left={self.seconds_left():.0f})")

    def _set(self, tokens: Tokens) -> None:
        claims = jwt_claims(tokens.id_token) or jwt_claims(tokens.access_token)
        now = self._clock()
        with self._lock:
            self._tokens = tokens
            self._issued_at = now
            exp = claims.get("exp")
            by_lifetime = now + tokens.expires_in
            # The server's exp when sane, else our clock plus ExpiresIn (clock skew safe).
            self._expires_at = min(float(exp), by_lifetime) if isinstance(exp, int | float) \
                and exp > now else by_lifetime
            self.claims = claims
            self.username: str = str(claims.get("cognito:username") or claims.get("username")
                                     or claims.get("sub") or "")

    # -- reading

    @property
    def tokens(self) -> Tokens | None:
        with self._lock:
            return self._tokens

    @property
    def signed_in(self) -> bool:
        return self.tokens is not None

    @property
    def expires_at(self) -> float:
        return self._expires_at

    @property
    def lifetime(self) -> float:
        return max(0.0, self._expires_at - self._issued_at)

    def seconds_left(self, now: float | None = None) -> float:
        if self.tokens is None:
            return 0.0
        return max(0.0, self._expires_at - (self._clock() if now is None else now))

    def refresh_margin(self) -> float:
        return min(MAX_MARGIN_S, max(MIN_MARGIN_S, self.lifetime / 10))

    def refresh_at(self) -> float:
        """When to refresh (epoch seconds)."""
        return self._expires_at - self.refresh_margin()

    def seconds_until_refresh(self, now: float | None = None) -> float | None:
        """For a timer: seconds until `refresh_due` turns true (0 when it is), None when the
        session cannot be refreshed (no refresh token, or signed out)."""
        tokens = self.tokens
        if tokens is None or not tokens.refresh_token:
            return None
        return max(0.0, self.refresh_at() - (self._clock() if now is None else now))

    def refresh_due(self, now: float | None = None) -> bool:
        """True shortly before expiry (and after it), when there is a refresh token."""
        tokens = self.tokens
        if tokens is None or not tokens.refresh_token:
            return False
        return (self._clock() if now is None else now) >= self.refresh_at()

    # -- network (call on a worker thread)

    def refresh(self) -> Tokens:
        """REFRESH_TOKEN_AUTH with SECRET_HASH over cognito:username; keeps the refresh token."""
        tokens = self.tokens
        if tokens is None or not tokens.refresh_token:
            raise CognitoError(NO_REFRESH_TOKEN, "There is no refresh token to renew the session.")
        from tokenexplorer.cognito.rotating_session import refresh_session  # rotation, devices

        fresh = refresh_session(self, tokens.refresh_token)
        self._set(fresh)
        return fresh

    def remember(self) -> None:
        """Store the refresh token in the keyring. Raises KeyringUnavailable with a reason."""
        from tokenexplorer import keyring_store

        tokens = self.tokens
        if tokens is None or not tokens.refresh_token:
            raise CognitoError(NO_REFRESH_TOKEN, "There is no refresh token to remember.")
        # Bound to where the token came from: it will never be sent anywhere else.
        keyring_store.save_refresh_token(self.profile_name, self.username, tokens.refresh_token,
                                         target=target_of(self.auth.profile))
        self.remembered = True

    @classmethod
    def resume(cls, auth: CognitoAuth, profile_name: str) -> Session | None:
        """A session from the keyring's refresh token (one REFRESH_TOKEN_AUTH), or None when
        nothing is stored. Raises KeyringUnavailable, CognitoError (also "BoundElsewhere": the
        session stored belongs to another endpoint/pool/client and was not sent)."""
        from tokenexplorer.cognito.rotating_session import resume  # rotation, devices

        return resume(cls, auth, profile_name)

    def sign_out(self, *, allow_global: bool = False) -> SessionSignOut:
        """Revoke at the server (RevokeToken, else — with `allow_global`, after asking the
        user — GlobalSignOut), forget the keyring entry, clear the tokens. A server failure,
        or CognitoError("NeedsGlobalSignOut"), raises and keeps everything, so the user can
        decide or retry."""
        tokens = self.tokens
        if tokens is None:
            raise CognitoError(NOT_SIGNED_IN, "There is no session to sign out of.")
        if tokens.refresh_token and self.seconds_left() < MIN_MARGIN_S:
            # GlobalSignOut (the fallback) needs a live access token: renew an expired one.
            try:
                tokens = self.refresh()
            except CognitoError as error:
                if error.code != NOT_AUTHORIZED:
                    raise
                keyring_message = forget_stored_session(self.profile_name, self.username,
                                                        quiet=not self.remembered)
                self.clear()
                return SessionSignOut(
                    ALREADY_INVALID,
                    "The session was no longer valid at the server (revoked or expired), so "
                    "there was nothing to revoke.", keyring_message)
        result: SignOutResult = self.auth.sign_out(tokens, allow_global=allow_global)
        keyring_message = forget_stored_session(self.profile_name, self.username,
                                                quiet=not self.remembered)
        self.clear()
        return SessionSignOut(result.method, result.message, keyring_message)

    def clear(self) -> None:
        with self._lock:
            self._tokens = None
            self._expires_at = self._issued_at = 0.0
            self.remembered = False


def load_bound_session(profile: Profile,
                       profile_name: str | None = None) -> StoredSession | None:
    """The remembered session stored for exactly `profile`'s target (endpoint, region, pool,
    client), or None when none is stored. When sessions are stored but for another target
    (the profile was edited since), raises CognitoError("BoundElsewhere") saying so: the
    token is never sent to the profile's new server. Raises KeyringUnavailable."""
    from tokenexplorer import keyring_store
    from tokenexplorer.cognito.rotation_store import load_latest

    name = profile_name or profile.name
    stored = load_latest(name, target=target_of(profile))  # a rotated token's crash-safe copy
    if stored is not None:
        return stored
    entries = keyring_store.stored_sessions(name)
    if not entries:
        return None
    raise CognitoError(BOUND_ELSEWHERE, mismatch_message("session", name, entries[0].target,
                                                         profile),
                       original_code=BOUND_ELSEWHERE)


def forget_stored_session(profile_name: str, username: str | None, *, quiet: bool = False) -> str:
    """Delete the keyring entry; a sentence saying what happened (never raises). `quiet`:
    say nothing when the keyring is unusable (nothing was remembered there)."""
    from tokenexplorer import keyring_store
    from tokenexplorer.cognito.rotation_store import forget_pending

    try:
        keyring_store.delete_refresh_token(profile_name, username or None)
        if username:
            forget_pending(profile_name, username)
    except keyring_store.KeyringUnavailable as exc:
        if quiet:
            return ""
        return f"The keyring could not be reached to forget a stored session: {exc.reason}"
    return "No refresh token is stored in the keyring for it any more."


def sign_out_stored(auth: CognitoAuth, profile_name: str, *,
                    allow_global: bool = False) -> SessionSignOut | None:
    """Sign out the session remembered in the keyring for `profile_name` without resuming it:
    RevokeToken on the stored refresh token; if the server lacks RevokeToken, refresh to get
    an access token and GlobalSignOut. Then forget the entry. None when nothing is stored.
    A refresh token the server already refuses is simply forgotten (method "AlreadyInvalid").
    GlobalSignOut ends every session of the user, so it happens only with `allow_global`;
    otherwise CognitoError("NeedsGlobalSignOut") is raised and the entry kept.
    Raises KeyringUnavailable, or CognitoError (the entry is kept so the user can retry)."""
    stored = load_bound_session(auth.profile, profile_name)
    if stored is None:
        return None
    try:
        auth.revoke_token(stored.token)
        result = revoke_result()
    except CognitoError as error:
        if not error.server_lacks_operation:
            raise
        why = lacks_revoke_reason(error)
        try:
            tokens = auth.refresh(stored.username, stored.token)
        except CognitoError as refused:
            if refused.code != NOT_AUTHORIZED:
                raise
            message = forget_stored_session(profile_name, stored.username)
            return SessionSignOut(
                ALREADY_INVALID,
                "The remembered session was no longer valid at the server (it was revoked or "
                "has expired), so there was nothing to revoke.",
                message,
            )
        if not allow_global:  # the session is live: only GlobalSignOut could end it
            raise needs_global_sign_out(why, error.original_code) from None
        auth.global_sign_out(tokens.access_token)
        result = global_sign_out_result(why)
    message = forget_stored_session(profile_name, stored.username)
    return SessionSignOut(result.method, result.message, message)
