"""Verify a decoded token: its signature status and the checks beside it.

`resolve_keys` gets the keys (it may fetch the Cognito JWKS, never when offline, and never
raises: problems travel in the KeySet); `verify` is pure and fast (no I/O). Keys that the
token names itself (jwk, jku, x5u, x5c) are never used: only flagged.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tokenexplorer.cognito.transport_policy import http_jwks_allowed
from tokenexplorer.tokens import jwks as jwks_module
from tokenexplorer.tokens.keys import (
    ALGORITHM_FAMILY,
    EC_CURVE,
    HMAC_MIN_BYTES,
    CognitoJwks,
    HmacSecret,
    JwksUrl,
    KeySet,
    KeySource,
    PreparedKey,
    is_moto_key,
    key_warnings,
    keys_from_jwks,
    load_local,
)
from tokenexplorer.tokens.model import (
    FAILED_STATUSES,
    Check,
    DecodedToken,
    Report,
    SignatureResult,
    SignatureStatus,
)
from tokenexplorer.tokens.safe_text import shorten, visible
from tokenexplorer.tokens.times import DEFAULT_LEEWAY_S, format_utc, relative

if TYPE_CHECKING:
    from tokenexplorer.activity import ActivityLog

RISKY_HEADERS = ("jwk", "jku", "x5u", "x5c")
REGISTERED_HEADERS = frozenset({"alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256",
                                "typ", "cty", "crit", "enc", "zip"})
CACHE_FRESH_SECONDS = 24 * 3600  # a cached JWKS that has the token's kid is used this long
POOL_ID = re.compile(r"(?P<region>[a-z]{2}(?:-[a-z]+)+-[0-9]+)_[A-Za-z0-9]+", re.ASCII)

HMAC_NEEDS_SECRET = ("{alg} is signed with a shared secret: choose HMAC secret as the key "
                     "source")
NO_ISS_NO_KEY = ("the token has no iss claim, so it names no Cognito user pool whose keys could "
                 "check it: give a JWKS, PEM or JWK")
NOT_COGNITO_NO_KEY = ("iss is not a Cognito user-pool issuer "
                      "(https://cognito-idp.{region}.amazonaws.com/{pool}), so no key is known: "
                      "give a JWKS, PEM or JWK")
KEY_CONFUSION = (
    "refused: key confusion. The token asks for {alg} (a shared-secret HMAC) while the key is "
    "an {family} public key; checking it would use the public key as the HMAC secret, and "
    "since that key is public anyone could forge such a token."
)


@dataclass
class VerifyOptions:
    leeway: float = DEFAULT_LEEWAY_S
    client_id: str | None = None
    pool_id: str | None = None
    offline: bool = False
    check_signature: bool = True
    key_source: KeySource | None = None  # None: the Cognito JWKS derived from iss
    endpoint_url: str | None = None  # an emulator (moto) serving {endpoint}/{pool}/.well-known/…
    allow_http_jwks: bool = False  # plain http, to this machine only (tests and emulators)
    allow_remote_http_jwks: bool = False  # ... and to other hosts (only an explicit CLI flag)
    timeout: float = 5.0
    activity: ActivityLog | None = None  # each JWKS fetch is recorded there when given


def _show(value: Any, limit: int = 120) -> str:
    return visible(shorten(str(value), limit))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and (
        isinstance(value, int) or math.isfinite(value))


def _alg(token: DecodedToken) -> str | None:
    alg = token.header.get("alg")
    return alg if isinstance(alg, str) else None


# --- keys --------------------------------------------------------------------------------

@dataclass(frozen=True)
class _JwksPlan:
    """Which JWKS to fetch for a token, how to name it, or why there is none."""

    url: str | None = None
    title: str = ""  # "Cognito JWKS for us-east-1_abc": the start of the key_source line
    label: str = ""  # "the Cognito JWKS of us-east-1_abc": short, for reasons
    emulator: str | None = None  # the endpoint override the JWKS comes from
    problem: str | None = None
    service: str = "cognito-idp JWKS"  # for the activity log


def _plan(token: DecodedToken, options: VerifyOptions) -> _JwksPlan:
    """The JWKS for a token: the URL given, or (Automatic) the one its own iss names.

    With the Automatic source the keys come from the token's iss, only when it is a Cognito
    issuer: a configured pool never replaces the token's own issuer (a token of another pool
    is checked with that pool's keys and fails the iss check plainly). The endpoint override
    (an emulator) serves the JWKS only for the configured pool, whose iss keeps the AWS form;
    with no pool configured (`decode --endpoint-url` alone) it serves any Cognito iss.
    """
    source = options.key_source
    if isinstance(source, JwksUrl):
        return _JwksPlan(source.url, "JWKS", "the JWKS URL given", service="JWKS")
    alg = _alg(token)
    if alg in HMAC_MIN_BYTES:
        return _JwksPlan(problem=HMAC_NEEDS_SECRET.format(alg=alg))
    payload = token.payload or {}
    issuer = jwks_module.cognito_issuer(payload.get("iss"))
    if issuer is None:
        if payload.get("iss") is None:
            return _JwksPlan(problem=NO_ISS_NO_KEY)
        return _JwksPlan(problem=NOT_COGNITO_NO_KEY)
    pool = issuer.pool_id
    endpoint = options.endpoint_url
    if endpoint and (not options.pool_id or options.pool_id == pool):
        return _JwksPlan(jwks_module.cognito_jwks_url(issuer.iss, endpoint),
                         f"Emulator JWKS for {pool}", "the emulator's JWKS",
                         emulator=endpoint.rstrip("/"))
    return _JwksPlan(jwks_module.cognito_jwks_url(issuer.iss), f"Cognito JWKS for {pool}",
                     f"the Cognito JWKS of {pool}")


def _signature_needs_keys(token: DecodedToken, options: VerifyOptions) -> bool:
    alg = _alg(token)
    return (options.check_signature and not token.encrypted and alg is not None
            and alg in ALGORITHM_FAMILY)


def _usable_cache(url: str, token: DecodedToken) -> jwks_module.Jwks | None:
    cached = jwks_module.read_cache(url)
    kid = token.header.get("kid")
    if cached and isinstance(kid, str) and kid in cached.kids() \
            and time.time() - cached.fetched_at < CACHE_FRESH_SECONDS:
        return cached
    return None


def needs_network(token: DecodedToken, options: VerifyOptions) -> bool:
    """Whether resolve_keys would fetch (so the UI runs it off the GUI thread)."""
    if options.offline or not _signature_needs_keys(token, options):
        return False
    if not isinstance(options.key_source, CognitoJwks | JwksUrl | None):
        return False
    url = _plan(token, options).url
    return url is not None and _usable_cache(url, token) is None


def resolve_keys(token: DecodedToken, options: VerifyOptions) -> KeySet:
    """The keys for this token; may fetch (never offline); never raises."""
    try:
        return _resolve_keys(token, options)
    except Exception as error:  # a last guard: a key problem must not crash the caller
        return KeySet(problem=f"could not get the keys: {type(error).__name__}")


def _activity_observer(options: VerifyOptions, service: str) -> jwks_module.FetchObserver | None:
    """Each JWKS GET as an activity-log entry (URL, time, outcome, size; never token text)."""
    log = options.activity
    if log is None:
        return None

    def record(fetch: jwks_module.FetchRecord) -> None:
        from datetime import UTC, datetime

        from tokenexplorer.activity import ActivityEntry

        url = fetch.url.split("?", 1)[0]
        log.add(ActivityEntry(
            time=datetime.now(UTC), service=service, operation="GET jwks.json", endpoint=url,
            duration_ms=fetch.duration_ms, outcome=fetch.outcome,
            request={"method": "GET", "url": url},
            response={"bytes": fetch.size, "kids": list(fetch.kids)},
        ))

    return record


def _resolve_keys(token: DecodedToken, options: VerifyOptions) -> KeySet:
    source = options.key_source
    if not _signature_needs_keys(token, options):
        return KeySet(problem="no key needed")
    if not isinstance(source, CognitoJwks | JwksUrl | None):
        return load_local(source)
    plan = _plan(token, options)
    url = plan.url
    if url is None:
        return KeySet(problem=plan.problem)

    def from_document(jwks: jwks_module.Jwks, problem: str | None = None) -> KeySet:
        keyset = keys_from_jwks(jwks.document, jwks.describe(plan.title), plan.label)
        return dataclasses.replace(keyset, emulator=plan.emulator,
                                   problem=problem or keyset.problem)

    cached = _usable_cache(url, token) or (jwks_module.read_cache(url) if options.offline
                                           else None)
    if cached is not None:
        return from_document(cached)
    described = f"{plan.title} ({url})"
    if options.offline:
        return KeySet(source=described, label=plan.label, emulator=plan.emulator,
                      problem=f"offline, and no cached copy of {plan.label}: verify once "
                              "online, or give a JWKS file, PEM or JWK")
    try:
        fetched = jwks_module.fetch(url, options.timeout, http_jwks_allowed(
                                    url, options.allow_http_jwks, options.allow_remote_http_jwks),
                                    _activity_observer(options, plan.service))
    except jwks_module.JwksError as error:
        stale = jwks_module.read_cache(url)
        if stale is not None:
            return from_document(stale, f"fetching {plan.label} failed ({error.detail}); "
                                        "used the cached copy")
        return KeySet(source=described, label=plan.label, emulator=plan.emulator,
                      problem=f"fetching {plan.label} failed: {error.detail}")
    return from_document(fetched)


# --- signature ---------------------------------------------------------------------------

@functools.cache
def _algorithms() -> dict[str, Any]:
    from jwt.algorithms import get_default_algorithms

    return get_default_algorithms()


def _result(status: SignatureStatus, reason: str, keys: KeySet | None) -> SignatureResult:
    return SignatureResult(status, reason, keys.source or None if keys else None)


def _signature(token: DecodedToken, keys: KeySet | None, options: VerifyOptions,
               warnings: list[str]) -> SignatureResult:
    alg = _alg(token)
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
        return _result(SignatureStatus.NOT_CHECKED, why, keys)
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


# --- checks ------------------------------------------------------------------------------

def _time_checks(payload: dict[str, Any], options: VerifyOptions, now: float) -> list[Check]:
    checks = []
    leeway = options.leeway or 0
    exp = payload.get("exp")
    if "exp" not in payload:
        checks.append(Check("exp", False, "no exp: the token never expires"))
    elif not _is_number(exp):
        checks.append(Check("exp", False, "exp is not a number (seconds since 1970)"))
    elif now >= exp + leeway:
        checks.append(Check("exp", False, f"{relative(exp, now, 'exp')} ({format_utc(exp)})"))
    else:
        checks.append(Check("exp", True, f"{relative(exp, now, 'exp')} ({format_utc(exp)})"))
    if "nbf" in payload:
        nbf = payload["nbf"]
        if not _is_number(nbf):
            checks.append(Check("nbf", False, "nbf is not a number (seconds since 1970)"))
        elif now + leeway < nbf:
            checks.append(Check("nbf", False, f"not valid yet: valid from {format_utc(nbf)} "
                                              f"({relative(nbf, now)})"))
        else:
            checks.append(Check("nbf", True, f"valid since {format_utc(nbf)}"))
    iat = payload.get("iat")
    if "iat" not in payload:
        checks.append(Check("iat", None, "no iat: the issue time is unknown"))
    elif not _is_number(iat):
        checks.append(Check("iat", False, "iat is not a number (seconds since 1970)"))
    elif iat > now + leeway:
        checks.append(Check("iat", False, f"issued in the future: {format_utc(iat)} "
                                          f"({relative(iat, now)})"))
    else:
        checks.append(Check("iat", True, f"issued {relative(iat, now)} ({format_utc(iat)})"))
    return checks


def _iss_check(payload: dict[str, Any], options: VerifyOptions) -> Check:
    iss = payload.get("iss")
    pool = options.pool_id
    if iss is None:
        if pool:
            return Check("iss", False, f"no iss claim: the token does not say who issued it, "
                                       f"and the configured pool is {_show(pool)}")
        return Check("iss", None, "no iss claim: the issuer is unknown")
    if not isinstance(iss, str):
        return Check("iss", False, "iss is not a string")
    cognito = jwks_module.cognito_issuer(iss)
    if pool:
        match = POOL_ID.fullmatch(pool)
        if not match:
            return Check("iss", False, f"the configured pool ID {_show(pool)} is not "
                                       "of the form region_id")
        expected = f"https://cognito-idp.{match['region']}.amazonaws.com/{pool}"
        if iss == expected:
            return Check("iss", True, f"issued by the configured pool {pool}")
        if cognito:
            return Check("iss", False, f"issued by pool {cognito.pool_id}, not by the "
                                       f"configured pool {pool}")
        return Check("iss", False, f"issued by {_show(iss)}, not by the configured pool "
                                   f"{pool}")
    if cognito:
        return Check("iss", True, f"a Cognito user pool: {cognito.pool_id} in {cognito.region}")
    if iss.startswith("https://") and len(iss) > len("https://"):
        return Check("iss", True, f"well-formed, not a Cognito user pool: {_show(iss)}")
    return Check("iss", False, f"not an https URL: {_show(iss)} (OpenID Connect requires one)")


def _cognito_checks(token: DecodedToken, options: VerifyOptions) -> list[Check]:
    payload = token.payload or {}
    checks = []
    token_use = payload.get("token_use")
    # Judged by the token's own iss: a configured pool makes no other issuer's token Cognito's.
    cognito = jwks_module.cognito_issuer(payload.get("iss")) is not None
    if token_use in ("id", "access"):
        checks.append(Check("token_use", True, f"{token_use} token"))
    elif "token_use" in payload:
        checks.append(Check("token_use", False,
                            f"token_use is {_show(token_use)!r}, not 'id' or 'access'"))
    elif cognito:
        checks.append(Check("token_use", False, "no token_use: a Cognito token always has one"))
    else:
        checks.append(Check("token_use", None, "no token_use: not a Cognito ID or access token"))

    client = options.client_id
    if token_use == "access" or ("client_id" in payload and "aud" not in payload):
        name, value = "client_id", payload.get("client_id")
    elif token_use == "id" or "aud" in payload:
        name, value = "aud", payload.get("aud")
    else:
        return checks
    if value is None:
        checks.append(Check(name, False, f"no {name}: the token does not say which app client "
                                         "it is for"))
    elif not client:
        checks.append(Check(name, None, f"no app client configured to compare {name} "
                                        f"({_show(value)}) with"))
    elif value == client or (isinstance(value, list) and client in value):
        checks.append(Check(name, True, f"matches the configured app client {_show(client)}"))
    else:
        checks.append(Check(name, False, f"{name} is {_show(value)}, not the configured app "
                                         f"client {_show(client)}"))
    return checks


def _crit_check(header: dict[str, Any]) -> Check | None:
    if "crit" not in header:
        return None
    crit = header["crit"]
    if not isinstance(crit, list) or not crit or not all(isinstance(c, str) for c in crit):
        return Check("crit", False, "crit must be a non-empty list of header names")
    registered = [c for c in crit if c in REGISTERED_HEADERS]
    if registered:
        return Check("crit", False, f"crit lists registered parameters "
                                    f"{_show(', '.join(registered))}, which is not allowed")
    return Check("crit", False, f"unknown critical extension(s) {_show(', '.join(crit))}: "
                                "the token must be rejected by verifiers that do not know them")


def _hmac_check(token: DecodedToken, options: VerifyOptions) -> Check | None:
    alg = _alg(token)
    if not isinstance(options.key_source, HmacSecret) or alg not in HMAC_MIN_BYTES:
        return None
    size, needed = len(options.key_source.secret.encode("utf-8")), HMAC_MIN_BYTES[alg]
    if size < needed:
        return Check("hmac_secret", False, f"the secret is {size} bytes; {alg} needs at least "
                                           f"{needed} (its hash size): short secrets can be "
                                           "brute-forced")
    return Check("hmac_secret", True, f"{size} bytes, at least the {needed} {alg} needs")


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
    checks: list[Check] = []
    crit = _crit_check(token.header)
    if crit:
        checks.append(crit)
    if not token.encrypted and token.payload is not None:
        checks.extend(_time_checks(token.payload, options, now))
        checks.append(_iss_check(token.payload, options))
        checks.extend(_cognito_checks(token, options))
    hmac_check = _hmac_check(token, options)
    if hmac_check:
        checks.append(hmac_check)
    return Report(token=token, signature=signature, checks=checks, warnings=warnings)


def _no_alg(header: dict[str, Any]) -> str:
    found = type(header.get("alg")).__name__
    return f"alg is not a string (found {found})" if "alg" in header else "the header has no alg"


def failed(report: Report) -> bool:
    """True when verification failed or a check failed (CLI exit status 1)."""
    return report.signature.status in FAILED_STATUSES or any(c.ok is False for c in report.checks)
