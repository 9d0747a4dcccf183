"""Everything about a pasted text: find the tokens, decode each, get keys, verify.

The CLI's one entry point (the UI calls the same steps separately, off the GUI thread).
`report_to_json` is the per-token shape `tokenexplorer decode --json` prints.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from tokenexplorer.tokens.decode import decode
from tokenexplorer.tokens.find import find_tokens
from tokenexplorer.tokens.limits import MAX_JWKS_FETCHES_PER_RUN, fetches_capped
from tokenexplorer.tokens.model import Candidate, FindResult, Report, TokenDecodeError
from tokenexplorer.tokens.verify import VerifyOptions, needs_network, resolve_keys, verify


@dataclass
class Analysis:
    find: FindResult
    reports: list[Report] = field(default_factory=list)
    errors: list[tuple[Candidate, TokenDecodeError]] = field(default_factory=list)
    limits: list[str] = field(default_factory=list)  # caps hit while verifying

    @property
    def notices(self) -> list[str]:
        """What finding said (codes, opaque refresh tokens, caps), then the fetch cap."""
        return [*self.find.notices, *self.limits]


def analyse_text(text: str, options: VerifyOptions, now: float | None = None) -> Analysis:
    """Find, decode, resolve keys and verify every token in `text`; never raises.

    At most MAX_JWKS_FETCHES_PER_RUN key fetches: hostile input naming a hundred pools must
    not make a hundred requests; later tokens are checked with cached keys only (said so)."""
    found = find_tokens(text)
    analysis = Analysis(find=found)
    offline = dataclasses.replace(options, offline=True)
    fetches = skipped = 0
    for candidate in found.candidates:
        try:
            token = decode(candidate.raw, candidate.source)
        except TokenDecodeError as error:
            analysis.errors.append((candidate, error))
            continue
        chosen = options
        if needs_network(token, options):
            if fetches < MAX_JWKS_FETCHES_PER_RUN:
                fetches += 1
            else:
                chosen, skipped = offline, skipped + 1
        keys = resolve_keys(token, chosen)
        analysis.reports.append(verify(token, keys, chosen, now))
    if skipped:
        analysis.limits.append(fetches_capped(skipped))
    return analysis


def report_to_json(report: Report) -> dict[str, Any]:
    """{"kind", "source", "header", "payload", "signature": {"status", "reason", "key_source"},
    "checks": [{"name", "ok", "detail"}], "warnings": [...]}; payload is null for a JWE."""
    token = report.token
    return {
        "kind": token.kind.value,
        "source": token.source,
        "header": token.header,
        "payload": token.payload,
        "signature": {
            "status": report.signature.status.value,
            "reason": report.signature.reason,
            "key_source": report.signature.key_source,
        },
        "checks": [{"name": c.name, "ok": c.ok, "detail": c.detail} for c in report.checks],
        "warnings": list(report.warnings),
    }
