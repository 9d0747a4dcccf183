"""Stable pseudonyms for personal data, so a teacher can project tokens, logs and S3 keys.

What is personal is data (resources/masking.json, see masking_rules). A Masker lives for a
session: the same value always gets the same mask (`user-1@example.invalid`), whether it is
met as a claim or inside any text, and a value masked once as a claim is also masked where it
turns up later in text (an identity ID in an S3 key, a sub in a log line).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, overload

from tokenexplorer.tokens.masking_rules import Kind, Rules, default_rules

MAX_DEPTH = 64  # deeper JSON is replaced whole: masking must not overflow the stack
TOO_DEEP = "[masked: nested too deeply]"


class Masker:
    """Replaces personal values by pseudonyms; one instance per session (not thread-safe)."""

    def __init__(self, rules: Rules | None = None) -> None:
        self.rules = rules or default_rules()
        self._masks: dict[str, str] = {}  # value -> its pseudonym
        self._outputs: set[str] = set()  # every pseudonym handed out: never masked again
        self._counts: Counter[str] = Counter()
        self._known: re.Pattern[str] | None = None  # values and masks seen, for text

    def pseudonym(self, value: str, kind: Kind) -> str:
        """The mask of `value` (the first kind it was met as decides its look)."""
        if value in self._outputs:
            return value
        mask = self._masks.get(value)
        if mask is None:
            self._counts[kind.name] += 1
            mask = kind.pseudonym(self._counts[kind.name], value)
            self._masks[value] = mask
            self._outputs.add(mask)
            self._known = None
        return mask

    # --- text -----------------------------------------------------------------------
    def _known_pattern(self) -> re.Pattern[str] | None:
        """Every value masked so far and every mask given, longest first, as whole words."""
        if self._known is None:
            words = {v for v in self._masks if len(v) >= self.rules.min_known_length}
            words |= self._outputs
            if not words:
                return None
            parts = [(r"(?<!\w)" if w[0].isalnum() or w[0] == "_" else "") + re.escape(w)
                     + (r"(?!\w)" if w[-1].isalnum() or w[-1] == "_" else "")
                     for w in sorted(words, key=len, reverse=True)]
            self._known = re.compile("|".join(parts))
        return self._known

    @overload
    def mask_text(self, text: str) -> str: ...
    @overload
    def mask_text(self, text: None) -> None: ...

    def mask_text(self, text: str | None) -> str | None:
        """`text` with every personal value the rules can find (or were taught) masked."""
        if not isinstance(text, str) or not text:
            return text
        spans: list[tuple[int, int, str]] = []

        def free(start: int, end: int) -> bool:
            return all(end <= s or start >= e for s, e, _ in spans)

        known = self._known_pattern()
        if known is not None:
            for match in known.finditer(text):
                spans.append((match.start(), match.end(), self._masks.get(match.group(),
                                                                          match.group())))
        for kind in self.rules.finders():
            if kind.find is None:  # finders() holds only kinds that have one
                continue
            for match in kind.find.finditer(text):
                if free(match.start(), match.end()):
                    spans.append((match.start(), match.end(),
                                  self.pseudonym(match.group(), kind)))
        if not spans:
            return text
        pieces: list[str] = []
        position = 0
        for start, end, replacement in sorted(spans):
            pieces.extend((text[position:start], replacement))
            position = end
        pieces.append(text[position:])
        return "".join(pieces)

    # --- claims ---------------------------------------------------------------------
    def _mask_all(self, value: Any, kind: Kind, depth: int = 0) -> Any:
        """Every string and number under a personal name masked; true/false/null kept."""
        if depth > MAX_DEPTH:
            return TOO_DEEP
        if isinstance(value, dict):
            return {self.mask_text(str(k)): self._mask_all(v, kind, depth + 1)
                    for k, v in value.items()}
        if isinstance(value, list):
            return [self._mask_all(item, kind, depth + 1) for item in value]
        if isinstance(value, bool) or value is None:
            return value
        return self.pseudonym(value if isinstance(value, str) else str(value), kind)

    def mask_value(self, name: str, value: Any, depth: int = 0) -> Any:
        """A claim's (or JSON field's) value masked by its name, then by its text."""
        if depth > MAX_DEPTH:
            return TOO_DEEP
        kind = self.rules.kind_for(name)
        if kind is not None:
            return self._mask_all(value, kind, depth)
        if isinstance(value, dict):
            return {self.mask_text(str(k)): self.mask_value(str(k), v, depth + 1)
                    for k, v in value.items()}
        if isinstance(value, list):
            return [self.mask_value("", item, depth + 1) for item in value]
        if isinstance(value, str):
            return self.mask_text(value)
        return value

    def mask_claims(self, claims: dict[str, Any]) -> dict[str, Any]:
        """A masked copy of a header or claim set (the original is left alone).

        Two passes: the first learns every personal value, so the second also masks them
        where they appear inside other claims (a username inside a role ARN, say)."""
        for name, value in claims.items():
            self.mask_value(str(name), value)
        return {self.mask_text(str(name)): self.mask_value(str(name), value)
                for name, value in claims.items()}
