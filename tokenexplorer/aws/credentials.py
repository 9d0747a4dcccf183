"""Temporary AWS credentials from a Cognito identity pool, guest or authenticated.

GetId + GetCredentialsForIdentity are public calls (sent unsigned); STS GetCallerIdentity
says which role they make you. `CredentialsManager` keeps the current credentials and renews
them shortly before expiry. The pieces live in small modules (identity_pool: regions and the
Logins key; identity_credentials: the data; credentials_errors: the error in words); their
names stay importable from here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from tokenexplorer.activity import ActivityLog
from tokenexplorer.aws.clients import AwsCredentials, make_client
from tokenexplorer.aws.credentials_errors import (
    CLEARED,
    NO_ID_TOKEN,
    NOT_FOUND,
    CredentialsError,
)
from tokenexplorer.aws.credentials_errors import explain as _explain
from tokenexplorer.aws.export import (  # the formats; their names stay importable from here
    ExportError,
    as_credentials_file,
    as_env,
    as_json,
    as_process_json,
    dumps,
)
from tokenexplorer.aws.identity_credentials import (
    RENEW_MARGIN_MAX,
    RENEW_MARGIN_SHARE,
    CallerIdentity,
    IdentityCredentials,
    Kind,
)
from tokenexplorer.aws.identity_pool import (
    PoolProfile,
    identity_pool_region,
    logins_key,
    token_subject,
)
from tokenexplorer.listeners import Listeners

# ---------------------------------------------------------------- AWS calls


def _identity_client(profile: PoolProfile, activity: ActivityLog | None) -> Any:
    return make_client(
        "cognito-identity",
        region=identity_pool_region(profile),
        endpoint_url=profile.endpoint_url,
        unsigned=True,
        activity=activity,
    )


def _as_utc(value: datetime | float | str) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromtimestamp(float(value), UTC)


def from_answer(
    answer: Mapping[str, object],
    identity_id: str,
    *,
    kind: Kind,
    issued_at: datetime | None = None,
    identity_pool_id: str | None = None,
    region: str | None = None,
    subject: str | None = None,
) -> IdentityCredentials:
    """IdentityCredentials from a GetCredentialsForIdentity answer, checked: the server
    may be hostile, so anything that is not credentials is a CredentialsError."""
    from tokenexplorer.aws.answer_check import checked_credentials

    try:
        fields = checked_credentials(answer, identity_id)
    except ValueError as exc:
        raise CredentialsError("bad_answer", f"The identity pool's answer is not usable: {exc}",
                               "BadAnswer") from None
    return IdentityCredentials(
        identity_id=fields["identity_id"],
        credentials=AwsCredentials(fields["access_key_id"], fields["secret_key"],
                                   fields["session_token"]),
        expiration=_as_utc(fields["expiration"]),
        kind=kind,
        issued_at=issued_at or datetime.now(UTC),
        identity_pool_id=identity_pool_id,
        region=region,
        subject=subject,
    )


def _fetch(
    profile: PoolProfile,
    kind: Kind,
    logins: dict[str, str] | None,
    activity: ActivityLog | None,
    identity_id: str | None,
    subject: str | None = None,
) -> IdentityCredentials:
    client = _identity_client(profile, activity)
    pool_id = profile.identity_pool_id
    extra = {"Logins": logins} if logins else {}
    try:
        if identity_id is None:
            identity_id = client.get_id(IdentityPoolId=pool_id, **extra)["IdentityId"]
        issued = datetime.now(UTC)
        answer = client.get_credentials_for_identity(IdentityId=identity_id, **extra)
    except Exception as exc:
        raise _explain(exc, "Getting identity-pool credentials") from None
    return from_answer(answer, identity_id, kind=kind, issued_at=issued, identity_pool_id=pool_id,
                       region=identity_pool_region(profile), subject=subject)


def get_guest_credentials(
    profile: PoolProfile, activity: ActivityLog | None = None, identity_id: str | None = None
) -> IdentityCredentials:
    """Unauthenticated credentials (the pool must allow guests). Pass `identity_id` to
    renew for the same guest identity instead of creating a new one."""
    return _fetch(profile, "guest", None, activity, identity_id)


def get_authenticated_credentials(
    profile: PoolProfile,
    id_token: str,
    activity: ActivityLog | None = None,
    identity_id: str | None = None,
) -> IdentityCredentials:
    """Credentials for the signed-in user: the ID token under the pool's Logins key."""
    if not id_token:
        raise CredentialsError(NO_ID_TOKEN, "Authenticated credentials need an ID token.")
    return _fetch(profile, "authenticated", {logins_key(profile): id_token}, activity,
                  identity_id, token_subject(id_token))


def caller_identity(
    creds: IdentityCredentials | AwsCredentials,
    profile: PoolProfile,
    activity: ActivityLog | None = None,
) -> CallerIdentity:
    """STS GetCallerIdentity: which principal (for identity pools, which role) these are."""
    aws = creds.credentials if isinstance(creds, IdentityCredentials) else creds
    region = (
        creds.region
        if isinstance(creds, IdentityCredentials) and creds.region
        else identity_pool_region(profile)
    )
    client = make_client(
        "sts",
        region=region,
        endpoint_url=profile.endpoint_url,
        credentials=aws,
        activity=activity,
    )
    try:
        answer = client.get_caller_identity()
    except Exception as exc:
        raise _explain(exc, "STS GetCallerIdentity") from None
    return CallerIdentity(answer["Arn"], answer["Account"], answer["UserId"])


# ---------------------------------------------------------------- keeping them fresh


class CredentialsManager:
    """The current credentials of one profile, renewed shortly before they expire.

    `id_token_supplier` (for authenticated credentials) returns a currently valid ID
    token, refreshing the Cognito session itself when needed; renewal calls it every
    time; when the token names another user than the held credentials, the old identity
    ID is dropped and a new one is asked for (an identity belongs to one user). Thread-safe:
    `current()`/`renew()` (network) belong on workers; `credentials`
    never blocks, so the GUI thread may read it. Listeners are called on the thread that
    renewed. `clock` exists so renewal can be tested without waiting.
    """

    def __init__(
        self,
        profile: PoolProfile,
        kind: Kind = "guest",
        id_token_supplier: Callable[[], str] | None = None,
        activity: ActivityLog | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        if kind == "authenticated" and id_token_supplier is None:
            raise ValueError("authenticated credentials need an id_token_supplier")
        self.profile = profile
        self.kind: Kind = kind
        self._id_token_supplier = id_token_supplier
        self._activity = activity
        self._clock = clock or (lambda: datetime.now(UTC))
        self._lock = threading.Lock()  # guards state only: never held during a network call
        self._renew_lock = threading.Lock()  # one renewal at a time
        self._creds: IdentityCredentials | None = None
        self._generation = 0
        self._listeners: Listeners[IdentityCredentials] = Listeners()
        self.renewals = 0

    @property
    def credentials(self) -> IdentityCredentials | None:
        """What is held now, without any network call."""
        with self._lock:
            return self._creds

    def subscribe(self, listener: Callable[[IdentityCredentials], None]) -> Callable[[], None]:
        return self._listeners.subscribe(listener)

    def now(self) -> datetime:
        return self._clock()

    def current(self) -> IdentityCredentials:
        """Valid credentials: the held ones, or fresh ones when renewal is due (network)."""
        held = self.credentials
        if held is not None and not held.renew_due(self._clock()):
            return held
        with self._renew_lock:
            held = self.credentials  # another thread may have renewed meanwhile
            if held is not None and not held.renew_due(self._clock()):
                return held
            return self._renew_locked()

    def renew(self) -> IdentityCredentials:
        """Fetch new credentials now (same identity when one is known)."""
        with self._renew_lock:
            return self._renew_locked()

    def _renew_locked(self) -> IdentityCredentials:
        with self._lock:
            held, generation = self._creds, self._generation
        token = None
        if self.kind == "authenticated":
            assert self._id_token_supplier is not None
            token = self._id_token_supplier()
        identity = held.identity_id if held else None
        if token is not None and held is not None and held.subject != token_subject(token):
            identity = None  # another user's token: never renew the previous user's identity
        try:
            fresh = self._fetch(identity, token)
        except CredentialsError as exc:
            if identity is None or exc.code != NOT_FOUND:
                raise
            fresh = self._fetch(None, token)  # the identity was deleted: get a new one
        with self._lock:
            if generation != self._generation:
                raise CredentialsError(CLEARED, "The credentials were cleared meanwhile.")
            self._creds = fresh
            self.renewals += 1
        for listener in self._listeners.snapshot():
            listener(fresh)
        return fresh

    def _fetch(self, identity: str | None, token: str | None) -> IdentityCredentials:
        if self.kind == "guest":
            return get_guest_credentials(self.profile, self._activity, identity)
        return get_authenticated_credentials(self.profile, token or "", self._activity,
                                             identity)

    def clear(self) -> None:
        """Forget the credentials and their identity ID (sign-out, another user, another
        profile); a renewal in flight will not bring them back."""
        with self._lock:
            self._creds = None
            self._generation += 1

    # The shape S3Browser asks of a credentials source.
    def aws_credentials(self) -> AwsCredentials:
        return self.current().credentials

    def renew_now(self) -> AwsCredentials:
        return self.renew().credentials


class StaticCredentials:
    """A credentials source that never renews (benchmarks, tests, typed-in keys)."""

    def __init__(self, credentials: AwsCredentials) -> None:
        self._credentials = credentials

    def aws_credentials(self) -> AwsCredentials:
        return self._credentials

    def renew_now(self) -> AwsCredentials:
        return self._credentials


__all__ = [
    "RENEW_MARGIN_MAX", "RENEW_MARGIN_SHARE", "CallerIdentity", "CredentialsError",
    "CredentialsManager", "ExportError", "IdentityCredentials", "Kind", "PoolProfile",
    "StaticCredentials", "as_credentials_file", "as_env", "as_json", "as_process_json",
    "caller_identity", "dumps", "from_answer", "get_authenticated_credentials",
    "get_guest_credentials", "identity_pool_region", "logins_key", "token_subject",
]
