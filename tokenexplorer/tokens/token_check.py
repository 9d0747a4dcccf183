"""Check one shown token with the key the user chose: the steps a window runs on a worker.

`check_token` resolves the keys (may fetch: `on_fetch` is told first, so a UI can offer
Cancel) and verifies; `check_without_keys` gives what can be said with no key at all (after
a cancelled fetch, or when the key chosen is unusable). The status-line wording of a fetch
(`fetch_outcome`) is decided here, from the KeySet's problem code, never from its words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from tokenexplorer.tokens.keys import KeySet
from tokenexplorer.tokens.model import DecodedToken, KeyProblem, Report, SignatureStatus
from tokenexplorer.tokens.options import VerifyOptions

CANCELLED_REASON = "key fetch cancelled: press F5 to check again"


@dataclass(frozen=True)
class TokenCheck:
    report: Report
    fetch_outcome: str | None = None  # how a key fetch ended, for a status line (None: no fetch)


def check_token(token: DecodedToken, options: VerifyOptions, *,
                on_fetch: Callable[[], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> TokenCheck | None:
    """Resolve the keys and verify; None when `cancelled()` says so after the fetch."""
    from tokenexplorer.tokens.verify import needs_network, resolve_keys, verify

    fetching = needs_network(token, options)
    if fetching and on_fetch is not None:
        on_fetch()
    keys = resolve_keys(token, options)
    if cancelled is not None and cancelled():
        return None
    return TokenCheck(verify(token, keys, options), fetch_outcome(keys) if fetching else None)


def check_without_keys(token: DecodedToken, options: VerifyOptions, reason: str,
                       problem: KeyProblem) -> TokenCheck:
    """Every check that needs no key, the signature "not checked" for `reason`. Pure and fast.

    The signature is "not checked" whatever the token's alg says: no key was looked at."""
    from tokenexplorer.tokens.verify import verify

    report = verify(token, KeySet(problem=reason, problem_code=problem), options)
    signature = replace(report.signature, status=SignatureStatus.NOT_CHECKED, reason=reason,
                        key_source=None, key_problem=problem)
    return TokenCheck(replace(report, signature=signature))


def fetch_outcome(keys: KeySet) -> str:
    """How a key fetch ended, for the status line: never "fetched" when it failed."""
    code = keys.problem_code
    if code is not None and code.fetch_failed and keys.problem:
        return _sentence(keys.problem)
    if keys.keys:
        return "Signing keys fetched"
    return _sentence(keys.problem) if keys.problem else "Could not fetch the signing keys"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]
