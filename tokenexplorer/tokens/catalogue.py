"""The claim and header catalogue (resources/claims.json) as lookups."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tokenexplorer.resources import load_json


@dataclass(frozen=True)
class Entry:
    name: str
    title: str
    description: str
    source: str
    url: str
    kind: str = "string"
    risk: str | None = None


def _data() -> dict[str, Any]:
    return load_json("claims.json")


def _entry(name: str, data: dict[str, Any]) -> Entry:
    return Entry(
        name=name,
        title=data["title"],
        description=data["description"],
        source=data["source"],
        url=data["url"],
        kind=data.get("kind", "string"),
        risk=data.get("risk"),
    )


def claim(name: str) -> Entry | None:
    """The catalogue entry for a payload claim (or its custom:/dev: pattern), if known."""
    data = _data()
    known = data["claims"].get(name)
    if known:
        return _entry(name, known)
    for pattern in data["patterns"]:
        if name.startswith(pattern["prefix"]):
            return _entry(name, pattern)
    return None


def header(name: str, encrypted: bool = False) -> Entry | None:
    """The catalogue entry for a header parameter (JWE meanings for alg/cty when encrypted)."""
    data = _data()
    if encrypted and name in data["jwe_header"]:
        return _entry(name, data["jwe_header"][name])
    known = data["header"].get(name)
    return _entry(name, known) if known else None


def note(name: str) -> Any:
    """A fixed explanation: 'unknown_claim', 'unknown_header', 'encrypted', 'signature', …"""
    value = _data()["notes"][name]
    return _entry(name, value) if isinstance(value, dict) else value


def risky_header_parameters() -> frozenset[str]:
    """Header parameters that name the token's own key (jwk, jku, x5u, x5c)."""
    return frozenset(name for name, data in _data()["header"].items() if data.get("risk"))
