"""Two pasted inputs compared: find the token in each, decode both, align their claims.

The Compare view and the handout render what this returns; the view runs `compare_texts`
on a worker (big input). Cells are made here, bounded and safe: hostile claim values are
plain text with control and bidi characters shown, long values cut (the full value is in
`full_a`/`full_b`, itself bounded).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from tokenexplorer.tokens.diff import (
    ADDED,
    CHANGED,
    REMOVED,
    SAME,
    Difference,
    EncryptedTokenError,
    TokenDiff,
    diff_tokens,
)
from tokenexplorer.tokens.model import DecodedToken, TokenDecodeError
from tokenexplorer.tokens.safe_text import visible

CELL_CHARS = 80  # a value in the table is cut here
FULL_CHARS = 20_000  # the details show at most this much of one value
ABSENT = "—"
MARKERS = {ADDED: "+ added", REMOVED: "− removed", CHANGED: "≠ changed", SAME: "= same"}


@dataclass(frozen=True)
class Side:
    token: DecodedToken | None = None
    problem: str | None = None  # why there is no token (for people)
    note: str | None = None  # e.g. "the first of 2 tokens is used"


@dataclass(frozen=True)
class Comparison:
    a: Side
    b: Side
    diff: TokenDiff | None = None
    problem: str | None = None  # both decoded, but they cannot be compared (a JWE)


@dataclass(frozen=True)
class Row:
    """One line of the comparison, as shown."""

    section: str  # "Header" or "Payload"
    name: str
    status: str
    marker: str  # "+ added" …: the status in words (colour is never the only sign)
    a: str
    b: str
    note: str  # "exp +1 h"
    full_a: str
    full_b: str


def read_side(text: str, label: str) -> Side:
    """The one token in `text` (the first when there are several), decoded."""
    from tokenexplorer.tokens.decode import decode
    from tokenexplorer.tokens.find import find_tokens

    if not text.strip():
        return Side(problem=f"Paste token {label}.")
    found = find_tokens(text)
    if not found.candidates:
        return Side(problem=f"Token {label}: {found.problem}")
    note = None
    if len(found.candidates) > 1:
        note = (f"Token {label}: the input holds {len(found.candidates)} tokens; the first "
                f"({visible(found.candidates[0].source)}) is compared.")
    candidate = found.candidates[0]
    try:
        return Side(token=decode(candidate.raw, candidate.source), note=note)
    except TokenDecodeError as error:
        return Side(problem=f"Token {label} cannot be decoded: {error}", note=note)


def compare_texts(text_a: str, text_b: str) -> Comparison:
    """Pure and Qt-free: safe on a worker thread."""
    a, b = read_side(text_a, "A"), read_side(text_b, "B")
    if a.token is None or b.token is None:
        return Comparison(a, b)
    try:
        return Comparison(a, b, diff_tokens(a.token, b.token))
    except EncryptedTokenError as error:
        return Comparison(a, b, problem=f"Cannot compare: {error}.")


def value_text(value: Any, present: bool = True, limit: int = FULL_CHARS) -> str:
    """A claim value on screen: strings bare, others compact JSON, made visible, bounded."""
    if not present:
        return ABSENT
    if isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    text = visible(text[: limit * 2])
    return text if len(text) <= limit else text[: limit - 1] + "…"


def row_of(section: str, item: Difference) -> Row:
    return Row(section=section, name=value_text(item.name, limit=CELL_CHARS),
               status=item.status, marker=MARKERS[item.status],
               a=value_text(item.a, item.in_a, CELL_CHARS),
               b=value_text(item.b, item.in_b, CELL_CHARS), note=item.note,
               full_a=value_text(item.a, item.in_a), full_b=value_text(item.b, item.in_b))


def rows(diff: TokenDiff, only_differences: bool = False) -> list[Row]:
    """Header rows, then payload rows; `only_differences` leaves out the same ones."""
    return [row_of(section, item)
            for section, items in (("Header", diff.header), ("Payload", diff.payload))
            for item in items if not (only_differences and item.status == SAME)]


def summary(diff: TokenDiff) -> str:
    """'2 changed, 1 added, 1 removed, 3 same'."""
    counts = diff.counts()
    return ", ".join(f"{counts[s]} {s}" for s in (CHANGED, ADDED, REMOVED, SAME))


__all__ = ["MARKERS", "Comparison", "Row", "Side", "compare_texts", "rows", "summary",
           "value_text"]
