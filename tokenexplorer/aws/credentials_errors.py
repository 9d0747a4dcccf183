"""Why getting identity-pool credentials failed, in plain words.

One error type (`CredentialsError`, an ExplainedError) for every identity-pool and STS step;
`explain` maps what botocore raised into it. Connection and timeout failures go through
explained.transport_error, the one mapping the whole app shares.
"""

from __future__ import annotations

from tokenexplorer.explained import ExplainedError, transport_error
from tokenexplorer.tokens.safe_text import shorten, visible

# Codes the code branches on (the rest are only shown).
CLEARED = "cleared"  # the credentials were dropped meanwhile (sign-out, another user/profile)
NOT_FOUND = "not_found"  # the identity pool or the identity is gone
NO_ID_TOKEN = "no_id_token"


class CredentialsError(ExplainedError):
    """A credentials step that failed; `message` is for people, `original_code` is AWS's."""


def is_cleared(exc: BaseException) -> bool:
    """True for the "replaced meanwhile" failure: nothing went wrong that a user must see."""
    return isinstance(exc, CredentialsError) and exc.code == CLEARED


def _from_client_error(code: str, text: str, step: str) -> CredentialsError:
    """An AWS answer (code and the server's own words) in plain words."""
    lower = text.lower()
    if code == "NotAuthorizedException" and "unauthenticated" in lower:
        message = (
            "This identity pool does not allow guest (unauthenticated) access. Sign in "
            "for authenticated credentials, or enable guest access on the pool."
        )
        return CredentialsError("guest_not_allowed", message, code)
    if code == "NotAuthorizedException" and "issuer" in lower:
        message = (
            "The identity pool rejected the ID token: its issuer does not match the "
            "Logins key. The user pool must be added to the identity pool as a Cognito "
            "provider, and the key's region must be the user pool's region. "
            f"(AWS said: {text})"
        )
        return CredentialsError("issuer_mismatch", message, code)
    if code == "NotAuthorizedException" and ("expired" in lower or "token" in lower):
        message = (
            f"The identity pool did not accept the ID token ({text}). Sign in again "
            "or refresh the session for a fresh ID token."
        )
        return CredentialsError("token_rejected", message, code)
    if code == "ResourceNotFoundException":
        message = f"{step}: the identity pool (or identity) was not found. ({text})"
        return CredentialsError(NOT_FOUND, message, code)
    if code == "InvalidIdentityPoolConfigurationException":
        message = (
            "The identity pool has no IAM role for this kind of identity (or cannot "
            f"assume it). Set the pool's roles. ({text})"
        )
        return CredentialsError("no_role", message, code)
    if code in ("TooManyRequestsException", "LimitExceededException", "Throttling"):
        return CredentialsError("throttled", f"{step}: too many requests; wait.", code)
    return CredentialsError("aws_error", f"{step} failed: {code}: {text}", code)


def explain(exc: BaseException, step: str) -> CredentialsError:
    """A CredentialsError saying in plain words what went wrong in `step`."""
    from botocore.exceptions import ClientError

    if isinstance(exc, CredentialsError):
        return exc
    network = transport_error(exc, CredentialsError, service="the endpoint", doing=step)
    if network is not None:
        return network
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        code = visible(shorten(str(error.get("Code", "Unknown")), 100))
        text = visible(shorten(str(error.get("Message", "")), 500))  # the server's words
        return _from_client_error(code, text, step)
    return CredentialsError("error", f"{step} failed: {type(exc).__name__}", type(exc).__name__)


__all__ = ["CLEARED", "NOT_FOUND", "NO_ID_TOKEN", "CredentialsError", "explain", "is_cleared"]
