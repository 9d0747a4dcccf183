"""Hosted-UI failures in plain words: what went wrong and what to change, never a traceback.

`HostedUIError.code` is ours and stable (the UI, the CLI and tests branch on it);
`original_code` is what the server said (`invalid_client`, `redirect_mismatch`, …).
Server text is hostile: it is shortened and made visible before it is quoted.
"""

from __future__ import annotations

from tokenexplorer.explained import ExplainedError
from tokenexplorer.tokens.safe_text import shorten, visible

NO_DOMAIN = "NoHostedUIDomain"
BAD_DOMAIN = "BadHostedUIDomain"
PORT_BUSY = "PortBusy"
REDIRECT_MISMATCH = "RedirectMismatch"
INVALID_CLIENT = "InvalidClient"
UNAUTHORIZED_CLIENT = "UnauthorizedClient"
INVALID_SCOPE = "InvalidScope"
INVALID_GRANT = "InvalidGrant"
UNKNOWN_PROVIDER = "UnknownIdentityProvider"
ACCESS_DENIED = "AccessDenied"
SERVER_ERROR = "OAuthError"
BAD_ANSWER = "BadAnswer"
NOT_SERVED = "NotServed"
STATE_MISMATCH = "StateMismatch"
TIMEOUT = "Timeout"
ENDPOINT_DOWN = "EndpointDown"
CANCELLED = "Cancelled"
NO_SECRET = "NoClientSecret"
INSECURE = "InsecureTransport"


class HostedUIError(ExplainedError):
    """A hosted-UI step that failed; `message` for people, `code` for decisions."""


def quoted(text: object, limit: int = 200) -> str:
    """Server or browser text, safe to show: control characters visible, bounded."""
    return visible(shorten(str(text), limit))


def oauth_error(error: str, description: str | None, *, callback_url: str,
                client_id: str, provider: str | None = None,
                doing: str = "The sign-in") -> HostedUIError:
    """The explained error for an OAuth `error=` answer (a redirect or a JSON body)."""
    said = quoted(f"{error}: {description}" if description else error)
    text = f"{error} {description or ''}".lower()
    if "redirect_mismatch" in text or "redirect_uri" in text:
        return HostedUIError(
            REDIRECT_MISMATCH,
            f"{doing} was refused: the app client does not list the callback URL "
            f"{callback_url} (Cognito compares it exactly: scheme, host name 'localhost', "
            "port and path, no trailing slash).", error,
            hint=f"Add exactly {callback_url} to the app client's allowed callback URLs "
                 "(Cognito console: App client → Login pages), or use a port already listed.")
    if provider and ("identity provider" in text or "identity_provider" in text
                     or error == "InvalidParameterException"):
        return HostedUIError(
            UNKNOWN_PROVIDER,
            f"{doing} was refused: the user pool has no identity provider named "
            f"{quoted(provider, 40)!r}, or the app client does not enable it ({said}).", error,
            hint="Check the provider's exact name (case matters: Google, SignInWithApple, "
                 "Facebook, LoginWithAmazon, or your SAML/OIDC provider's name) under the "
                 "pool's Sign-in experience, and enable it on the app client.")
    if "invalid_scope" in text:
        return HostedUIError(
            INVALID_SCOPE, f"{doing} was refused: a requested scope is not allowed for this "
            f"app client ({said}).", error,
            hint="Ask only for scopes the app client allows (its OpenID Connect scopes and "
                 "custom resource-server scopes), or allow them on the app client.")
    if error == "invalid_client":
        return HostedUIError(
            INVALID_CLIENT, f"{doing} was refused: the server does not accept this app client "
            f"{quoted(client_id, 60)} or its secret ({said}).", error,
            hint="Check the client ID, and the client secret stored for the profile. A client "
                 "with a secret must send it; a public client must have none.")
    if error in ("unauthorized_client", "unsupported_grant_type", "unsupported_response_type"):
        return HostedUIError(
            UNAUTHORIZED_CLIENT, f"{doing} was refused: the app client may not use this OAuth "
            f"flow ({said}).", error,
            hint="On the app client, turn on the hosted UI (OAuth 2.0 grant types: "
                 "Authorization code grant; Client credentials for machine-to-machine) and "
                 "pick its identity providers.")
    if error == "invalid_grant":
        return HostedUIError(
            INVALID_GRANT, f"{doing} was refused: the code, verifier or refresh token was not "
            f"accepted ({said}). Codes are single-use and expire after a few minutes.", error,
            hint="Start the sign-in again.")
    if error == "access_denied":
        return HostedUIError(ACCESS_DENIED, f"{doing} was not allowed ({said}).", error,
                             hint="The user or a trigger declined the sign-in.")
    return HostedUIError(SERVER_ERROR, f"{doing} failed: the server said {said}.", error)
