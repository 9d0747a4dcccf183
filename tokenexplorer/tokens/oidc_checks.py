"""OpenID Connect checks of an ID token this app asked for (`nonce`, `at_hash`), and the
recognition of a machine-to-machine access token. Pure: each is a Check with words.

The expected nonce and the companion access token come from `VerifyOptions.issued_with`
or the `issued_with` registry (a hosted-UI sign-in of this process); a pasted token has
neither, and then the checks say what cannot be compared rather than guess.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

from tokenexplorer.tokens import issued_with as registry
from tokenexplorer.tokens.model import Check, DecodedToken
from tokenexplorer.tokens.options import VerifyOptions

# at_hash: the left half of the hash the signature's algorithm uses (OIDC Core §3.1.3.6).
_HASH_OF_ALG = {"256": hashlib.sha256, "384": hashlib.sha384, "512": hashlib.sha512}


def at_hash_of(access_token: str, alg: str | None) -> str | None:
    """The at_hash an ID token signed with `alg` must carry for `access_token`, or None."""
    if alg == "EdDSA":
        digest = hashlib.sha512(access_token.encode("ascii", "replace")).digest()
    else:
        make = _HASH_OF_ALG.get((alg or "")[-3:])
        if make is None or alg is None or alg == "none":
            return None
        digest = make(access_token.encode("ascii", "replace")).digest()
    half = digest[: len(digest) // 2]
    return base64.urlsafe_b64encode(half).rstrip(b"=").decode("ascii")


def _nonce_check(payload: dict[str, Any], expected: str | None, how: str) -> Check | None:
    nonce = payload.get("nonce")
    if expected is None:
        if "nonce" in payload:
            return Check("nonce", None, "present; only the app that started the sign-in knows "
                                        "the nonce it sent, so it is not compared here")
        return None
    if nonce is None:
        return Check("nonce", False, f"no nonce: this app sent one when it started the {how} "
                                     "sign-in, and the ID token must carry it back")
    if isinstance(nonce, str) and hmac.compare_digest(nonce.encode(), expected.encode()):
        return Check("nonce", True, f"matches the nonce this app sent when it started the "
                                    f"{how} sign-in")
    return Check("nonce", False, f"does not match the nonce this app sent when it started the "
                                 f"{how} sign-in: the ID token may come from another sign-in "
                                 "(replayed or injected)")


def _at_hash_check(token: DecodedToken, access_token: str | None) -> Check | None:
    payload = token.payload or {}
    claimed = payload.get("at_hash")
    if claimed is None:
        if access_token is None:
            return None
        return Check("at_hash", None, "no at_hash: nothing in the ID token binds it to the "
                                      "access token issued with it")
    if access_token is None:
        return Check("at_hash", None, "present; the access token issued with this ID token is "
                                      "not known here, so it is not compared")
    expected = at_hash_of(access_token, token.alg)
    if expected is None:
        return Check("at_hash", False, f"cannot be checked: the algorithm {token.alg!r} names "
                                       "no hash")
    if isinstance(claimed, str) and hmac.compare_digest(claimed.encode(), expected.encode()):
        return Check("at_hash", True, "matches the access token issued with this ID token")
    return Check("at_hash", False, "does not match the access token issued with this ID "
                                   "token: the two were not issued together")


def _m2m_check(payload: dict[str, Any]) -> Check | None:
    if payload.get("token_use") != "access" or "username" in payload:
        return None
    client, sub = payload.get("client_id"), payload.get("sub")
    if not isinstance(client, str) or sub != client:
        return None
    scopes = payload.get("scope")
    said = f" with scopes {scopes!s:.120}" if isinstance(scopes, str) and scopes else \
        " with no scope"
    return Check("m2m", True, "a machine-to-machine access token (client credentials): no "
                              f"user, sub is the app client{said}")


def oidc_checks(token: DecodedToken, options: VerifyOptions) -> list[Check]:
    """nonce and at_hash for an ID token, m2m for a client-credentials access token."""
    payload = token.payload
    if token.encrypted or payload is None:
        return []
    if payload.get("token_use") == "access":
        m2m = _m2m_check(payload)
        return [m2m] if m2m else []
    if payload.get("token_use") != "id" and "nonce" not in payload and "at_hash" not in payload:
        return []
    context = options.issued_with or registry.lookup(token.signing_input)
    how = context.how if context else "hosted UI"
    checks = [
        _nonce_check(payload, context.nonce if context else None, how),
        _at_hash_check(token, context.access_token if context else None),
    ]
    return [check for check in checks if check is not None]
