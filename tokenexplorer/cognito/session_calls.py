"""Calls on a signed-in session: refresh, revoke, sign out (RevokeToken, or GlobalSignOut
only when the caller allows it). Each method is one round trip, except `sign_out`."""

from __future__ import annotations

from typing import Any

from tokenexplorer.cognito.errors import UNEXPECTED_RESPONSE, CognitoError
from tokenexplorer.cognito.idp_client import CognitoClient
from tokenexplorer.cognito.sign_out_results import (
    SignOutResult,
    global_sign_out_result,
    lacks_revoke_reason,
    needs_global_sign_out,
    revoke_result,
)
from tokenexplorer.cognito.steps import Tokens, tokens_from


class SessionCalls(CognitoClient):
    def refresh(self, username: str, refresh_token: str) -> Tokens:
        """REFRESH_TOKEN_AUTH. `username` must be `cognito:username` (SECRET_HASH needs it).
        Cognito sends no new refresh token: the result carries the one given."""
        response = self._call(
            "initiate_auth", context="refresh", secrets=(refresh_token,),
            ClientId=self.client_id, AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": refresh_token, **self._hash(username)},
        )
        result = response.get("AuthenticationResult")
        if not result:
            raise CognitoError(UNEXPECTED_RESPONSE, "The refresh answered without tokens.")
        tokens = tokens_from(result)
        if tokens.refresh_token is None:
            tokens = Tokens(tokens.id_token, tokens.access_token, refresh_token,
                            tokens.expires_in, tokens.token_type)
        return tokens

    def revoke_token(self, refresh_token: str) -> None:
        params: dict[str, Any] = {"Token": refresh_token, "ClientId": self.client_id}
        if self._secret:
            params["ClientSecret"] = self._secret
        self._call("revoke_token", secrets=(refresh_token,), **params)

    def global_sign_out(self, access_token: str) -> None:
        self._call("global_sign_out", secrets=(access_token,), AccessToken=access_token)

    def sign_out(self, tokens: Tokens, *, allow_global: bool = False) -> SignOutResult:
        """RevokeToken; if the server lacks it, GlobalSignOut (with the access token) — but
        only with `allow_global`: it ends every session of the user on every device, so the
        caller asks first. Without it, raises NeedsGlobalSignOut (code NeedsGlobalSignOut)."""
        original_code = ""
        if tokens.refresh_token:
            try:
                self.revoke_token(tokens.refresh_token)
                return revoke_result()
            except CognitoError as error:
                if not error.server_lacks_operation:
                    raise
                why = lacks_revoke_reason(error)
                original_code = error.original_code
        else:
            why = "there is no refresh token to revoke"
        if not allow_global:
            raise needs_global_sign_out(why, original_code)
        self.global_sign_out(tokens.access_token)
        return global_sign_out_result(why)
