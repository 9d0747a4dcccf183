"""Human times: NumericDate claims in UTC, local time and "expired 3 h ago", and durations.

The one home of time wording: `humanize_delta` for spans, `countdown`/`clock` for time left.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

# Clock skew allowed for exp/nbf/iat by default, in the CLI and the window alike: a minute
# covers ordinary drift between this machine and the issuer without hiding an expiry.
DEFAULT_LEEWAY_S = 60

_UNITS = (("y", 365 * 86400), ("d", 86400), ("h", 3600), ("min", 60), ("s", 1))


def humanize_delta(seconds: float) -> str:
    """A duration in the two largest units: 5400 -> '1 h 30 min', 3600 -> '1 h', 0.4 -> '0 s'."""
    remaining = int(abs(seconds))
    parts: list[str] = []
    for unit, size in _UNITS:
        count, remaining = divmod(remaining, size)
        if count:
            parts.append(f"{count} {unit}")
        if len(parts) == 2 or (parts and not remaining):
            break
    return " ".join(parts) if parts else "0 s"


def countdown(seconds: float, *, whole_minutes: bool = False) -> str:
    """Time left, for a ticking display: '1 h 02 min', '12 min 05 s', '42 s' ('12 min' with
    whole_minutes); never negative."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes and whole_minutes:
        return f"{minutes} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def format_utc(ts: float) -> str:
    """'2020-10-04 04:31:48 UTC', or a note when the number is out of range for a date."""
    try:
        return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    except (OverflowError, OSError, ValueError):
        return "out of the range of dates"


def format_local(ts: float) -> str:
    """The same moment in this computer's time zone."""
    try:
        return datetime.fromtimestamp(ts).astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")
    except (OverflowError, OSError, ValueError):
        return "out of the range of dates"


def is_past(ts: float, now: float | None = None) -> bool:
    """The moment has come (for exp: the token has expired); False when out of range."""
    now = time.time() if now is None else now
    try:
        delta = float(ts) - now
    except (OverflowError, ValueError):
        return False
    return delta == delta and abs(delta) != float("inf") and delta <= 0


def relative(ts: float, now: float | None = None, claim: str | None = None) -> str:
    """'expired 3 h ago' / 'expires in 12 min' for exp, '3 h ago' / 'in 12 min' otherwise."""
    now = time.time() if now is None else now
    try:
        delta = float(ts) - now
    except (OverflowError, ValueError):
        return "out of range"
    if delta != delta or abs(delta) == float("inf"):
        return "out of range"
    span = humanize_delta(delta)
    if claim == "exp":
        return f"expires in {span}" if delta > 0 else f"expired {span} ago"
    if claim == "nbf":
        return f"becomes valid in {span}" if delta > 0 else f"became valid {span} ago"
    if abs(delta) < 1:
        return "now"
    return f"in {span}" if delta > 0 else f"{span} ago"


def describe_time(ts: float, now: float | None = None, claim: str | None = None) -> str:
    """One line: '2020-10-04 04:31:48 UTC · 2020-10-04 06:31:48 CEST local · expired 6 y ago'."""
    return f"{format_utc(ts)} · {format_local(ts)} local · {relative(ts, now, claim)}"
