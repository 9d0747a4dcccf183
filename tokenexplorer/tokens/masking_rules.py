"""The masking rules (resources/masking.json) compiled: which names and texts are personal."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from tokenexplorer.resources import load_json


@dataclass(frozen=True)
class Kind:
    """One kind of personal value: how its pseudonym looks and how to find it in text."""

    name: str
    mask: str  # format template: {n} and the named groups of `find`
    find: re.Pattern[str] | None = None
    defaults: dict[str, str] = field(default_factory=dict)

    def pseudonym(self, number: int, value: str) -> str:
        groups = dict(self.defaults)
        match = self.find.fullmatch(value) if self.find else None
        if match:
            groups.update({k: v for k, v in match.groupdict().items() if v is not None})
        try:
            return self.mask.format_map({**groups, "n": number})
        except (KeyError, ValueError, IndexError):  # a template naming a group it lacks
            return f"masked-{self.name}-{number}"


@dataclass(frozen=True)
class Rules:
    kinds: dict[str, Kind]  # in priority order
    claims: dict[str, str]  # claim/field name -> kind name
    claim_patterns: tuple[tuple[re.Pattern[str], str], ...]
    min_known_length: int = 4

    def kind_for(self, name: str) -> Kind | None:
        """The kind of the values under this claim or field name, if they are personal."""
        kind = self.claims.get(name)
        if kind is None:
            kind = next((k for pattern, k in self.claim_patterns if pattern.search(name)), None)
        return self.kinds.get(kind) if kind else None

    def finders(self) -> tuple[Kind, ...]:
        """The kinds that can be found inside free text, in priority order."""
        return tuple(kind for kind in self.kinds.values() if kind.find is not None)


def rules_from_data(data: dict[str, Any]) -> Rules:
    """Compile a masking document; a bad regex or unknown kind raises ValueError naming it."""
    kinds: dict[str, Kind] = {}
    for name, spec in data["kinds"].items():
        try:
            find = re.compile(spec["find"]) if spec.get("find") else None
        except re.error as error:
            raise ValueError(f"masking rules: kind {name}: bad regex: {error}") from None
        kinds[name] = Kind(name, spec["mask"], find, dict(spec.get("defaults", {})))
    patterns = []
    for entry in data.get("claim_patterns", []):
        try:
            patterns.append((re.compile(entry["pattern"]), entry["kind"]))
        except re.error as error:
            raise ValueError(f"masking rules: pattern {entry['pattern']}: {error}") from None
    claims = dict(data.get("claims", {}))
    unknown = {k for k in (*claims.values(), *(k for _, k in patterns)) if k not in kinds}
    if unknown:
        raise ValueError(f"masking rules: unknown kinds {sorted(unknown)}")
    return Rules(kinds, claims, tuple(patterns), int(data.get("min_known_length", 4)))


@functools.cache
def default_rules() -> Rules:
    """The bundled rules, compiled once."""
    return rules_from_data(load_json("masking.json"))
