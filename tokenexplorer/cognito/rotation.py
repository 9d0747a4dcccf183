"""Refresh-token rotation: renew a session when the app client rotates its refresh tokens.

A rotating client refuses REFRESH_TOKEN_AUTH; GetTokensFromRefreshToken answers with new ID
and access tokens and a NEW refresh token, and the old one stops working (after a grace
period of at most 60 s). So: use GetTokensFromRefreshToken when the profile says the client
rotates, or when REFRESH_TOKEN_AUTH is refused for that reason (remembered for the client
for the rest of the run), and store the new token before the old one is forgotten
(`rotation_store`). A `Lineage` records what each refresh gave: the sign-in's
`origin_jti` and `auth_time` stay, each refresh has a new `jti`.
"""

from __future__ import annotations

import threading
import time
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tokenexplorer.cognito.auth import CognitoAuth, Tokens
from tokenexplorer.cognito.errors import CognitoError
from tokenexplorer.cognito.newer_errors import explain, rotation_refusal

if TYPE_CHECKING:
    from tokenexplorer.cognito.session import Session

_rotating: set[tuple[str, str]] = set()  # (endpoint, client) seen refusing REFRESH_TOKEN_AUTH
_lock = threading.Lock()
MAX_LINEAGE = 200
_CALL_REFUSED = ("InvalidParameter", "UnsupportedOperation", "ResourceNotFound")


@dataclass(frozen=True)
class Refreshed:
    tokens: Tokens
    method: str  # "REFRESH_TOKEN_AUTH" or "GetTokensFromRefreshToken"
    rotated: bool  # a new refresh token came (the old one is on its way out)


def _client_of(auth: CognitoAuth) -> tuple[str, str]:
    return (auth.endpoint_url or "aws", auth.client_id)


def rotates(auth: CognitoAuth) -> bool:
    """True when the profile says so, or the client refused REFRESH_TOKEN_AUTH in this run."""
    with _lock:
        seen = _client_of(auth) in _rotating
    return auth.profile.rotate_refresh_tokens or seen


def _result(response: dict[str, Any], old: str, method: str) -> Refreshed:
    result = response.get("AuthenticationResult")
    if not isinstance(result, dict) or not result.get("AccessToken"):
        raise CognitoError("UnexpectedResponse", "The refresh answered without tokens.")
    new = result.get("RefreshToken")
    fresh = new if isinstance(new, str) and new else None
    tokens = Tokens(result.get("IdToken", ""), result["AccessToken"], fresh or old,
                    int(result.get("ExpiresIn") or 3600), result.get("TokenType") or "Bearer")
    return Refreshed(tokens, method, rotated=fresh is not None and fresh != old)


def get_tokens(auth: CognitoAuth, refresh_token: str, *,
               device_key: str | None = None) -> Refreshed:
    """GetTokensFromRefreshToken (the client secret itself, not a SECRET_HASH)."""
    params: dict[str, Any] = {"RefreshToken": refresh_token, "ClientId": auth.client_id}
    if auth.client_secret:
        params["ClientSecret"] = auth.client_secret
    if device_key:
        params["DeviceKey"] = device_key
    try:
        response = auth.call("get_tokens_from_refresh_token", context="refresh",
                             secrets=(refresh_token,), **params)
    except CognitoError as error:
        raise explain(error, context="rotation") from None
    return _result(response, refresh_token, "GetTokensFromRefreshToken")


def refresh(auth: CognitoAuth, username: str, refresh_token: str, *,
            device_key: str | None = None) -> Refreshed:
    """Renew with REFRESH_TOKEN_AUTH, or GetTokensFromRefreshToken for a rotating client.
    `username` is `cognito:username` (SECRET_HASH); `device_key` when the pool tracks devices."""
    if rotates(auth):
        return get_tokens(auth, refresh_token, device_key=device_key)
    params = {"REFRESH_TOKEN": refresh_token, **auth.hash_params(username)}
    if device_key:
        params["DEVICE_KEY"] = device_key
    try:
        response = auth.call("initiate_auth", context="refresh", secrets=(refresh_token,),
                             ClientId=auth.client_id, AuthFlow="REFRESH_TOKEN_AUTH",
                             AuthParameters=params)
    except CognitoError as error:
        how = rotation_refusal(error)
        if not how:
            raise explain(error, context="rotation") from None
        return _after_refusal(auth, error, how, refresh_token, device_key)
    return _result(response, refresh_token, "REFRESH_TOKEN_AUTH")


def _after_refusal(auth: CognitoAuth, error: CognitoError, how: str, refresh_token: str,
                   device_key: str | None) -> Refreshed:
    """REFRESH_TOKEN_AUTH was refused in a way that may mean rotation (`how`): renew with
    GetTokensFromRefreshToken. A "probe" marks the client rotating only when the answer
    has a new refresh token. When the probe is refused too, its refusal says more (about
    the token: revoked, reused, a device forgotten), unless the call itself was refused:
    then the first refusal stands."""
    try:
        done = get_tokens(auth, refresh_token, device_key=device_key)
    except CognitoError as second:
        if how == "probe" and second.code in _CALL_REFUSED:
            raise explain(error, context="rotation") from None
        raise
    if how != "probe" or done.rotated:
        with _lock:
            _rotating.add(_client_of(auth))
    return done


# ---------------------------------------------------------------- lineage


@dataclass(frozen=True)
class LineageEntry:
    at: float  # epoch seconds, our clock
    jti: str
    method: str  # "sign-in", "REFRESH_TOKEN_AUTH", "GetTokensFromRefreshToken"
    rotated: bool = False


@dataclass
class Lineage:
    """The refreshes of one session. `origin_jti` and `auth_time` come from the sign-in."""

    origin_jti: str = ""
    auth_time: int | None = None
    entries: list[LineageEntry] = field(default_factory=list)
    store_problem: str = ""  # why a rotated token could not be stored, if it could not

    def record(self, tokens: Tokens, method: str, *, rotated: bool = False,
               at: float | None = None) -> LineageEntry:
        from tokenexplorer.cognito.session import jwt_claims

        claims = jwt_claims(tokens.access_token) or jwt_claims(tokens.id_token)
        if not self.origin_jti and isinstance(claims.get("origin_jti"), str):
            self.origin_jti = claims["origin_jti"]
        if self.auth_time is None and isinstance(claims.get("auth_time"), int):
            self.auth_time = claims["auth_time"]
        entry = LineageEntry(time.time() if at is None else at, str(claims.get("jti") or ""),
                             method, rotated)
        self.entries = [*self.entries, entry][-MAX_LINEAGE:]
        return entry

    def same_sign_in(self, tokens: Tokens) -> bool:
        """Whether `tokens` still belong to this lineage's sign-in (origin_jti unchanged)."""
        from tokenexplorer.cognito.session import jwt_claims

        origin = jwt_claims(tokens.access_token).get("origin_jti")
        return not self.origin_jti or origin in (None, self.origin_jti)


_lineages: weakref.WeakKeyDictionary[Any, Lineage] = weakref.WeakKeyDictionary()


def lineage_of(session: Session, *, first: str = "sign-in", rotated: bool = False) -> Lineage:
    """The lineage of `session`, started on first ask from its current tokens, which came
    from `first` (the sign-in, or the refresh that resumed a remembered session)."""
    with _lock:
        lineage = _lineages.get(session)
        if lineage is None:
            lineage = _lineages[session] = Lineage()
            tokens = session.tokens
            if tokens is not None:
                lineage.record(tokens, first, rotated=rotated)
        return lineage
