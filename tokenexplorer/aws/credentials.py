"""Temporary AWS credentials from a Cognito identity pool, guest or authenticated.

GetId + GetCredentialsForIdentity are public calls (sent unsigned). Authenticated
identities pass the ID token in `Logins` under `cognito-idp.{region}.amazonaws.com/{pool}`,
where the region is the USER POOL ID's prefix (a hard-coded region fails with "Issuer
doesn't match providerName"); the identity pool's own region is its ID's prefix.
`CredentialsManager` keeps the current credentials and renews them shortly before expiry.
"""

from __future__ import annotations

import base64
import binascii
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from tokenexplorer.activity import ActivityLog
from tokenexplorer.aws.clients import AwsCredentials, make_client
from tokenexplorer.cognito import ids
from tokenexplorer.explained import ExplainedError, transport_error
from tokenexplorer.tokens.safe_text import shorten, visible

Kind = Literal["guest", "authenticated"]

# Renew this long before expiry at most (real AWS: 1 h credentials → renew 5 min before).
RENEW_MARGIN_MAX = 300.0
# ... and never later than this share of the lifetime (the emulator's credentials live 90 s).
RENEW_MARGIN_SHARE = 0.25


class CredentialsError(ExplainedError):
    """A credentials step that failed; `message` is for people, `original_code` is AWS's."""


# ---------------------------------------------------------------- regions and keys


def _field(profile_or_id: Any, name: str) -> str | None:
    if isinstance(profile_or_id, str):
        return profile_or_id
    return getattr(profile_or_id, name, None)


def logins_key(profile_or_user_pool_id: Any) -> str:
    """`cognito-idp.{region}.amazonaws.com/{userPoolId}`, the region from the pool ID itself.

    Accepts a Profile or a user pool ID. A pool ID without a region prefix falls back to
    the profile's region field; with neither, it is an error (never a guessed region)."""
    pool_id = (_field(profile_or_user_pool_id, "user_pool_id") or "").strip()
    region = ids.region_from_user_pool_id(pool_id)
    if region is None and not isinstance(profile_or_user_pool_id, str):
        region = (getattr(profile_or_user_pool_id, "region", "") or "").strip() or None
    if not pool_id or region is None:
        raise CredentialsError(
            "bad_user_pool_id",
            f"The user pool ID {pool_id!r} is not in the form REGION_ID (like "
            "eu-west-1_AbC123), so the identity pool's Logins key cannot be built.",
        )
    return f"cognito-idp.{region}.amazonaws.com/{pool_id}"


def identity_pool_region(profile: Any) -> str:
    """The identity pool's region: its ID's prefix, else the profile's region field."""
    pool = getattr(profile, "identity_pool_id", None)
    if not pool:
        raise CredentialsError(
            "no_identity_pool",
            f"Profile {getattr(profile, 'name', '?')!r} has no identity pool ID; add one "
            "(REGION:UUID) to get AWS credentials.",
        )
    region = ids.region_from_identity_pool_id(pool) or (getattr(profile, "region", "") or None)
    if not region:
        raise CredentialsError(
            "bad_identity_pool_id",
            f"The identity pool ID {pool!r} is not in the form REGION:UUID.",
        )
    return region


# ---------------------------------------------------------------- the credentials


@dataclass(frozen=True)
class IdentityCredentials:
    """One set of temporary credentials and the identity they belong to."""

    identity_id: str
    kind: Kind
    credentials: AwsCredentials
    expiration: datetime  # aware, UTC
    issued_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    identity_pool_id: str | None = None
    region: str | None = None
    # Whose ID token got them (its `sub`, else `cognito:username`); None for guests.
    subject: str | None = None

    def __repr__(self) -> str:
        return (
            f"IdentityCredentials(identity_id={self.identity_id!r}, kind={self.kind!r}, "
            f"access_key_id={self.credentials.access_key_id!r}, secret=‹hidden›, "
            f"expiration={self.expiration.isoformat()})"
        )

    __str__ = __repr__

    @property
    def lifetime(self) -> float:
        return max(0.0, (self.expiration - self.issued_at).total_seconds())

    @property
    def renew_margin(self) -> float:
        """How long before expiry renewal is due: 5 min, or a quarter of a short lifetime."""
        return min(RENEW_MARGIN_MAX, self.lifetime * RENEW_MARGIN_SHARE)

    def seconds_left(self, now: datetime | None = None) -> float:
        now = now or datetime.now(UTC)
        return (self.expiration - now).total_seconds()

    def expired(self, now: datetime | None = None) -> bool:
        return self.seconds_left(now) <= 0

    def renew_due(self, now: datetime | None = None) -> bool:
        return self.seconds_left(now) <= self.renew_margin

    def renew_in(self, now: datetime | None = None) -> float:
        """Seconds until renewal is due (0 when it already is): for a UI timer."""
        return max(0.0, self.seconds_left(now) - self.renew_margin)


@dataclass(frozen=True)
class CallerIdentity:
    arn: str
    account: str
    user_id: str

    @property
    def role_name(self) -> str | None:
        """`arn:aws:sts::123:assumed-role/ROLE/session` → ROLE; None for other principals."""
        parts = self.arn.split(":", 5)
        if len(parts) == 6 and parts[5].startswith("assumed-role/"):
            return parts[5].split("/")[1]
        return None

    @property
    def role_arn(self) -> str | None:
        """The IAM role ARN behind an assumed-role session, or None."""
        name = self.role_name
        if name is None:
            return None
        partition = self.arn.split(":")[1]
        return f"arn:{partition}:iam::{self.account}:role/{name}"


# ---------------------------------------------------------------- AWS calls


def _explain(exc: BaseException, step: str) -> CredentialsError:
    """A CredentialsError saying in plain words what went wrong in `step`."""
    from botocore.exceptions import ClientError

    if isinstance(exc, CredentialsError):
        return exc
    network = transport_error(exc, CredentialsError, service="the endpoint", doing=step)
    if network is not None:
        return network
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        code = visible(shorten(str(error.get("Code", "Unknown")), 100))
        text = visible(shorten(str(error.get("Message", "")), 500))  # the server's words
        lower = text.lower()
        if code == "NotAuthorizedException" and "unauthenticated" in lower:
            message = (
                "This identity pool does not allow guest (unauthenticated) access. Sign in "
                "for authenticated credentials, or enable guest access on the pool."
            )
            return CredentialsError("guest_not_allowed", message, code)
        if code == "NotAuthorizedException" and "issuer" in lower:
            message = (
                "The identity pool rejected the ID token: its issuer does not match the "
                "Logins key. The user pool must be added to the identity pool as a Cognito "
                "provider, and the key's region must be the user pool's region. "
                f"(AWS said: {text})"
            )
            return CredentialsError("issuer_mismatch", message, code)
        if code == "NotAuthorizedException" and ("expired" in lower or "token" in lower):
            message = (
                f"The identity pool did not accept the ID token ({text}). Sign in again "
                "or refresh the session for a fresh ID token."
            )
            return CredentialsError("token_rejected", message, code)
        if code == "ResourceNotFoundException":
            message = f"{step}: the identity pool (or identity) was not found. ({text})"
            return CredentialsError("not_found", message, code)
        if code == "InvalidIdentityPoolConfigurationException":
            message = (
                "The identity pool has no IAM role for this kind of identity (or cannot "
                f"assume it). Set the pool's roles. ({text})"
            )
            return CredentialsError("no_role", message, code)
        if code in ("TooManyRequestsException", "LimitExceededException", "Throttling"):
            return CredentialsError("throttled", f"{step}: too many requests; wait.", code)
        return CredentialsError("aws_error", f"{step} failed: {code}: {text}", code)
    return CredentialsError("error", f"{step} failed: {type(exc).__name__}", type(exc).__name__)


def _identity_client(profile: Any, activity: ActivityLog | None) -> Any:
    return make_client(
        "cognito-identity",
        region=identity_pool_region(profile),
        endpoint_url=getattr(profile, "endpoint_url", None),
        unsigned=True,
        activity=activity,
    )


def _as_utc(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromtimestamp(float(value), UTC)


def token_subject(id_token: str) -> str | None:
    """The user an ID token names (`sub`, else `cognito:username`), read WITHOUT verifying
    it: only to tell whether two of our own fresh tokens belong to the same user."""
    try:
        payload = id_token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError, binascii.Error):
        return None
    if not isinstance(claims, dict):
        return None
    subject = claims.get("sub") or claims.get("cognito:username")
    return str(subject) if subject else None


def from_answer(answer: Any, identity_id: str, **known: Any) -> IdentityCredentials:
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
        **known,
    )


def _fetch(
    profile: Any,
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
    profile: Any, activity: ActivityLog | None = None, identity_id: str | None = None
) -> IdentityCredentials:
    """Unauthenticated credentials (the pool must allow guests). Pass `identity_id` to
    renew for the same guest identity instead of creating a new one."""
    return _fetch(profile, "guest", None, activity, identity_id)


def get_authenticated_credentials(
    profile: Any,
    id_token: str,
    activity: ActivityLog | None = None,
    identity_id: str | None = None,
) -> IdentityCredentials:
    """Credentials for the signed-in user: the ID token under the pool's Logins key."""
    if not id_token:
        raise CredentialsError("no_id_token", "Authenticated credentials need an ID token.")
    return _fetch(profile, "authenticated", {logins_key(profile): id_token}, activity,
                  identity_id, token_subject(id_token))


def caller_identity(
    creds: IdentityCredentials | AwsCredentials, profile: Any, activity: ActivityLog | None = None
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
        endpoint_url=getattr(profile, "endpoint_url", None),
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
        profile: Any,
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
        self._listeners: list[Callable[[IdentityCredentials], None]] = []
        self.renewals = 0

    @property
    def credentials(self) -> IdentityCredentials | None:
        """What is held now, without any network call."""
        with self._lock:
            return self._creds

    def subscribe(self, listener: Callable[[IdentityCredentials], None]) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

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
            if identity is None or exc.code != "not_found":
                raise
            fresh = self._fetch(None, token)  # the identity was deleted: get a new one
        with self._lock:
            if generation != self._generation:
                raise CredentialsError("cleared", "The credentials were cleared meanwhile.")
            self._creds = fresh
            self.renewals += 1
            listeners = list(self._listeners)
        for listener in listeners:
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


# ---------------------------------------------------------------- export formats

# The formats live in export.py; these names stay importable from here.
from tokenexplorer.aws.export import (  # noqa: E402
    ExportError,
    as_credentials_file,
    as_env,
    as_json,
    as_process_json,
    dumps,
)

__all__ = ["ExportError", "as_credentials_file", "as_env", "as_json", "as_process_json",
           "dumps"]
