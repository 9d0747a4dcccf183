"""When identity-pool credentials are renewed, and with which ID token (no Qt).

The Credentials tab shows a countdown and renews shortly before expiry; a failed renewal
is retried while the held credentials still work. Authenticated renewals need a currently
valid ID token: the Cognito session is refreshed first when it says refresh is due, and a
token of another user than the one the credentials were got for is refused (an identity
belongs to one user). The tab only renders what this module decides.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from tokenexplorer.aws.identity_credentials import IdentityCredentials, Kind

# A failed renewal is tried again this long after, while the held credentials are valid.
RETRY_AFTER_FAILED_RENEWAL_S = 30.0


class IdTokens(Protocol):
    @property
    def id_token(self) -> str: ...


class CognitoSession(Protocol):
    """What renewal needs of a signed-in session (cognito.session.Session has it)."""

    @property
    def claims(self) -> Mapping[str, object]: ...
    @property
    def username(self) -> str: ...
    @property
    def tokens(self) -> IdTokens | None: ...
    def refresh_due(self) -> bool: ...
    def refresh(self) -> object: ...


def session_user(session: CognitoSession | None) -> str | None:
    """Who a Cognito session belongs to: the ID token's `sub`, else its username. Credentials
    of one user must never outlive a switch to another (an identity belongs to one user)."""
    if session is None:
        return None
    subject = session.claims.get("sub")
    return str(subject or session.username or "") or None


def session_name(session: CognitoSession | None) -> str:
    """The signed-in user's name as shown (server-given: bidi and controls made visible)."""
    from tokenexplorer.tokens.safe_text import visible

    return visible(str(session.username or "")) if session is not None else ""


def id_token_from_session(session: CognitoSession | None) -> str | None:
    """A currently valid ID token from the session, refreshed first when the session says
    refresh is due. Runs on a worker thread: refreshing is a network call."""
    if session is None:
        return None
    if session.refresh_due():
        session.refresh()
    tokens = session.tokens
    token = tokens.id_token if tokens is not None else None
    return token if isinstance(token, str) and token else None


def id_token_supplier(
    current_session: Callable[[], CognitoSession | None],
) -> Callable[[], str]:
    """For CredentialsManager: the ID token of the session signed in NOW, for the user who
    is signed in now; raises CredentialsError("cleared") once another user is."""
    from tokenexplorer.aws.credentials_errors import CLEARED, NO_ID_TOKEN, CredentialsError

    user = session_user(current_session())

    def supply() -> str:  # on a worker thread: may refresh the session
        session = current_session()
        if session_user(session) != user:
            raise CredentialsError(
                CLEARED, "The signed-in user changed; these credentials were for the "
                "previous one.")
        token = id_token_from_session(session)
        if not token:
            raise CredentialsError(NO_ID_TOKEN, "The session has no ID token; sign in again.")
        return token

    return supply


def wanted_kind(signed_in: bool) -> Kind:
    """What the S3 tab signs with unless a kind was picked: the user's own while signed in."""
    return "authenticated" if signed_in else "guest"


def renew_delay(creds: IdentityCredentials, now: datetime | None = None) -> float:
    """Seconds until the renewal timer should fire (0: now)."""
    return creds.renew_in(now)


def retry_delay(creds: IdentityCredentials | None, now: datetime | None = None) -> float | None:
    """After a failed renewal: when to try again, or None when nothing valid is held (the
    user asks again; retrying expired credentials in a loop helps nobody)."""
    if creds is None or creds.expired(now):
        return None
    return RETRY_AFTER_FAILED_RENEWAL_S


@dataclass(frozen=True)
class Countdown:
    """Where held credentials stand: seconds left, and seconds until they renew."""

    left: float
    renew_in: float

    @property
    def expired(self) -> bool:
        return self.left <= 0

    @property
    def renewing(self) -> bool:
        return self.renew_in <= 0


def countdown(creds: IdentityCredentials, now: datetime | None = None) -> Countdown:
    now = now or datetime.now(UTC)
    return Countdown(creds.seconds_left(now), creds.renew_in(now))


__all__ = ["RETRY_AFTER_FAILED_RENEWAL_S", "CognitoSession", "Countdown", "IdTokens",
           "countdown", "id_token_from_session", "id_token_supplier", "renew_delay",
           "retry_delay", "session_name", "session_user", "wanted_kind"]
