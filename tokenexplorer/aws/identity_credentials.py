"""What an identity pool hands out, and who STS says it makes you.

`IdentityCredentials` is one set of temporary keys with the identity they belong to and
when they are due for renewal; `CallerIdentity` is STS GetCallerIdentity's answer with the
role/ARN helpers the Credentials tab shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from tokenexplorer.aws.clients import AwsCredentials

Kind = Literal["guest", "authenticated"]

# Renew this long before expiry at most (real AWS: 1 h credentials → renew 5 min before).
RENEW_MARGIN_MAX = 300.0
# ... and never later than this share of the lifetime (the emulator's credentials live 90 s).
RENEW_MARGIN_SHARE = 0.25


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

    @property
    def principal(self) -> str:
        """What to compare across a switch: the role ARN when there is one, else the ARN."""
        return self.role_arn or self.arn


__all__ = ["RENEW_MARGIN_MAX", "RENEW_MARGIN_SHARE", "CallerIdentity", "IdentityCredentials",
           "Kind"]
