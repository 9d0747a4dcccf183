"""Where an identity pool is, and under which key it is handed the ID token.

The identity pool's region is its ID's prefix (`REGION:UUID`). Authenticated identities
pass the ID token in `Logins` under `cognito-idp.{region}.amazonaws.com/{pool}`, where the
region is the USER POOL ID's prefix: a hard-coded region fails with "Issuer doesn't match
providerName".
"""

from __future__ import annotations

from typing import Protocol

from tokenexplorer.aws.credentials_errors import CredentialsError
from tokenexplorer.cognito import ids
from tokenexplorer.tokens.decode import decode
from tokenexplorer.tokens.model import TokenDecodeError


class PoolProfile(Protocol):
    """What the credentials code reads of a profile (cognito.profiles.Profile has it)."""

    @property
    def name(self) -> str: ...
    @property
    def region(self) -> str: ...
    @property
    def user_pool_id(self) -> str: ...
    @property
    def identity_pool_id(self) -> str | None: ...
    @property
    def endpoint_url(self) -> str | None: ...


def logins_key(profile_or_user_pool_id: PoolProfile | str) -> str:
    """`cognito-idp.{region}.amazonaws.com/{userPoolId}`, the region from the pool ID itself.

    Accepts a Profile or a user pool ID. A pool ID without a region prefix falls back to
    the profile's region field; with neither, it is an error (never a guessed region)."""
    given = profile_or_user_pool_id
    pool_id = (given if isinstance(given, str) else given.user_pool_id or "").strip()
    region = ids.region_from_user_pool_id(pool_id)
    if region is None and not isinstance(given, str):
        region = (given.region or "").strip() or None
    if not pool_id or region is None:
        raise CredentialsError(
            "bad_user_pool_id",
            f"The user pool ID {pool_id!r} is not in the form REGION_ID (like "
            "eu-west-1_AbC123), so the identity pool's Logins key cannot be built.",
        )
    return f"cognito-idp.{region}.amazonaws.com/{pool_id}"


def identity_pool_region(profile: PoolProfile) -> str:
    """The identity pool's region: its ID's prefix, else the profile's region field."""
    pool = profile.identity_pool_id
    if not pool:
        raise CredentialsError(
            "no_identity_pool",
            f"Profile {profile.name!r} has no identity pool ID; add one "
            "(REGION:UUID) to get AWS credentials.",
        )
    region = ids.region_from_identity_pool_id(pool) or (profile.region or None)
    if not region:
        raise CredentialsError(
            "bad_identity_pool_id",
            f"The identity pool ID {pool!r} is not in the form REGION:UUID.",
        )
    return region


def token_subject(id_token: str) -> str | None:
    """The user an ID token names (`sub`, else `cognito:username`), read WITHOUT verifying
    it: only to tell whether two of our own fresh tokens belong to the same user."""
    try:
        claims = decode(id_token).payload
    except TokenDecodeError:
        return None
    if not claims:  # an encrypted token: no readable claims
        return None
    subject = claims.get("sub") or claims.get("cognito:username")
    return str(subject) if subject else None


__all__ = ["PoolProfile", "identity_pool_region", "logins_key", "token_subject"]
