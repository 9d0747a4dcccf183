"""The identity pool's credentials answer checked before anything uses it.

The endpoint may be an override, an emulator or a man in the middle, so its answer is
hostile input: the keys and the session token must be what AWS sends (printable ASCII, no
spaces: they go into HTTP headers and shell lines), the expiry a real time, and every size
bounded. The identity ID is only bounded and typed; every output escapes it.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from typing import Any

MAX_KEY_CHARS = 65_536  # session tokens are ~1-2 KB; this is far above any real one
MAX_IDENTITY_CHARS = 1_024
_KEY = re.compile(r"[!-~]+", re.ASCII)


def _key(raw: dict[str, Any], name: str, *, required: bool = True) -> str | None:
    value = raw.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name} is missing or not text")
    if len(value) > MAX_KEY_CHARS:
        raise ValueError(f"{name} is longer than {MAX_KEY_CHARS:,} characters")
    if not _KEY.fullmatch(value):
        raise ValueError(f"{name} holds characters no AWS credential has (spaces, controls "
                         "or non-ASCII)")
    return value


def _expiration(value: Any) -> datetime | float:
    if isinstance(value, datetime):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError("Expiration is not a time")
    try:
        datetime.fromtimestamp(float(value), UTC)
    except (OverflowError, OSError, ValueError):
        raise ValueError("Expiration is out of range") from None
    return float(value)


def checked_credentials(answer: Any, identity_id: Any) -> dict[str, Any]:
    """The usable fields of a GetCredentialsForIdentity answer, or ValueError saying why not."""
    if not isinstance(answer, dict) or not isinstance(answer.get("Credentials"), dict):
        raise ValueError("it holds no Credentials")
    raw = answer["Credentials"]
    identity = answer.get("IdentityId", identity_id)
    if not isinstance(identity, str) or not identity:
        raise ValueError("IdentityId is missing or not text")
    if len(identity) > MAX_IDENTITY_CHARS:
        raise ValueError(f"IdentityId is longer than {MAX_IDENTITY_CHARS:,} characters")
    return {
        "identity_id": identity,
        "access_key_id": _key(raw, "AccessKeyId"),
        "secret_key": _key(raw, "SecretKey"),
        "session_token": _key(raw, "SessionToken", required=False),
        "expiration": _expiration(raw.get("Expiration")),
    }
