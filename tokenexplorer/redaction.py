"""Redaction shared by the Activity log, the log file and crash reports.

One set of rules, so a secret masked on screen is masked everywhere: `redact` for
structured values (fields named like secrets, token-shaped strings), `redact_text` for
free text (log messages, tracebacks) with the same key names and token shape.
"""

from __future__ import annotations

import functools
import re
from datetime import datetime
from typing import Any

# Field names whose values are secret. Matched case-insensitively against the whole key.
_SECRET_KEY = (
    r"(.*password.*|.*secret.*|.*token|.*session|.*signature|srp_[ab]|salt|.*verifier.*"
    r"|.*code|answer|.*otp.*|logins|secret_block|.*sessiontoken|username_for_srp)"
)
# Keys that match the pattern but hold nothing secret, and help a learner.
_NOT_SECRET = {"tokentype", "challengename", "nexttoken", "continuationtoken",
               "nextcontinuationtoken", "startafter", "errorcode", "code"}
_JWT_BODY = r"[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*"
_JWT_LIKE = "^" + _JWT_BODY
_JWT_IN_TEXT = r"(?<![A-Za-z0-9_.-])" + _JWT_BODY
# key=value, key: value, 'key': 'value', "key"="value" inside free text; a value
# already masked (a token) is left as it is.
_PAIR_IN_TEXT = (
    r"""(?P<q>["']?)(?P<key>[A-Za-z_][A-Za-z0-9_-]*)(?P=q)(?P<sep>\s*[:=]\s*)"""
    r"""(?!‹)(?P<value>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,;&)}\]]+)"""
)


@functools.cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    """Compiled on first use (~2 ms): the window imports this module before its first paint."""
    return (re.compile(_SECRET_KEY, re.IGNORECASE), re.compile(_JWT_LIKE),
            re.compile(_JWT_IN_TEXT), re.compile(_PAIR_IN_TEXT))


def is_secret_key(key: str) -> bool:
    """Whether a field called `key` holds a secret (password, token, SRP value, …)."""
    return key.lower() not in _NOT_SECRET and _patterns()[0].fullmatch(key) is not None


def _mask(value: object) -> str:
    length = len(value) if isinstance(value, (str, bytes)) else None
    return f"‹redacted{f', {length} chars' if length is not None else ''}›"


def redact(value: object, key: str | None = None) -> Any:
    """A copy of `value` safe to show: secret fields and token-shaped strings masked."""
    if key is not None and is_secret_key(key):
        if isinstance(value, dict):
            return {k: _mask(v) for k, v in value.items()}
        return _mask(value)
    if isinstance(value, dict):
        return {k: redact(v, str(k)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact(v) for v in value]
    if isinstance(value, bytes):
        return f"‹{len(value)} bytes›"
    if isinstance(value, str) and _patterns()[1].match(value):
        return _mask(value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, datetime):
        return value.isoformat()
    return f"‹{type(value).__name__}›"  # streams, bodies: never read for the log


def _mask_pair(match: re.Match[str]) -> str:
    if not is_secret_key(match["key"]):
        return match[0]
    value = match["value"]
    quote = value[0] if value[:1] in "\"'" and len(value) > 1 else ""
    inner = value[1:-1] if quote else value
    masked = _mask(inner)
    return f"{match['q']}{match['key']}{match['q']}{match['sep']}{quote}{masked}{quote}"


def redact_text(text: str) -> str:
    """`text` with token-shaped strings and the values of secret-named fields masked."""
    _, _, jwt_in_text, pair_in_text = _patterns()
    text = jwt_in_text.sub(lambda m: _mask(m[0]), text)
    return pair_in_text.sub(_mask_pair, text)
