"""A keyring value stored together with the target it belongs to (see `cognito.binding`).

Kept apart from `keyring_store` so the format is small and testable without a keyring:
`tokenexplorer-bound:` + JSON `{"target": {...}, "value": secret}`. A value without the
marker was written by an older version and has no target.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

MARKER = "tokenexplorer-bound:"
Target = Mapping[str, str]


def target(value: Any) -> dict[str, str] | None:
    """A recorded target, or None when missing or malformed (it then matches nothing)."""
    if not isinstance(value, dict) or not value:
        return None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return None
    return dict(value)


def bind(value: str, where: Target) -> str:
    return MARKER + json.dumps({"target": dict(where), "value": value})


def unbind(raw: str | None) -> tuple[str | None, dict[str, str] | None]:
    """(secret, its target); a value of an older version is (secret, None)."""
    if raw is None or not raw.startswith(MARKER):
        return raw, None
    try:
        document = json.loads(raw[len(MARKER):])
        value = document["value"]
    except (ValueError, TypeError, KeyError):
        return None, None
    return (value if isinstance(value, str) else None), target(document.get("target"))
