"""Verification of the shown token, as background work for run_task.

The worker does everything that may be slow or touch the network: importing the verifier
(it pulls in hashing and HTTP modules), resolving keys (may fetch a JWKS), verifying.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tokenexplorer.tokens.model import DecodedToken, Report, SignatureResult, SignatureStatus

CANCELLED = object()  # a worker's answer after its task was cancelled (never shown)


@dataclass(frozen=True)
class VerifyContext:
    """What the active profile tells verification to expect."""

    client_id: str | None = None
    pool_id: str | None = None
    endpoint_url: str | None = None
    allow_http_jwks: bool = False


def verification_work(token: DecodedToken, settings: dict[str, Any],
                      problem: str | None) -> Callable[[Any], Any]:
    """A run_task function returning (Report, SignatureResult override or None, fetch status
    or None) or CANCELLED.

    `settings` are VerifyOptions fields; `problem` says why the chosen key cannot be used
    (the signature is then "not checked" with that reason, the other checks still run). The
    fetch status says for the status bar how a key fetch ended (None: nothing was fetched)."""

    def work(ctx) -> Any:
        from tokenexplorer.tokens.keys import KeySet
        from tokenexplorer.tokens.verify import VerifyOptions, needs_network, resolve_keys, verify

        options = VerifyOptions(**settings)
        if problem:
            report = verify(token, KeySet(problem=problem), options)
            return report, SignatureResult(SignatureStatus.NOT_CHECKED, problem), None
        fetching = needs_network(token, options)
        if fetching:
            ctx.progress("fetch")  # the UI shows the busy bar and Cancel
        keys = resolve_keys(token, options)
        if ctx.cancelled:
            return CANCELLED
        return verify(token, keys, options), None, fetch_status(keys) if fetching else None

    return work


def fetch_status(keys: Any) -> str:
    """How a key fetch ended, for the status bar: never "fetched" when it failed."""
    problem = keys.problem or ""
    if problem.startswith("fetching"):  # "fetching … failed: could not resolve …"
        return _sentence(problem)
    if keys.keys:
        return "Signing keys fetched"
    return _sentence(problem) if problem else "Could not fetch the signing keys"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def report_without_keys(token: DecodedToken, settings: dict[str, Any], reason: str) -> Report:
    """The checks that need no key (after a cancelled fetch): fast and pure."""
    from tokenexplorer.tokens.keys import KeySet
    from tokenexplorer.tokens.verify import VerifyOptions, verify

    return verify(token, KeySet(problem=reason), VerifyOptions(**settings))
