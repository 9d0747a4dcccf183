"""Signing out of a hosted-UI session: revoke the refresh token at /oauth2/revoke, and say
what the browser's /logout adds.

Revoking ends the tokens (the refresh token and every token issued from it); the hosted
UI's own session cookie in the browser is a separate thing, ended only by visiting /logout
in that browser — otherwise the next hosted-UI sign-in goes through without a password.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tokenexplorer.cognito.hosted_ui.errors import NOT_SERVED, HostedUIError
from tokenexplorer.cognito.session import SessionSignOut, forget_stored_session

if TYPE_CHECKING:
    from tokenexplorer.cognito.hosted_ui.oauth_calls import OAuthClient
    from tokenexplorer.cognito.session import Session

REVOKED = "oauth2/revoke"
LOGOUT_EXPLAINED = (
    "Your tokens are revoked, but the browser may still be signed in to the hosted UI (its "
    "own cookie): the next hosted-UI sign-in there would not ask for a password. Opening "
    "/logout in the browser ends that too.")


def sign_out_hosted(session: Session, client: OAuthClient) -> SessionSignOut:
    """Revoke at /oauth2/revoke (falling back to the RevokeToken API where the server has no
    such endpoint), forget the keyring entry, clear the tokens. Raises on a refusal."""
    tokens = session.tokens
    if tokens is None or not tokens.refresh_token:
        return session.sign_out()
    try:
        client.revoke(tokens.refresh_token)
    except HostedUIError as exc:
        if exc.code != NOT_SERVED:
            raise
        outcome = session.sign_out()
        return SessionSignOut(outcome.method, f"{outcome.message} (The server has no "
                              "/oauth2/revoke, so the RevokeToken API was used.)",
                              outcome.keyring_message)
    keyring_message = forget_stored_session(session.profile_name, session.username,
                                            quiet=not session.remembered)
    session.clear()
    return SessionSignOut(REVOKED, "The refresh token was revoked at /oauth2/revoke: it and "
                          "the tokens issued from it no longer work.", keyring_message)
