"""Compare two decoded tokens claim by claim: what was added, removed, changed or kept.

The core of `tokenexplorer diff` and of the Compare view: header and payload are aligned by
name (token A's order first, then the names only B has), and time claims get their change
as a relative difference ("exp +1 h"), so "before vs after a refresh" reads at a glance.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from typing import Any

from tokenexplorer.tokens import catalogue
from tokenexplorer.tokens.model import DecodedToken
from tokenexplorer.tokens.times import humanize_delta

ADDED = "added"  # only in token B
REMOVED = "removed"  # only in token A
CHANGED = "changed"
SAME = "same"
STATUSES = (ADDED, REMOVED, CHANGED, SAME)

# NumericDate claims known without the catalogue (RFC 7519 / OIDC); the catalogue adds others.
_TIME_CLAIMS = frozenset({"exp", "iat", "nbf", "auth_time"})
_ABSENT: Any = object()


@dataclass(frozen=True)
class Difference:
    """One name of the header or payload in both tokens; `a`/`b` are _ABSENT when missing."""

    name: str
    status: str
    a: Any = _ABSENT
    b: Any = _ABSENT
    note: str = ""  # for times: "exp +1 h" (B relative to A)

    @property
    def in_a(self) -> bool:
        return self.a is not _ABSENT

    @property
    def in_b(self) -> bool:
        return self.b is not _ABSENT


@dataclass(frozen=True)
class TokenDiff:
    header: tuple[Difference, ...]
    payload: tuple[Difference, ...]

    @property
    def same(self) -> bool:
        return all(d.status == SAME for d in (*self.header, *self.payload))

    def counts(self) -> dict[str, int]:
        """How many names have each status, header and payload together."""
        rows = (*self.header, *self.payload)
        return {status: sum(1 for d in rows if d.status == status) for status in STATUSES}


def is_time_claim(name: str) -> bool:
    """exp, iat, nbf, auth_time and every claim the catalogue calls a time (updated_at …)."""
    if name in _TIME_CLAIMS:
        return True
    entry = catalogue.claim(name)
    return entry is not None and entry.kind == "time"


def _canonical(value: Any) -> str:
    """JSON text that tells 1 from 1.0 from true and ignores object key order."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, allow_nan=False)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def time_note(name: str, a: Any, b: Any) -> str:
    """'exp +1 h' when B's time is an hour after A's, 'iat −5 min' when before; else ''."""
    first, second = _number(a), _number(b)
    if first is None or second is None:
        return ""
    delta = second - first
    if not math.isfinite(delta):
        return ""
    sign = "−" if delta < 0 else "+"
    return f"{name} {sign}{humanize_delta(delta)}"


def compare(a: dict[str, Any], b: dict[str, Any], times: bool) -> tuple[Difference, ...]:
    """Every name of `a` then of `b`, each marked added/removed/changed/same."""
    rows: list[Difference] = []
    for name in (*a, *(name for name in b if name not in a)):
        if name not in b:
            rows.append(Difference(name, REMOVED, a=a[name]))
        elif name not in a:
            rows.append(Difference(name, ADDED, b=b[name]))
        else:
            left, right = a[name], b[name]
            status = SAME if _canonical(left) == _canonical(right) else CHANGED
            note = time_note(name, left, right) if status == CHANGED and times and \
                is_time_claim(name) else ""
            rows.append(Difference(name, status, a=left, b=right, note=note))
    return tuple(rows)


class EncryptedTokenError(ValueError):
    """A JWE's claims cannot be read, so there is nothing to compare them with."""


def diff_tokens(a: DecodedToken, b: DecodedToken) -> TokenDiff:
    """The header and payload of A and B aligned by name; raises EncryptedTokenError for a JWE."""
    payload_a, payload_b = _readable_payload("A", a), _readable_payload("B", b)
    return TokenDiff(header=compare(a.header, b.header, times=False),
                     payload=compare(payload_a, payload_b, times=True))


def _readable_payload(label: str, token: DecodedToken) -> dict[str, Any]:
    if token.encrypted or token.payload is None:
        raise EncryptedTokenError(
            f"token {label} is encrypted ({token.kind.label}): only its issuer can read "
            "its claims, so there is nothing to compare")
    return token.payload


def mask_diff(diff: TokenDiff, a: DecodedToken, b: DecodedToken, masker: Any) -> TokenDiff:
    """The same comparison (made on the real values) showing masked values (a Masker).

    Both tokens' claims are taught to the masker first, so a personal value of either is also
    hidden where it appears inside another claim; equal values keep equal masks."""
    for token in (a, b):
        masker.mask_claims(token.header)
        masker.mask_claims(token.payload or {})

    def masked(row: Difference) -> Difference:
        return replace(row, name=masker.mask_text(row.name),
                       a=masker.mask_value(row.name, row.a) if row.in_a else _ABSENT,
                       b=masker.mask_value(row.name, row.b) if row.in_b else _ABSENT)

    return TokenDiff(header=tuple(map(masked, diff.header)),
                     payload=tuple(map(masked, diff.payload)))


def difference_to_json(row: Difference) -> dict[str, Any]:
    """{"name", "status", "a", "b"}: a side the token lacks is left out (not null)."""
    entry: dict[str, Any] = {"name": row.name, "status": row.status}
    if row.in_a:
        entry["a"] = row.a
    if row.in_b:
        entry["b"] = row.b
    return entry


def diff_to_json(diff: TokenDiff) -> dict[str, list[dict[str, Any]]]:
    """Exactly {"header": [...], "payload": [...]}, one entry per name."""
    return {"header": [difference_to_json(row) for row in diff.header],
            "payload": [difference_to_json(row) for row in diff.payload]}
