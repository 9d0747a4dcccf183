"""S3 failures explained for people: what was refused, by whom, and what decides it.

A learner who sees "AccessDenied" learns nothing; "the role X may not s3:ListBucket on
arn:aws:s3:::b — the identity pool's role policy decides" tells them where to look.
"""

from __future__ import annotations

from typing import Any

from tokenexplorer.explained import ExplainedError, transport_error

# S3 says the credentials expired: renew them and retry once.
EXPIRED_CODES = frozenset(
    {"ExpiredToken", "ExpiredTokenException", "TokenRefreshRequired", "InvalidToken"}
)
# S3 says the bucket lives in another region (with the region in a header or the body).
REDIRECT_CODES = frozenset(
    {"PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException",
     "301", "400", "TemporaryRedirect"}
)


class S3Error(ExplainedError):
    """`code` is ours (stable, for the UI), `message` is for people, `original_code` AWS's."""

    def __init__(
        self,
        code: str,
        message: str,
        original_code: str | None = None,
        *,
        action: str | None = None,
        resource: str | None = None,
        hint: str | None = None,
        retryable: bool = False,
    ) -> None:
        super().__init__(code, message, original_code, hint=hint, retryable=retryable)
        self.action = action
        self.resource = resource

    def __str__(self) -> str:
        text = super().__str__()
        if self.original_code and self.original_code not in text:
            return f"{text} [{self.original_code}]"
        return text


class Cancelled(S3Error):
    """The user cancelled; nothing half-done was left behind."""

    def __init__(self, what: str = "The operation") -> None:
        super().__init__("cancelled", f"{what} was cancelled.")


def partition_for(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def resource_arn(region: str, bucket: str, key: str | None = None) -> str:
    """`arn:aws:s3:::bucket` or `arn:aws:s3:::bucket/key` (the ARN IAM policies name)."""
    base = f"arn:{partition_for(region)}:s3:::{bucket}"
    return base if key is None else f"{base}/{key}"


def error_code(exc: BaseException) -> str | None:
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        code = response.get("Error", {}).get("Code")
        return str(code) if code is not None else None
    return None


def region_hint(exc: BaseException) -> str | None:
    """The region S3 says the bucket is in (x-amz-bucket-region header or <Region>)."""
    response = getattr(exc, "response", None)
    if not isinstance(response, dict):
        return None
    headers = response.get("ResponseMetadata", {}).get("HTTPHeaders", {}) or {}
    region = headers.get("x-amz-bucket-region") or response.get("Error", {}).get("Region")
    if region and error_code(exc) in REDIRECT_CODES:
        return str(region)
    return None


def is_expired(exc: BaseException) -> bool:
    return error_code(exc) in EXPIRED_CODES


def explain(
    exc: BaseException,
    *,
    action: str,
    resource: str,
    bucket: str,
    region: str,
    principal: Any = None,
    kind: str | None = None,
) -> S3Error:
    """Map a botocore exception to an S3Error naming the action and resource.

    `principal` is a CallerIdentity (or None when it could not be found out)."""
    from botocore.exceptions import (
        ClientError,
        NoCredentialsError,
    )

    if isinstance(exc, S3Error):
        return exc
    where = {"action": action, "resource": resource}
    network = transport_error(exc, S3Error, service="S3", doing=f"{action} on {resource}")
    if network is not None:
        network.action, network.resource = action, resource
        return network
    if isinstance(exc, NoCredentialsError):
        return S3Error("no_credentials", "There are no AWS credentials yet.", None, **where)
    if not isinstance(exc, ClientError):
        return S3Error(
            "error", f"{action} on {resource} failed: {type(exc).__name__}", None, **where
        )
    code = error_code(exc) or "Unknown"
    text = str(exc.response.get("Error", {}).get("Message", "") or "")
    if code in ("AccessDenied", "AllAccessDisabled", "403", "Forbidden"):
        who = _who(principal)
        identity = f"{kind} identities" if kind else "this kind of identity (guest or " \
            "authenticated)"
        message = (
            f"Access denied: {who} may not {action} on {resource}. What these credentials "
            f"may do is decided by the IAM role the identity pool gives {identity}: that "
            f"role's policy must allow {action} on {resource.split(' ', 1)[0]}."
        )
        return S3Error("access_denied", message, code, **where)
    if code == "NoSuchBucket":
        message = (
            f"The bucket {bucket!r} does not exist (bucket names are global; check the "
            "profile's bucket name)."
        )
        return S3Error("no_such_bucket", message, code, **where)
    if code in ("NoSuchKey", "404", "NotFound"):
        return S3Error("no_such_key", f"{resource} does not exist (any more?).", code, **where)
    if code in EXPIRED_CODES:
        message = (
            "The temporary credentials expired and could not be renewed; get new credentials "
            "(sign in again for authenticated ones)."
        )
        return S3Error("expired_credentials", message, code, **where)
    hint = region_hint(exc)
    if hint or code in (REDIRECT_CODES - {"400"}) or code == "IncorrectEndpoint":
        message = (
            f"The bucket {bucket!r} is in {hint or 'another region'}, not {region}, and the "
            "request could not be redirected there."
        )
        return S3Error("wrong_region", message, code, **where)
    if code in ("InvalidAccessKeyId", "SignatureDoesNotMatch"):
        message = (
            "S3 does not accept these credentials (unknown key or bad signature). Get fresh "
            "credentials; with an endpoint override, check that it is the right endpoint."
        )
        return S3Error("invalid_credentials", message, code, **where)
    if code in ("SlowDown", "Throttling", "RequestLimitExceeded", "503"):
        return S3Error("throttled", "S3 asks to slow down; try again shortly.", code, **where)
    detail = f": {text}" if text else ""
    return S3Error("aws_error", f"{action} on {resource} failed ({code}){detail}", code, **where)


def _who(principal: Any) -> str:
    if principal is None:
        return "these credentials (their role could not be found out)"
    role = getattr(principal, "role_arn", None)
    if role:
        return f"the role {role} (session {principal.arn})"
    return f"the principal {principal.arn}"
