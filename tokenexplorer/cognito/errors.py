"""Cognito failures as one exception type with a message for people.

`CognitoError.code` is our short name (UsernameExists, CodeMismatch, EndpointDown, …);
`original_code` keeps what the server or botocore said, for those who want it. Messages
never hold passwords, codes, tokens or secrets: the server's own message is scrubbed of
anything token-shaped and of the values the caller names, and trimmed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from tokenexplorer.explained import ExplainedError, transport_error

if TYPE_CHECKING:
    from botocore.exceptions import ClientError

# Any long run of token/secret-like characters (JWTs, sessions, SECRET_HASH, hex, base64),
# not glued to a word (so "us-east-1_AbC123…" pool IDs survive).
_TOKENISH = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9+/=_.-]{24,}", re.ASCII)
_UUID = re.compile(r"\b[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\b", re.ASCII)
_POOL_ID = re.compile(r"^[a-z]{2}(?:-[a-z]+)+-[0-9]{1,2}_[0-9A-Za-z]+\Z", re.ASCII)
_HOST_NAME = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)+\Z", re.ASCII)
_MAX_ORIGINAL = 300

REDACTED = "‹redacted›"

# Our codes the app branches on (`error.code == USER_NOT_CONFIRMED`), never on message text.
USER_NOT_CONFIRMED = "UserNotConfirmed"
INVALID_PASSWORD = "InvalidPassword"
CODE_MISMATCH = "CodeMismatch"
NOT_AUTHORIZED = "NotAuthorized"
NOT_IMPLEMENTED = "NotImplemented"
UNSUPPORTED_OPERATION = "UnsupportedOperation"
SERVER_ERROR = "ServerError"
UNEXPECTED_RESPONSE = "UnexpectedResponse"
UNSUPPORTED_CHALLENGE = "UnsupportedChallenge"
SETUP_INCOMPLETE = "SetupIncomplete"
MISSING_ANSWER = "MissingAnswer"
INVALID_STEP = "InvalidStep"
SRP_FAILED = "SrpFailed"
NEEDS_GLOBAL_SIGN_OUT = "NeedsGlobalSignOut"
INSECURE_TRANSPORT = "InsecureTransport"


def _harmless(word: str) -> bool:
    """Long words that help and hide nothing: pool IDs, host names."""
    return bool(_POOL_ID.match(word) or _HOST_NAME.match(word))


def scrub(text: str | None, secrets: Iterable[str | None] = ()) -> str:
    """`text` with the given secret values and anything token-shaped replaced, HTML reduced
    to its title, whitespace collapsed, at most 300 characters."""
    if not text:
        return ""
    text = str(text)
    if "<html" in text.lower() or "<!doctype" in text.lower():
        title = re.search(r"<title>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
        text = html.unescape(title.group(1)) if title else "an HTML error page"
    for secret in secrets:
        if secret and len(secret) >= 3:
            text = text.replace(secret, REDACTED)
    text = _UUID.sub(REDACTED, text)
    text = _TOKENISH.sub(lambda m: m.group(0) if _harmless(m.group(0)) else REDACTED, text)
    text = " ".join(text.split())
    return text if len(text) <= _MAX_ORIGINAL else text[: _MAX_ORIGINAL - 1] + "…"


class CognitoError(ExplainedError):
    """A Cognito call failed. `str(error)` is the message for people."""

    def __init__(
        self,
        code: str,
        message: str,
        original_code: str | None = None,
        *,
        original_message: str = "",
        retryable: bool = False,
        operation: str = "",
        http_status: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(code, message, original_code or code, hint=hint, retryable=retryable)
        self.original_code: str = original_code or code
        self.original_message = original_message  # already scrubbed
        self.operation = operation
        self.http_status = http_status

    @property
    def detail(self) -> str:
        """The original code (and operation) for those who want it, e.g. in a tooltip."""
        parts = [self.original_code]
        if self.operation:
            parts.append(f"in {self.operation}")
        if self.http_status:
            parts.append(f"HTTP {self.http_status}")
        text = " ".join(parts)
        return f"{text}: {self.original_message}" if self.original_message else text

    @property
    def server_lacks_operation(self) -> bool:
        """True when the server does not implement the call (emulators answer HTTP 500/501)."""
        if self.code in (NOT_IMPLEMENTED, UNSUPPORTED_OPERATION):
            return True
        # A bare HTTP 5xx (no Cognito error type): what moto sends for calls it lacks. Not
        # InternalErrorException, which is Cognito itself failing.
        return self.code == SERVER_ERROR and not self.original_code.endswith("Exception")

    def __repr__(self) -> str:
        return f"CognitoError(code={self.code!r}, original_code={self.original_code!r})"


# server code (without "Exception") -> (our code, message for people, retryable)
_MESSAGES: dict[str, tuple[str, str, bool]] = {
    "UsernameExists": (
        "UsernameExists",
        "An account with this username already exists. Sign in instead, or use "
        "“Forgot password” if you do not know its password.",
        False,
    ),
    "InvalidPassword": (
        "InvalidPassword", "The password does not meet the pool's password policy.", False
    ),
    "CodeMismatch": ("CodeMismatch", "The code is not right. Check it and try again.", False),
    "ExpiredCode": (
        "ExpiredCode",
        "The code has expired or was already used. Ask for a new code.",
        False,
    ),
    "LimitExceeded": (
        "LimitExceeded",
        "Too many attempts for now. Wait a while (up to an hour) and try again.",
        True,
    ),
    "TooManyRequests": (
        "TooManyRequests",
        "Cognito is getting requests too fast. Wait a few seconds and try again.",
        True,
    ),
    "TooManyFailedAttempts": (
        "TooManyFailedAttempts",
        "Too many failed attempts. Wait a while before trying again.",
        True,
    ),
    "UserNotFound": ("UserNotFound", "There is no user with this username in the pool.", False),
    "UserNotConfirmed": (
        "UserNotConfirmed",
        "This account is not confirmed yet: enter the confirmation code that was sent.",
        False,
    ),
    "InvalidParameter": ("InvalidParameter", "Cognito rejected a value of this request.", False),
    "PasswordResetRequired": (
        "PasswordResetRequired",
        "A password reset is required for this user: use “Forgot password”.",
        False,
    ),
    "ResourceNotFound": (
        "ResourceNotFound",
        "The user pool or app client was not found. Check the profile's user pool ID, "
        "app client ID and region.",
        False,
    ),
    "InvalidLambdaResponse": (
        "InvalidLambdaResponse",
        "A Lambda trigger of this pool gave an answer Cognito could not use.",
        False,
    ),
    "UserLambdaValidation": (
        "UserLambdaValidation", "A Lambda trigger of this pool refused the request.", False
    ),
    "UnexpectedLambda": (
        "UnexpectedLambda", "A Lambda trigger of this pool failed.", True
    ),
    "CodeDeliveryFailure": (
        "CodeDeliveryFailure", "Cognito could not send the code. Try again later.", True
    ),
    "AliasExists": (
        "AliasExists", "Another account already uses this email address or phone number.", False
    ),
    "InvalidUserPoolConfiguration": (
        "InvalidUserPoolConfiguration", "The user pool is not set up for this.", False
    ),
    "InvalidSmsRoleAccessPolicy": (
        "InvalidSmsRoleAccessPolicy", "The user pool cannot send SMS messages.", False
    ),
    "InvalidSmsRoleTrustRelationship": (
        "InvalidSmsRoleTrustRelationship", "The user pool cannot send SMS messages.", False
    ),
    "InvalidEmailRoleAccessPolicy": (
        "InvalidEmailRoleAccessPolicy", "The user pool cannot send email.", False
    ),
    "SoftwareTokenMFANotFound": (
        "SoftwareTokenMFANotFound", "No authenticator app is set up for this user.", False
    ),
    "EnableSoftwareTokenMFA": (
        "CodeMismatch", "The authenticator code did not verify. Try the next code.", False
    ),
    "MFAMethodNotFound": (
        "MFAMethodNotFound", "No MFA method that this sign-in needs is set up.", False
    ),
    "UnsupportedOperation": (
        "UnsupportedOperation", "The server does not support this call for this client.", False
    ),
    "UnsupportedTokenType": (
        "UnsupportedTokenType", "This kind of token cannot be revoked.", False
    ),
    "Unauthorized": ("NotAuthorized", "The client is not allowed to do this.", False),
    "Forbidden": ("Forbidden", "The request was blocked (AWS WAF or a network rule).", False),
    "InternalError": (
        "ServerError", "Cognito had an internal error. Try again in a moment.", True
    ),
    "UnrecognizedClient": (
        "NeedsCredentials", "This call needs AWS credentials, which a public client lacks.", False
    ),
    "MissingAuthenticationToken": (
        "NeedsCredentials", "This call needs AWS credentials, which a public client lacks.", False
    ),
    "AccessDenied": (
        "NeedsCredentials", "The AWS credentials in use may not make this call.", False
    ),
}

_SIGN_IN_OPS = {"InitiateAuth", "RespondToAuthChallenge", "sign-in"}


def _not_authorized(original: str, context: str) -> str:
    lowered = original.lower()
    if "secret hash" in lowered:
        return "The app client's secret is wrong or missing (SECRET_HASH did not verify)."
    if "disabled" in lowered:
        return "This user is disabled."
    if "attempts exceeded" in lowered:
        return "Too many failed attempts. Wait a while before trying again."
    if "session is expired" in lowered or "invalid session" in lowered:
        return "This sign-in step took too long or was already used. Start again."
    if context == "refresh" or "refresh token" in lowered:
        return (
            "The saved session cannot be renewed: its refresh token was revoked or has "
            "expired (or, for a client with a secret, SECRET_HASH did not match). "
            "Sign in again."
        )
    if "access token" in lowered:
        return "The session has ended (its access token was revoked or expired). Sign in again."
    if context == "ChangePassword":
        return "The current password is not right."
    if context in _SIGN_IN_OPS:
        return "Incorrect username or password."
    return "Cognito refused this request (not authorized)."


def _from_client_error(
    exc: ClientError, context: str, secrets: Iterable[str | None], policy_text: str | None
) -> CognitoError:
    response: dict[str, Any] = dict(exc.response or {})
    error = response.get("Error", {}) or {}
    status = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    raw_code = str(error.get("Code") or "")
    original_message = scrub(error.get("Message") or "", secrets)
    operation = str(exc.operation_name or "")
    short = raw_code.removesuffix("Exception").removesuffix("Error") or raw_code
    common = {
        "original_code": raw_code or f"HTTP {status}",
        "original_message": original_message,
        "operation": operation,
        "http_status": status,
    }
    if short == NOT_AUTHORIZED:
        return CognitoError(
            NOT_AUTHORIZED, _not_authorized(original_message, context or operation), **common
        )
    if short in _MESSAGES:
        code, message, retryable = _MESSAGES[short]
        if code == INVALID_PASSWORD:
            detail = policy_text or original_message
            message = f"{message} {detail}" if detail else message
        elif code in ("InvalidParameter", "InvalidLambdaResponse", "UserLambdaValidation",
                      "InvalidUserPoolConfiguration", "UnsupportedOperation") and original_message:
            message = f"{message} {original_message}"
        elif code == "ResourceNotFound" and operation == "RespondToAuthChallenge":
            message = "This sign-in step is no longer valid (it expired or was used). Start again."
        return CognitoError(code, message, retryable=retryable, **common)
    if status and status >= 500:
        not_implemented = status == 501 or "not implemented" in original_message.lower()
        what = f"{operation} " if operation else ""
        if not_implemented:
            return CognitoError(
                "NotImplemented",
                f"The server does not implement {what or 'this call '}(HTTP {status}). Local "
                "emulators lack some calls (moto lacks RevokeToken and ResendConfirmationCode); "
                "real Cognito has them.",
                retryable=False, **common,
            )
        message = (
            f"The server answered {what}with an internal error (HTTP {status}). Emulators "
            "answer this way for calls they do not implement (moto lacks RevokeToken and "
            "ResendConfirmationCode). Try again, or check the endpoint."
        )
        return CognitoError(
            "NotImplemented" if not_implemented else "ServerError", message, retryable=True,
            **common,
        )
    message = f"Cognito answered {raw_code or f'HTTP {status}'}"
    message += f": {original_message}" if original_message else "."
    return CognitoError(short or "Unknown", message, retryable=bool(status and status >= 500),
                        **common)


def to_cognito_error(
    exc: BaseException,
    *,
    context: str = "",
    secrets: Iterable[str | None] = (),
    policy_text: str | None = None,
    endpoint: str | None = None,
) -> CognitoError | None:
    """The CognitoError for a botocore/boto3 failure, or None when `exc` is none of those.

    `context` names the step ("refresh", "ChangePassword", "sign-in") to pick the message;
    `secrets` are values to scrub from server text; `policy_text` explains InvalidPassword.
    """
    if isinstance(exc, CognitoError):
        return exc
    from botocore import exceptions as bex

    if isinstance(exc, bex.ClientError):
        return _from_client_error(exc, context, secrets, policy_text)
    network = transport_error(exc, CognitoError, service="the Cognito endpoint", endpoint=endpoint)
    if network is not None:
        return network
    if isinstance(exc, bex.ParamValidationError):
        names = sorted(set(re.findall(r"parameter (\w[\w.\[\]]*)", str(exc), re.ASCII)))
        which = f" ({', '.join(names)})" if names else ""
        return CognitoError(
            "InvalidParameter", f"A value is missing or not valid{which}.",
            original_code="ParamValidationError",
        )
    if isinstance(exc, bex.NoCredentialsError | bex.PartialCredentialsError):
        return CognitoError(
            "NeedsCredentials", "This call needs AWS credentials, and none are available.",
            original_code=type(exc).__name__,
        )
    if isinstance(exc, bex.BotoCoreError):
        return CognitoError(
            "NetworkError", f"The request to Cognito{f' at {endpoint}' if endpoint else ''} failed "
            f"({type(exc).__name__}).",
            original_code=type(exc).__name__, retryable=True,
        )
    return None
