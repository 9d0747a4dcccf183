"""Verify a decoded token: its signature status and the checks beside it.

`resolve_keys` (key_resolution.py) gets the keys: it may fetch the Cognito JWKS, never
when offline, and never raises (problems travel in the KeySet). `verify` is pure and fast
(no I/O). Keys that the token names itself (jwk, jku, x5u, x5c) are never used: only flagged.
"""

from __future__ import annotations

import functools
import time
from typing import Any

from tokenexplorer.tokens.claim_checks import claim_checks
from tokenexplorer.tokens.key_resolution import (  # the verification API, in one import
    HMAC_NEEDS_SECRET,
    needs_network,
    resolve_keys,
)
from tokenexplorer.tokens.keys import (
    ALGORITHM_FAMILY,
    EC_CURVE,
    KeySet,
    PreparedKey,
    is_moto_key,
    key_warnings,
)
from tokenexplorer.tokens.model import (
    FAILED_STATUSES,
    DecodedToken,
    KeyProblem,
    Report,
    SignatureResult,
    SignatureStatus,
)
from tokenexplorer.tokens.options import VerifyOptions
from tokenexplorer.tokens.safe_text import shorten, visible

__all__ = ["HMAC_NEEDS_SECRET", "VerifyOptions", "failed", "needs_network", "resolve_keys",
           "verify"]

RISKY_HEADERS = ("jwk", "jku", "x5u", "x5c")
KEY_CONFUSION = (
    "refused: key confusion. The token asks for {alg} (a shared-secret HMAC) while the key is "
    "an {family} public key; checking it would use the public key as the HMAC secret, and "
    "since that key is public anyone could forge such a token."
)


def _show(value: object, limit: int = 120) -> str:
    return visible(shorten(str(value), limit))


@functools.cache
def _algorithms() -> dict[str, Any]:
    from jwt.algorithms import get_default_algorithms

    return get_default_algorithms()


def _result(status: SignatureStatus, reason: str, keys: KeySet | None,
            key_problem: KeyProblem | None = None) -> SignatureResult:
    return SignatureResult(status, reason, keys.source or None if keys else None, key_problem)


def _signature(token: DecodedToken, keys: KeySet | None, options: VerifyOptions,
               warnings: list[str]) -> SignatureResult:
    alg = token.alg
    if token.encrypted:
        return _result(SignatureStatus.NOT_CHECKED,
                       "encrypted (JWE), not signed: only the holder of the decryption key "
                       "(for a refresh token: Cognito) can check it", None)
    if alg is None:
        return _result(SignatureStatus.UNSUPPORTED_ALGORITHM, _no_alg(token.header), None)
    if alg.lower() == "none":
        return _result(SignatureStatus.UNSECURED,
                       f"alg is {_show(alg)!r}: the token has no signature, anyone can make it; "
                       "never valid", None)
    family = ALGORITHM_FAMILY.get(alg)  # a malformed alg fails even with checking turned off
    if family is None:
        return _result(SignatureStatus.UNSUPPORTED_ALGORITHM,
                       f"alg {_show(alg)!r} is not a signature algorithm Token Explorer checks "
                       "(HS*, RS*, PS*, ES*, EdDSA)", None)
    if not options.check_signature:
        return _result(SignatureStatus.NOT_CHECKED, "signature verification is turned off", None)
    if keys is None or not keys.keys:
        why = keys.problem if keys and keys.problem else "no key available"
        return _result(SignatureStatus.NOT_CHECKED, why, keys,
                       keys.problem_code if keys else None)
    same_family = [k for k in keys.keys if k.family == family]
    if not same_family:
        if family == "oct":
            other = keys.keys[0].family
            warnings.append(f"Key confusion attempt: an {alg} token checked against an {other} "
                            "public key is refused, never valid.")
            return _result(SignatureStatus.INVALID, KEY_CONFUSION.format(alg=alg, family=other),
                           keys)
        have = "an HMAC secret" if all(k.family == "oct" for k in keys.keys) else \
            "no " + family + " key"
        return _result(SignatureStatus.KEY_NOT_FOUND,
                       f"{alg} needs an {family} public key; the keys given have {have}", keys)
    candidates = _select(token, keys, same_family, alg, warnings)
    if isinstance(candidates, SignatureResult):
        return candidates
    algorithm = _algorithms()[alg]
    for key in candidates:
        try:
            matches = algorithm.verify(token.signing_input, key.key, token.signature)
        except Exception:  # malformed signature or key/curve mismatch: not a match
            continue
        if matches:
            return _result(SignatureStatus.VALID, _valid_reason(key, keys, warnings), keys)
    if keys.single:
        named = keys.name
    elif len(candidates) == 1 and candidates[0].kid:
        named = f"key {_show(candidates[0].kid)} of {keys.name}"
    else:
        named = f"{len(candidates)} candidate key(s) of {keys.name}"
    return _result(SignatureStatus.INVALID,
                   f"signature does not match {named}: the token was altered or signed with "
                   "another key", keys)


def _valid_reason(key: PreparedKey, keys: KeySet, warnings: list[str]) -> str:
    """'signature matches key X of …', saying when the keys are an emulator's or moto's own.

    The key_source line names the URL and fetch time, so the reason does not repeat them."""
    named = f"key {_show(key.kid)}" if key.kid else "the key"
    reason = f"signature matches {named} of {keys.name}"
    moto = is_moto_key(key)
    if keys.emulator:
        warnings.append(f"Verified against the emulator's JWKS at {_show(keys.emulator)}: "
                        "an emulator's signature says nothing about tokens from AWS.")
        if not moto:
            reason += " (an emulator, not AWS)"
    warnings.extend(key_warnings(key))
    if moto:
        reason += ("; moto signs with a key that ships inside moto, so anyone can forge "
                   "these tokens")
    return reason


def _select(token: DecodedToken, keys: KeySet, same_family: list[PreparedKey], alg: str,
            warnings: list[str]) -> list[PreparedKey] | SignatureResult:
    """The keys to try: by kid for a JWKS, the given key for a single key; alg/curve-checked."""
    kid = token.header.get("kid")
    if keys.single:
        if isinstance(kid, str) and same_family[0].kid and same_family[0].kid != kid:
            warnings.append(f"The key given has kid {_show(same_family[0].kid)}, the token names "
                            f"kid {_show(kid)}: checked with the given key anyway.")
        pool = same_family
    elif isinstance(kid, str):
        with_kid = [k for k in keys.keys if k.kid == kid]
        if not with_kid:
            return _result(SignatureStatus.KEY_NOT_FOUND,
                           f"kid {_show(kid)} is not among the {len(keys.keys)} key(s) of "
                           f"{keys.name}", keys)
        pool = [k for k in with_kid if k.family == ALGORITHM_FAMILY[alg]]
        if not pool:
            return _result(SignatureStatus.INVALID,
                           f"the key {_show(kid)} is {with_kid[0].family}, but alg {alg} needs "
                           f"{ALGORITHM_FAMILY[alg]}: refused", keys)
    else:
        pool = same_family
    wanted_curve = EC_CURVE.get(alg)
    fitting = [k for k in pool if (not k.alg or k.alg == alg)
               and (wanted_curve is None or k.curve == wanted_curve)]
    if not fitting:
        key = pool[0]
        what = f"for {key.alg}" if key.alg and key.alg != alg else f"on curve {key.curve}"
        return _result(SignatureStatus.INVALID,
                       f"the key is {what}, but the token says {alg}: refused", keys)
    return fitting


def verify(token: DecodedToken, keys: KeySet | None, options: VerifyOptions,
           now: float | None = None) -> Report:
    """The signature status, the checks and the warnings for one token. Pure and fast."""
    now = time.time() if now is None else now
    warnings: list[str] = []
    for name in RISKY_HEADERS:
        if name in token.header:
            warnings.append(f"The header names its own key ({name}): ignored, never trusted or "
                            "fetched, since whoever made the token chose it.")
    if token.duplicate_names:
        names = ", ".join(_show(name, 60) for name in token.duplicate_names[:5])
        warnings.append(f"Duplicate names ({names}): the last value is shown and checked, but "
                        "another parser may read the first; a sign of a crafted token.")
    signature = _signature(token, keys, options, warnings)
    if signature.status is SignatureStatus.UNSECURED:
        warnings.append("Unsecured token (alg none): anyone can create or change it.")
    if keys is not None and keys.problem and keys.keys and options.check_signature:
        warnings.append(keys.problem)
    return Report(token=token, signature=signature, checks=claim_checks(token, options, now),
                  warnings=warnings)


def _no_alg(header: dict[str, Any]) -> str:
    found = type(header.get("alg")).__name__
    return f"alg is not a string (found {found})" if "alg" in header else "the header has no alg"


def failed(report: Report) -> bool:
    """True when verification failed or a check failed (CLI exit status 1)."""
    return report.signature.status in FAILED_STATUSES or any(c.ok is False for c in report.checks)
