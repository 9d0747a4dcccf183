"""Which server a remembered secret belongs to, so it is never sent to another one.

A refresh token and a client secret are issued by one app client of one user pool at one
endpoint. They are stored with that *target* (`target_of(profile)`: endpoint or "aws",
region, pool ID, client ID) and handed out for use only to a profile that still names the
same target. Changing a profile's endpoint, pool, region or client therefore never sends an
old secret to the new server, whatever edited the profile (the window, the CLI, a hand-edited
profiles.json).

Entries written before targets were recorded carry none: they are treated as bound to
nothing and never sent (the user signs in again / types the secret again). Guessing that
such an entry belongs to the profile as it is now would be exactly the hole this closes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from tokenexplorer.cognito.profiles import Profile

Target = dict[str, str]
FIELDS = ("endpoint", "region", "pool", "client")


def normalised_endpoint(endpoint_url: str | None) -> str:
    """"aws" for no override, else scheme://host:port/path with case and defaults settled."""
    text = (endpoint_url or "").strip()
    if not text:
        return "aws"
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return text  # an invalid URL still gets a stable, distinct target
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = port or {"http": 80, "https": 443}.get(scheme)
    return f"{scheme}://{host}:{port}{parts.path.rstrip('/')}"


def target_of(profile: Profile) -> Target:
    """Where `profile` sends its calls: the binding stored with its secrets."""
    return {
        "endpoint": normalised_endpoint(profile.endpoint_url),
        "region": (profile.pool_region or "").strip(),
        "pool": (profile.user_pool_id or "").strip(),
        "client": (profile.client_id or "").strip(),
    }


def parse_target(value: object) -> Target | None:
    """A stored target, or None when it is missing or malformed (then it matches nothing)."""
    if not isinstance(value, Mapping):
        return None
    if not all(isinstance(value.get(key), str) for key in FIELDS):
        return None
    return {key: str(value[key]) for key in FIELDS}


def same_target(stored: object, profile: Profile) -> bool:
    """True only when `stored` is a recorded target equal to the profile's current one."""
    parsed = parse_target(stored)
    return parsed is not None and parsed == target_of(profile)


def describe(target: Target | None) -> str:
    """'app client X of pool Y at http://…' (or 'at AWS'); plain, non-secret words."""
    if target is None:
        return "an unknown server (remembered by an older version, before this was recorded)"
    where = "AWS" if target["endpoint"] == "aws" else target["endpoint"]
    return f"app client {target['client']} of user pool {target['pool']} at {where}"


_LABELS = {"endpoint": "endpoint URL", "region": "region", "pool": "user pool ID",
           "client": "app client ID"}


def changed_fields(old: Profile, new: Profile) -> list[str]:
    """The parts of the target that differ between two versions of a profile, in user words
    (a region typed differently from the pool ID's prefix moves nothing: calls follow the ID)."""
    before, after = target_of(old), target_of(new)
    return [_LABELS[key] for key in FIELDS if before[key] != after[key]]


def mismatch_message(kind: str, profile_name: str, stored: Target | None,
                     profile: Profile) -> str:
    """Why a remembered `kind` ("session", "client secret") was not used for this profile."""
    return (
        f"The {kind} remembered for profile {profile_name!r} belongs to {describe(stored)}, "
        f"but the profile now points at {describe(target_of(profile))}. It was not sent there: "
        "a secret is only ever sent to the server it came from."
    )
