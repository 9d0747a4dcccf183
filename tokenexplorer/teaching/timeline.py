"""A session's tokens on a time axis (no Qt): iat, exp and auth_time of the ID and access
tokens, each refresh, and the AWS credentials' lifetime, with "now" among them.

`TokenHistory` remembers every generation of tokens the view saw (a refresh replaces the
session's tokens, so the old ones' times would otherwise be gone); the refresh times come
from the session's lineage (cognito/rotation.py), which records each refresh. Claims are
read unverified and only as numbers: a non-numeric or absurd time is ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from tokenexplorer.aws.identity_credentials import IdentityCredentials
    from tokenexplorer.cognito.session import Session

MAX_GENERATIONS = 20  # generations of tokens kept per kind (older ones leave the history)
MAX_REFRESHES = 50
YEAR_3000 = 32503680000.0
PAD_SHARE = 0.05  # room left on either side of the earliest and latest time

Lane = Literal["ID token", "Access token", "Session", "AWS credentials"]
LANES: tuple[Lane, ...] = ("ID token", "Access token", "Session", "AWS credentials")


@dataclass(frozen=True)
class Span:
    """A lifetime on one lane: issued → expires; `current` is False once replaced."""

    lane: Lane
    start: float
    end: float
    label: str
    current: bool = True


@dataclass(frozen=True)
class Mark:
    """One instant on one lane (a claim's time, a refresh)."""

    lane: Lane
    at: float
    label: str  # "iat", "exp", "auth_time", "sign-in", "refresh", "expires"


@dataclass(frozen=True)
class Timeline:
    spans: tuple[Span, ...]
    marks: tuple[Mark, ...]
    start: float
    end: float
    now: float

    @property
    def lanes(self) -> tuple[Lane, ...]:
        """The lanes that have something on them, in the fixed order."""
        used = {span.lane for span in self.spans} | {mark.lane for mark in self.marks}
        return tuple(lane for lane in LANES if lane in used)

    def fraction(self, at: float) -> float:
        """Where `at` lies on the axis, 0 at the start and 1 at the end."""
        return (at - self.start) / (self.end - self.start) if self.end > self.start else 0.0

    @property
    def empty(self) -> bool:
        return not self.spans and not self.marks


def claim_time(claims: Mapping[str, Any], name: str) -> float | None:
    """A NumericDate claim as epoch seconds; None when missing, not a number or absurd."""
    value = claims.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if 0 < value < YEAR_3000 else None


@dataclass(frozen=True)
class Generation:
    """One ID or access token's times."""

    lane: Lane
    key: str  # jti, else iat: tells generations apart
    iat: float | None
    exp: float | None
    auth_time: float | None


def generation(lane: Lane, claims: Mapping[str, Any]) -> Generation | None:
    iat, exp = claim_time(claims, "iat"), claim_time(claims, "exp")
    if iat is None and exp is None:
        return None
    key = claims.get("jti")
    return Generation(lane, key if isinstance(key, str) and key else f"iat:{iat}", iat, exp,
                      claim_time(claims, "auth_time"))


class TokenHistory:
    """The token generations seen, oldest first, at most MAX_GENERATIONS per lane."""

    def __init__(self) -> None:
        self._seen: list[Generation] = []

    def observe(self, id_claims: Mapping[str, Any], access_claims: Mapping[str, Any]) -> None:
        pairs: tuple[tuple[Lane, Mapping[str, Any]], ...] = (
            ("ID token", id_claims), ("Access token", access_claims))
        for lane, claims in pairs:
            found = generation(lane, claims)
            if found is None or found in self._seen:
                continue
            self._seen.append(found)
            same = [g for g in self._seen if g.lane == found.lane]
            if len(same) > MAX_GENERATIONS:
                self._seen.remove(same[0])

    def clear(self) -> None:
        self._seen.clear()

    def generations(self) -> list[Generation]:
        return list(self._seen)


def _token_parts(generations: Sequence[Generation]) -> tuple[list[Span], list[Mark]]:
    spans: list[Span] = []
    marks: list[Mark] = []
    for gen in generations:
        newest = gen is [g for g in generations if g.lane == gen.lane][-1]
        if gen.iat is not None and gen.exp is not None and gen.exp >= gen.iat:
            spans.append(Span(gen.lane, gen.iat, gen.exp, "valid" if newest else "replaced",
                              newest))
        if gen.iat is not None:
            marks.append(Mark(gen.lane, gen.iat, "iat"))
        if gen.exp is not None:
            marks.append(Mark(gen.lane, gen.exp, "exp"))
        if gen.auth_time is not None and gen.auth_time != gen.iat:
            marks.append(Mark(gen.lane, gen.auth_time, "auth_time"))
    return spans, marks


def _session_marks(generations: Sequence[Generation], refreshes: Iterable[float]) -> list[Mark]:
    marks: list[Mark] = []
    signed_in = sorted({g.auth_time for g in generations if g.auth_time is not None})
    for at in signed_in[:MAX_GENERATIONS]:
        marks.append(Mark("Session", at, "sign-in"))
    for at in sorted(refreshes)[-MAX_REFRESHES:]:
        if 0 < at < YEAR_3000:
            marks.append(Mark("Session", at, "refresh"))
    return marks


def _credential_parts(credentials: IdentityCredentials | None) -> tuple[list[Span], list[Mark]]:
    if credentials is None:
        return [], []
    issued = credentials.issued_at.timestamp()
    expires = credentials.expiration.timestamp()
    label = f"{credentials.kind} credentials"
    spans = [Span("AWS credentials", issued, expires, label)] if expires >= issued else []
    return spans, [Mark("AWS credentials", issued, "issued"),
                   Mark("AWS credentials", expires, "expires")]


def build_timeline(generations: Sequence[Generation], refreshes: Iterable[float],
                   credentials: IdentityCredentials | None, now: float) -> Timeline:
    """The axis spans every time shown and `now`, with a little room on both sides."""
    spans, marks = _token_parts(generations)
    marks += _session_marks(generations, refreshes)
    cred_spans, cred_marks = _credential_parts(credentials)
    spans += cred_spans
    marks += cred_marks
    times = [now, *(m.at for m in marks), *(s.start for s in spans), *(s.end for s in spans)]
    low, high = min(times), max(times)
    pad = max(30.0, (high - low) * PAD_SHARE)
    return Timeline(tuple(spans), tuple(sorted(marks, key=lambda m: (m.at, m.lane))),
                    low - pad, high + pad, now)


def refresh_times(session: Session) -> list[float]:
    """When the session was refreshed (its lineage's entries after the sign-in)."""
    from tokenexplorer.cognito.rotation import lineage_of

    return [entry.at for entry in lineage_of(session).entries if entry.method != "sign-in"]


def observe_session(history: TokenHistory, session: Session | None) -> None:
    """Add the session's current tokens to `history` (nothing when signed out)."""
    from tokenexplorer.cognito.session import jwt_claims

    tokens = session.tokens if session is not None else None
    if tokens is not None:
        history.observe(jwt_claims(tokens.id_token), jwt_claims(tokens.access_token))


def timeline_for(history: TokenHistory, session: Session | None,
                 credentials: IdentityCredentials | None, now: float) -> Timeline:
    """The timeline of what the history holds, the session's refreshes, the credentials."""
    observe_session(history, session)
    signed_in = session is not None and session.signed_in
    refreshes = refresh_times(session) if session is not None and signed_in else []
    return build_timeline(history.generations(), refreshes, credentials, now)


def relative(at: float, now: float) -> str:
    """'in 54 min', '3 s ago', 'now': how far `at` is from `now`, in the largest unit."""
    delta = at - now
    size = abs(delta)
    if size < 1:
        return "now"
    for unit, seconds in (("d", 86400), ("h", 3600), ("min", 60), ("s", 1)):
        if size >= seconds:
            amount = int(size // seconds)
            return f"in {amount} {unit}" if delta > 0 else f"{amount} {unit} ago"
    return "now"


MAX_DESCRIBED = 6  # marks per lane in the text summary (the latest ones)


def clock_time(at: float) -> str:
    from datetime import datetime

    return datetime.fromtimestamp(at).astimezone().strftime("%H:%M:%S")


def describe(timeline: Timeline) -> list[str]:
    """One line per lane, e.g. "Access token: iat 10:00:00 (5 min ago), exp 11:00:00
    (in 55 min)": the drawing in words, for the text under it and screen readers."""
    lines = []
    for lane in timeline.lanes:
        marks = [mark for mark in timeline.marks if mark.lane == lane]
        shown = marks[-MAX_DESCRIBED:]
        parts = [f"{m.label} {clock_time(m.at)} ({relative(m.at, timeline.now)})" for m in shown]
        earlier = len(marks) - len(shown)
        lead = f"{earlier} earlier, " if earlier else ""
        lines.append(f"{lane}: {lead}{', '.join(parts)}")
    return lines


__all__ = ["LANES", "Generation", "Mark", "Span", "Timeline", "TokenHistory", "build_timeline",
           "claim_time", "clock_time", "describe", "generation", "observe_session",
           "refresh_times", "relative", "timeline_for"]
