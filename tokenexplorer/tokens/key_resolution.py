"""The keys for one token: a given source, or the Cognito JWKS its iss names (maybe fetched).

`resolve_keys` never raises: every problem travels in the KeySet, as words for people and
as a KeyProblem code for decisions. It never fetches when offline, and a fresh cached JWKS
that holds the token's kid is used without asking the network.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

from tokenexplorer.cognito.transport_policy import http_jwks_allowed
from tokenexplorer.tokens import jwks as jwks_module
from tokenexplorer.tokens.keys import (
    ALGORITHM_FAMILY,
    HMAC_MIN_BYTES,
    CognitoJwks,
    JwksUrl,
    KeySet,
    keys_from_jwks,
    load_local,
)
from tokenexplorer.tokens.model import DecodedToken, KeyProblem
from tokenexplorer.tokens.options import VerifyOptions

CACHE_FRESH_SECONDS = 24 * 3600  # a cached JWKS that has the token's kid is used this long
HMAC_NEEDS_SECRET = ("{alg} is signed with a shared secret: choose HMAC secret as the key "
                     "source")
NO_ISS_NO_KEY = ("the token has no iss claim, so it names no Cognito user pool whose keys could "
                 "check it: give a JWKS, PEM or JWK")
NOT_COGNITO_NO_KEY = ("iss is not a Cognito user-pool issuer "
                      "(https://cognito-idp.{region}.amazonaws.com/{pool}), so no key is known: "
                      "give a JWKS, PEM or JWK")


@dataclass(frozen=True)
class _JwksPlan:
    """Which JWKS to fetch for a token, how to name it, or why there is none."""

    url: str | None = None
    title: str = ""  # "Cognito JWKS for us-east-1_abc": the start of the key_source line
    label: str = ""  # "the Cognito JWKS of us-east-1_abc": short, for reasons
    emulator: str | None = None  # the endpoint override the JWKS comes from
    problem: str | None = None
    problem_code: KeyProblem | None = None
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
    alg = token.alg
    if alg in HMAC_MIN_BYTES:
        return _JwksPlan(problem=HMAC_NEEDS_SECRET.format(alg=alg),
                         problem_code=KeyProblem.NEEDS_HMAC_SECRET)
    payload = token.payload or {}
    issuer = jwks_module.cognito_issuer(payload.get("iss"))
    if issuer is None:
        if payload.get("iss") is None:
            return _JwksPlan(problem=NO_ISS_NO_KEY, problem_code=KeyProblem.NO_ISSUER)
        return _JwksPlan(problem=NOT_COGNITO_NO_KEY, problem_code=KeyProblem.NOT_COGNITO)
    pool = issuer.pool_id
    endpoint = options.endpoint_url
    if endpoint and (not options.pool_id or options.pool_id == pool):
        return _JwksPlan(jwks_module.cognito_jwks_url(issuer.iss, endpoint),
                         f"Emulator JWKS for {pool}", "the emulator's JWKS",
                         emulator=endpoint.rstrip("/"))
    return _JwksPlan(jwks_module.cognito_jwks_url(issuer.iss), f"Cognito JWKS for {pool}",
                     f"the Cognito JWKS of {pool}")


def _signature_needs_keys(token: DecodedToken, options: VerifyOptions) -> bool:
    alg = token.alg
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
        return KeySet(problem=f"could not get the keys: {type(error).__name__}",
                      problem_code=KeyProblem.ERROR)


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
        return KeySet(problem="no key needed", problem_code=KeyProblem.NO_KEY_NEEDED)
    if not isinstance(source, CognitoJwks | JwksUrl | None):
        return load_local(source)
    plan = _plan(token, options)
    url = plan.url
    if url is None:
        return KeySet(problem=plan.problem, problem_code=plan.problem_code)

    def from_document(jwks: jwks_module.Jwks, stale: str | None = None) -> KeySet:
        keyset = keys_from_jwks(jwks.document, jwks.describe(plan.title), plan.label)
        if stale:  # the fetch failed and an older copy was used
            return dataclasses.replace(keyset, emulator=plan.emulator, problem=stale,
                                       problem_code=KeyProblem.STALE_CACHE)
        return dataclasses.replace(keyset, emulator=plan.emulator)

    cached = _usable_cache(url, token) or (jwks_module.read_cache(url) if options.offline
                                           else None)
    if cached is not None:
        return from_document(cached)
    described = f"{plan.title} ({url})"
    if options.offline:
        return KeySet(source=described, label=plan.label, emulator=plan.emulator,
                      problem=f"offline, and no cached copy of {plan.label}: verify once "
                              "online, or give a JWKS file, PEM or JWK",
                      problem_code=KeyProblem.OFFLINE_NO_CACHE)
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
                      problem=f"fetching {plan.label} failed: {error.detail}",
                      problem_code=KeyProblem.FETCH_FAILED)
    return from_document(fetched)
