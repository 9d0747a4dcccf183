"""The checks beside the signature: times, issuer, Cognito's token_use and audience, crit,
and the HMAC secret's length. Pure: each is a Check with words for people."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from tokenexplorer.tokens import jwks as jwks_module
from tokenexplorer.tokens.keys import HMAC_MIN_BYTES, HmacSecret
from tokenexplorer.tokens.model import Check, DecodedToken
from tokenexplorer.tokens.oidc_checks import oidc_checks
from tokenexplorer.tokens.options import VerifyOptions
from tokenexplorer.tokens.safe_text import shorten, visible
from tokenexplorer.tokens.times import format_utc, relative

if TYPE_CHECKING:
    from typing_extensions import TypeIs

REGISTERED_HEADERS = frozenset({"alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256",
                                "typ", "cty", "crit", "enc", "zip"})
POOL_ID = re.compile(r"(?P<region>[a-z]{2}(?:-[a-z]+)+-[0-9]+)_[A-Za-z0-9]+", re.ASCII)


def _show(value: object, limit: int = 120) -> str:
    return visible(shorten(str(value), limit))


def _is_number(value: object) -> TypeIs[int | float]:
    """A JSON number that can be a time: not a bool, not NaN or infinite."""
    return isinstance(value, int | float) and not isinstance(value, bool) and (
        isinstance(value, int) or math.isfinite(value))


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
    alg = token.alg
    if not isinstance(options.key_source, HmacSecret) or alg not in HMAC_MIN_BYTES:
        return None
    size, needed = len(options.key_source.secret.encode("utf-8")), HMAC_MIN_BYTES[alg]
    if size < needed:
        return Check("hmac_secret", False, f"the secret is {size} bytes; {alg} needs at least "
                                           f"{needed} (its hash size): short secrets can be "
                                           "brute-forced")
    return Check("hmac_secret", True, f"{size} bytes, at least the {needed} {alg} needs")


def claim_checks(token: DecodedToken, options: VerifyOptions, now: float) -> list[Check]:
    """Every check but the signature, in the order the report lists them."""
    checks: list[Check] = []
    crit = _crit_check(token.header)
    if crit:
        checks.append(crit)
    if not token.encrypted and token.payload is not None:
        checks.extend(_time_checks(token.payload, options, now))
        checks.append(_iss_check(token.payload, options))
        checks.extend(_cognito_checks(token, options))
        checks.extend(oidc_checks(token, options))
    hmac_check = _hmac_check(token, options)
    if hmac_check:
        checks.append(hmac_check)
    return checks
