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


def _show_code(match: re.Match[str]) -> str:
    return f"⟨U+{ord(match.group()):04X}⟩"


def visible(text: str) -> str:
    """`text` with control, bidi and zero-width characters shown as ⟨U+XXXX⟩, newlines as \\n."""
    return _DANGEROUS.sub(_show, text)


# What a terminal acts on: C0 controls but newline and tab (ESC starts OSC 52 clipboard
# writes, title changes, cursor moves; CR overwrites a line), DEL, C1 (CSI/OSC in one
# byte), bidi embeddings/overrides/isolates/marks (reorder what is shown), lone surrogates.
_TERMINAL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff]"
)
def terminal(text: str) -> str:
    """`text` safe to write to a terminal: lines and tabs stay, every other control and
    bidi character is shown as ⟨U+XXXX⟩ (our own colours are added after this, by
    commands.output.Printer, so no outside text can carry one)."""
    return _TERMINAL.sub(_show_code, text)


def shorten(text: str, limit: int = 2000) -> str:
    """At most `limit` characters of `text`, saying how much was left out (for huge claims)."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"
