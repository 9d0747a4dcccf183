"""The hosted UI's OAuth 2.0 endpoints: authorize (checked first), token, userInfo, revoke,
and the pool's discovery document. One round trip per method; run them on a worker.

The client secret goes only to this domain's token and revoke endpoints, as HTTP Basic
(`client_secret_basic`, what Cognito documents); nothing follows a redirect (see `http`).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode, urlsplit

from tokenexplorer.cognito.hosted_ui import http
from tokenexplorer.cognito.hosted_ui.endpoints import Endpoints, endpoints_for
from tokenexplorer.cognito.hosted_ui.errors import (
    BAD_ANSWER,
    NOT_SERVED,
    HostedUIError,
    oauth_error,
    quoted,
)
from tokenexplorer.cognito.steps import Tokens

if TYPE_CHECKING:
    from tokenexplorer.activity import ActivityLog
    from tokenexplorer.cognito.hosted_ui.pkce import AuthRequest
    from tokenexplorer.cognito.profiles import Profile

MAX_TOKEN_CHARS = 64 * 1024
FORM = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}


@dataclass(frozen=True)
class MachineToken:
    """A client-credentials (machine-to-machine) answer: an access token, no user."""

    access_token: str = field(repr=False)
    expires_in: int
    token_type: str

    def as_json(self) -> dict[str, Any]:
        return {"AccessToken": self.access_token, "ExpiresIn": self.expires_in,
                "TokenType": self.token_type}


def _text(data: dict[str, Any], name: str, *, required: bool = True) -> str | None:
    value = data.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value or len(value) > MAX_TOKEN_CHARS:
        raise HostedUIError(BAD_ANSWER, f"The token endpoint's answer has no usable {name}.")
    return value


def _seconds(data: dict[str, Any]) -> int:
    value = data.get("expires_in", 3600)
    if isinstance(value, bool) or not isinstance(value, int | str):
        return 3600
    try:
        return max(0, min(int(value), 86_400 * 366))
    except ValueError:
        return 3600


class OAuthClient:
    """Calls of one profile's app client at its hosted-UI domain."""

    def __init__(self, profile: Profile, *, client_secret: str | None = None,
                 activity: ActivityLog | None = None, endpoints: Endpoints | None = None,
                 seconds: float = http.DEFAULT_SECONDS) -> None:
        self.profile = profile
        self.client_id = profile.client_id
        self.endpoints = endpoints or endpoints_for(profile)
        self._secret = client_secret
        self.activity = activity
        self.seconds = seconds

    def _auth_headers(self) -> dict[str, str]:
        if not self._secret:
            return {}
        pair = f"{self.client_id}:{self._secret}".encode()
        return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}

    def _post(self, url: str, form: dict[str, str], shown: dict[str, Any],
              doing: str) -> http.Answer:
        if not self._secret:
            form = {**form, "client_id": self.client_id}
        return http.call("POST", url, activity=self.activity, shown_request=shown,
                         data=urlencode(form).encode(), headers={**FORM, **self._auth_headers()},
                         seconds=self.seconds, doing=doing)

    def _refused(self, answer: http.Answer, doing: str, callback_url: str = "") -> HostedUIError:
        data = answer.json() or {}
        error, description = data.get("error"), data.get("error_description")
        if isinstance(error, str) and error:
            return oauth_error(error, description if isinstance(description, str) else None,
                               callback_url=callback_url, client_id=self.client_id, doing=doing)
        return HostedUIError(
            BAD_ANSWER, f"{doing} failed: the server answered HTTP {answer.status} without an "
            f"OAuth answer ({quoted(answer.content_type, 60) or 'no content type'}).",
            f"HTTP {answer.status}",
            hint="Check that the hosted-UI domain is the user pool's domain.")

    # -- the authorization code flow

    def check_authorize(self, request: AuthRequest) -> None:
        """GET the authorize URL once without a browser: a redirect_mismatch, a client
        without OAuth, an unknown provider or scope is explained before the browser opens."""
        answer = http.call("GET", request.url(self.endpoints.authorize), activity=self.activity,
                           shown_request=request.shown_params(), seconds=self.seconds,
                           doing="Opening the hosted UI")
        doing = "The hosted UI"
        if answer.status in (301, 302, 303, 307):
            query = parse_qs(urlsplit(answer.location or "").query)
            error = (query.get("error") or [""])[0]
            if error:
                raise oauth_error(error, (query.get("error_description") or [""])[0] or None,
                                  callback_url=request.redirect_uri, client_id=self.client_id,
                                  provider=request.provider, doing=doing)
            return
        if answer.status >= 400:
            data = answer.json() or {}
            said = data.get("error") or data.get("__type")
            description = data.get("error_description") or data.get("message")
            if isinstance(said, str) and said:
                raise oauth_error(said, description if isinstance(description, str) else None,
                                  callback_url=request.redirect_uri, client_id=self.client_id,
                                  provider=request.provider, doing=doing)
            raise self._refused(answer, doing, request.redirect_uri)

    def exchange_code(self, request: AuthRequest, code: str) -> Tokens:
        """authorization_code + code_verifier + the same redirect_uri → tokens."""
        form = {"grant_type": "authorization_code", "code": code,
                "redirect_uri": request.redirect_uri, "code_verifier": request.verifier}
        shown = {"grant_type": "authorization_code", "client_id": self.client_id,
                 "redirect_uri": request.redirect_uri, "code": "‹redacted›",
                 "code_verifier": "‹redacted›", "client_auth": self._auth_kind()}
        answer = self._post(self.endpoints.token, form, shown, "Getting the tokens")
        return self._tokens(answer, "Getting the tokens", request.redirect_uri)

    def refresh(self, refresh_token: str) -> Tokens:
        form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
        shown = {"grant_type": "refresh_token", "client_id": self.client_id,
                 "refresh_token": "‹redacted›", "client_auth": self._auth_kind()}
        answer = self._post(self.endpoints.token, form, shown, "Refreshing the tokens")
        tokens = self._tokens(answer, "Refreshing the tokens")
        if tokens.refresh_token is None:  # Cognito keeps the refresh token unless it rotates
            tokens = Tokens(tokens.id_token, tokens.access_token, refresh_token,
                            tokens.expires_in, tokens.token_type)
        return tokens

    def _auth_kind(self) -> str:
        return "client_secret_basic" if self._secret else "none (public client)"

    def _tokens(self, answer: http.Answer, doing: str, callback_url: str = "") -> Tokens:
        if answer.status != 200:
            raise self._refused(answer, doing, callback_url)
        data = answer.json()
        if data is None:
            raise HostedUIError(BAD_ANSWER, f"{doing}: the answer is not a JSON object.")
        return Tokens(
            id_token=_text(data, "id_token", required=False) or "",
            access_token=_text(data, "access_token") or "",
            refresh_token=_text(data, "refresh_token", required=False),
            expires_in=_seconds(data),
            token_type=str(data.get("token_type") or "Bearer")[:20],
        )

    # -- machine to machine

    def client_credentials(self, scopes: tuple[str, ...] = ()) -> MachineToken:
        """The client-credentials grant (a confidential client: HTTP Basic with its secret)."""
        doing = "Getting a machine-to-machine token"
        if not self._secret:
            raise HostedUIError(
                "NoClientSecret", f"{doing} needs the app client's secret, and profile "
                f"{self.profile.name!r} has none.",
                hint="Client credentials work only for a confidential app client: store its "
                     "secret with 'tokenexplorer profile add --name … --replace "
                     "--client-secret-prompt'.")
        form = {"grant_type": "client_credentials"}
        if scopes:
            form["scope"] = " ".join(scopes)
        shown = {"grant_type": "client_credentials", "client_id": self.client_id,
                 "scope": form.get("scope", "(the client's default)"),
                 "client_auth": self._auth_kind()}
        answer = self._post(self.endpoints.token, form, shown, doing)
        if answer.status != 200:
            raise self._refused(answer, doing)
        data = answer.json()
        if data is None:
            raise HostedUIError(BAD_ANSWER, f"{doing}: the answer is not a JSON object.")
        return MachineToken(_text(data, "access_token") or "", _seconds(data),
                            str(data.get("token_type") or "Bearer")[:20])

    # -- after sign-in

    def userinfo(self, access_token: str) -> dict[str, Any]:
        """GET /oauth2/userInfo with the access token (needs the openid scope)."""
        doing = "Fetching userInfo"
        answer = http.call("GET", self.endpoints.userinfo, activity=self.activity,
                           shown_request={"Authorization": "Bearer ‹redacted›"},
                           headers={"Authorization": f"Bearer {access_token}",
                                    "Accept": "application/json"},
                           seconds=self.seconds, doing=doing)
        if answer.status != 200:
            raise self._refused(answer, doing)
        data = answer.json()
        if data is None:
            raise HostedUIError(BAD_ANSWER, f"{doing}: the answer is not a JSON object.")
        return data

    def revoke(self, refresh_token: str) -> None:
        """POST /oauth2/revoke: the refresh token and the tokens issued from it stop working.
        HostedUIError(NotServed) when the server has no such endpoint (some emulators)."""
        doing = "Revoking the refresh token"
        answer = self._post(self.endpoints.revoke, {"token": refresh_token,
                                                    "client_id": self.client_id},
                            {"token": "‹redacted›", "client_id": self.client_id,
                             "client_auth": self._auth_kind()}, doing)
        if answer.status == 200:
            return
        data = answer.json() or {}
        if answer.status in (404, 405) or "error" not in data:
            raise HostedUIError(NOT_SERVED, f"{doing}: {self.endpoints.host} does not serve "
                                "/oauth2/revoke.", f"HTTP {answer.status}")
        raise self._refused(answer, doing)

    def discovery(self) -> dict[str, Any]:
        """The pool's OpenID Connect discovery document (shown in the Activity log)."""
        doing = "Reading the OpenID configuration"
        answer = http.call("GET", self.endpoints.discovery, activity=self.activity,
                           shown_request={}, headers={"Accept": "application/json"},
                           seconds=self.seconds, doing=doing)
        data = answer.json() if answer.status == 200 else None
        if data is None:
            raise HostedUIError(BAD_ANSWER, f"{doing}: {self.endpoints.discovery} answered "
                                f"HTTP {answer.status} without a JSON document.")
        return data

    def logout_url(self, logout_uri: str) -> str:
        return self.endpoints.logout(self.client_id, logout_uri)
