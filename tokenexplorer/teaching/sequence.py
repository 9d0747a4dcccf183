"""The Activity log's calls as a sequence diagram model (no Qt), laid out once for every view.

Lifelines: the app, then the services that appear, in a fixed teaching order (user pool,
hosted UI, identity pool, STS, S3), then any other service in order of first use. Each
call is an arrow from the app with its operation; each answer an arrow back with its
outcome. Operation and outcome text come from servers and are hostile: shown visibly
(controls and bidi marks as ⟨U+XXXX⟩) and bounded; exporters escape them again for their
format (teaching/sequence_export.py). A long log keeps its last `limit` calls.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from tokenexplorer.activity import ActivityEntry
from tokenexplorer.tokens.safe_text import visible

DEFAULT_LIMIT = 60
MAX_TEXT = 40  # characters of an operation or outcome on an arrow
MAX_EXTRA_LIFELINES = 4  # services we have no place for; more share one "Other" lifeline

# (service names as the activity log records them, lifeline id, label)
KNOWN: tuple[tuple[frozenset[str], str, str], ...] = (
    (frozenset({"cognito-idp", "cognito-idp JWKS"}), "UserPool", "Cognito user pool"),
    (frozenset({"hosted-ui"}), "HostedUI", "Hosted UI"),
    (frozenset({"cognito-identity"}), "IdentityPool", "Identity pool"),
    (frozenset({"sts"}), "STS", "STS"),
    (frozenset({"s3"}), "S3", "S3"),
)
APP = "App"

# Geometry, in pixels at 100 %: shared by the SVG export and the Qt view.
MARGIN = 16
BOX_H = 34
MIN_COLUMN = 150
CHAR_W = 7.2  # a generous average width of a 13 px sans-serif character
ROW = 30
NOTE_H = 28

ArrowKind = Literal["call", "answer"]


@dataclass(frozen=True)
class Lifeline:
    id: str
    label: str
    x: float


@dataclass(frozen=True)
class Arrow:
    call: int  # index into SequenceModel.calls
    kind: ArrowKind
    x1: float
    x2: float
    y: float
    text: str
    ok: bool


@dataclass(frozen=True)
class Call:
    entry: ActivityEntry
    lifeline: int  # index into SequenceModel.lifelines
    operation: str  # shown text (visible, bounded)
    outcome: str


@dataclass(frozen=True)
class SequenceModel:
    lifelines: tuple[Lifeline, ...]
    calls: tuple[Call, ...]
    arrows: tuple[Arrow, ...]
    omitted: int  # earlier calls not shown
    width: float
    height: float
    column: float

    @property
    def note(self) -> str:
        if not self.omitted:
            return ""
        shown = len(self.calls)
        return (f"{self.omitted} earlier call{'s' if self.omitted != 1 else ''} not shown "
                f"(showing the last {shown} call{'s' if shown != 1 else ''})")

    @property
    def first_arrow_y(self) -> float:
        return MARGIN + BOX_H + ROW + (NOTE_H if self.omitted else 0)


def shown_text(text: str, limit: int = MAX_TEXT) -> str:
    """Hostile server text as one visible, bounded line."""
    text = visible(text or "?")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _extra_label(service: str) -> str:
    """Another service's lifeline label: its name in safe characters only."""
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_. ") else "_" for c in service)
    return shown_text(safe.strip() or "service", 24)


Pairs = list[tuple[str, str]]


def _lifelines_for(entries: Sequence[ActivityEntry]) -> tuple[Pairs, dict[str, int]]:
    """(id, label) pairs in order, and the lifeline index of each service name."""
    used = {entry.service for entry in entries}
    pairs: Pairs = [(APP, "App")]
    where: dict[str, int] = {}
    for names, ident, label in KNOWN:
        if names & used:
            where.update(dict.fromkeys(names, len(pairs)))
            pairs.append((ident, label))
    extras = 0
    for entry in entries:
        if entry.service in where:
            continue
        if extras == MAX_EXTRA_LIFELINES:
            where[entry.service] = len(pairs)
            pairs.append(("Other", "Other services"))
            extras += 1
        elif extras > MAX_EXTRA_LIFELINES:
            where[entry.service] = len(pairs) - 1
        else:
            extras += 1
            where[entry.service] = len(pairs)
            pairs.append((f"Svc{extras}", _extra_label(entry.service)))
    return pairs, where


def build_sequence(entries: Sequence[ActivityEntry], limit: int = DEFAULT_LIMIT) -> SequenceModel:
    """The diagram of the last `limit` entries (oldest first), laid out."""
    limit = max(1, limit)
    omitted = max(0, len(entries) - limit)
    shown = list(entries[omitted:])
    pairs, where = _lifelines_for(shown)
    longest = max([len(label) for _i, label in pairs]
                  + [len(shown_text(e.operation)) for e in shown]
                  + [len(shown_text(e.outcome)) for e in shown] + [0])
    column = float(max(MIN_COLUMN, math.ceil(longest * CHAR_W + 2 * MARGIN)))
    lifelines = tuple(Lifeline(ident, label, MARGIN + column / 2 + i * column)
                      for i, (ident, label) in enumerate(pairs))
    calls = tuple(Call(e, where[e.service], shown_text(e.operation), shown_text(e.outcome))
                  for e in shown)
    top = MARGIN + BOX_H + ROW + (NOTE_H if omitted else 0)
    app_x = lifelines[0].x
    arrows: list[Arrow] = []
    for index, call in enumerate(calls):
        far = lifelines[call.lifeline].x
        y = top + 2 * index * ROW
        arrows.append(Arrow(index, "call", app_x, far, y, call.operation, True))
        arrows.append(Arrow(index, "answer", far, app_x, y + ROW, call.outcome, call.entry.ok))
    height = top + 2 * len(calls) * ROW + MARGIN
    width = 2 * MARGIN + column * len(lifelines)
    return SequenceModel(lifelines, calls, tuple(arrows), omitted, width, height, column)


def arrow_near(model: SequenceModel, x: float, y: float, slack: float = ROW / 2) -> Arrow | None:
    """The arrow a click at (x, y) means: on its row (± half a row) and over its span."""
    best: Arrow | None = None
    for arrow in model.arrows:
        low, high = sorted((arrow.x1, arrow.x2))
        distance = abs(arrow.y - y)
        if low - 8 <= x <= high + 8 and distance <= slack and (
                best is None or distance < abs(best.y - y)):
            best = arrow
    return best


__all__ = ["Arrow", "Call", "Lifeline", "SequenceModel", "arrow_near", "build_sequence",
           "shown_text"]
