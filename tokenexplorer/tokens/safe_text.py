"""Untrusted text made safe to show: invisible and direction-changing characters become visible.

A claim value can hide text behind a right-to-left override or zero-width characters, or
break a terminal with control characters. `visible` keeps every character but shows the
dangerous ones as `⟨U+202E⟩`, and newlines/tabs as `\\n`/`\\t`.
"""

from __future__ import annotations

import re

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

# C0/C1 controls and DEL; bidi marks, embeddings, overrides and isolates; zero-width and
# invisible characters; line/paragraph separators; interlinear annotation; lone surrogates;
# tag characters (used to hide text).
_DANGEROUS = re.compile(
    "["
    "\x00-\x1f\x7f-\x9f"
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"
    "\ud800-\udfff"
    "\U000e0000-\U000e007f"
    "]"
)


def _show(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or f"⟨U+{ord(char):04X}⟩"


def visible(text: str) -> str:
    """`text` with control, bidi and zero-width characters shown as ⟨U+XXXX⟩, newlines as \\n."""
    return _DANGEROUS.sub(_show, text)


def shorten(text: str, limit: int = 2000) -> str:
    """At most `limit` characters of `text`, saying how much was left out (for huge claims)."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"
