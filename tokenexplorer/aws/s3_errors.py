"""S3 failures explained for people: what was refused, by whom, and what decides it.

A learner who sees "AccessDenied" learns nothing; "the role X may not s3:ListBucket on
arn:aws:s3:::b — the identity pool's role policy decides" tells them where to look.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tokenexplorer.explained import ExplainedError, transport_error

if TYPE_CHECKING:
    from tokenexplorer.aws.credentials import CallerIdentity

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


def _response(exc: BaseException) -> Mapping[str, Any] | None:
    """S3's parsed answer behind a botocore ClientError; None for any other failure."""
    from botocore.exceptions import ClientError  # loaded already: the failure came from it

    return exc.response if isinstance(exc, ClientError) else None


def error_code(exc: BaseException) -> str | None:
    response = _response(exc)
    if response is not None:
        code = response.get("Error", {}).get("Code")
        return str(code) if code is not None else None
    return None


def region_hint(exc: BaseException) -> str | None:
    """The region S3 says the bucket is in (x-amz-bucket-region header or <Region>)."""
    response = _response(exc)
    if response is None:
        return None
    headers = response.get("ResponseMetadata", {}).get("HTTPHeaders", {}) or {}
    region = headers.get("x-amz-bucket-region") or response.get("Error", {}).get("Region")
    if region and error_code(exc) in REDIRECT_CODES:
        return str(region)
    return None


def is_expired(exc: BaseException) -> bool:
    return error_code(exc) in EXPIRED_CODES


@dataclass(frozen=True)
class _Call:
    """The failed request, as the explanations name it."""

    action: str
    resource: str
    bucket: str
    region: str
    principal: CallerIdentity | None = None
    kind: str | None = None

    def error(self, code: str, message: str, original: str | None) -> S3Error:
        return S3Error(code, message, original, action=self.action, resource=self.resource)


def explain(
    exc: BaseException,
    *,
    action: str,
    resource: str,
    bucket: str,
    region: str,
    principal: CallerIdentity | None = None,
    kind: str | None = None,
) -> S3Error:
    """Map a botocore exception to an S3Error naming the action and resource.

    `principal` is a CallerIdentity (or None when it could not be found out)."""
    from botocore.exceptions import ClientError, NoCredentialsError

    if isinstance(exc, S3Error):
        return exc
    call = _Call(action, resource, bucket, region, principal, kind)
    network = transport_error(exc, S3Error, service="S3", doing=f"{action} on {resource}")
    if network is not None:
        network.action, network.resource = action, resource
        return network
    if isinstance(exc, NoCredentialsError):
        return call.error("no_credentials", "There are no AWS credentials yet.", None)
    if not isinstance(exc, ClientError):
        # Not S3's answer (a botocore parameter or parsing failure): the class is the detail.
        return call.error("error", f"{action} on {resource} failed unexpectedly.",
                          exc.__class__.__name__)
    code = error_code(exc) or "Unknown"
    for codes, explainer in _EXPLAINERS:
        if code in codes:
            error = call.error(*explainer(call), code)
            if error.code == "access_denied":
                error.hint = _sandbox_policy(call)
            return error
    hint = region_hint(exc)
    if hint or code in (REDIRECT_CODES - {"400"}) or code == "IncorrectEndpoint":
        return call.error("wrong_region", (
            f"The bucket {bucket!r} is in {hint or 'another region'}, not {region}, and the "
            "request could not be redirected there."), code)
    text = str(exc.response.get("Error", {}).get("Message", "") or "")
    detail = f": {text}" if text else ""
    return call.error("aws_error", f"{action} on {resource} failed ({code}){detail}", code)


def _access_denied(call: _Call) -> tuple[str, str]:
    identity = (f"{call.kind} identities" if call.kind
                else "this kind of identity (guest or authenticated)")
    return "access_denied", (
        f"Access denied: {_who(call.principal)} may not {call.action} on {call.resource}. "
        f"What these credentials may do is decided by the IAM role the identity pool gives "
        f"{identity}: that role's policy must allow {call.action} on "
        f"{call.resource.split(' ', 1)[0]}.")


def _sandbox_policy(call: _Call) -> str | None:
    """For the sandbox's own roles: what their policy allows, in plain words."""
    from tokenexplorer.sandbox.policies import describe_role_policy

    arn = call.principal.arn if call.principal else ""
    parts = arn.split(":", 5)[-1].split("/")  # assumed-role/NAME/session or role/NAME
    if len(parts) < 2 or parts[0] not in ("assumed-role", "role"):
        return None
    return describe_role_policy(parts[1], call.bucket)


def _no_such_bucket(call: _Call) -> tuple[str, str]:
    return "no_such_bucket", (f"The bucket {call.bucket!r} does not exist (bucket names are "
                              "global; check the profile's bucket name).")


def _no_such_key(call: _Call) -> tuple[str, str]:
    return "no_such_key", f"{call.resource} does not exist (any more?)."


def _expired(call: _Call) -> tuple[str, str]:
    return "expired_credentials", (
        "The temporary credentials expired and could not be renewed; get new credentials "
        "(sign in again for authenticated ones).")


def _invalid_credentials(call: _Call) -> tuple[str, str]:
    return "invalid_credentials", (
        "S3 does not accept these credentials (unknown key or bad signature). Get fresh "
        "credentials; with an endpoint override, check that it is the right endpoint.")


def _throttled(call: _Call) -> tuple[str, str]:
    return "throttled", "S3 asks to slow down; try again shortly."


# S3's codes → our (code, message); checked in order, before the region redirect.
_EXPLAINERS: tuple[tuple[frozenset[str], Callable[[_Call], tuple[str, str]]], ...] = (
    (frozenset({"AccessDenied", "AllAccessDisabled", "403", "Forbidden"}), _access_denied),
    (frozenset({"NoSuchBucket"}), _no_such_bucket),
    (frozenset({"NoSuchKey", "404", "NotFound"}), _no_such_key),
    (EXPIRED_CODES, _expired),
    (frozenset({"InvalidAccessKeyId", "SignatureDoesNotMatch"}), _invalid_credentials),
    (frozenset({"SlowDown", "Throttling", "RequestLimitExceeded", "503"}), _throttled),
)


def _who(principal: CallerIdentity | None) -> str:
    if principal is None:
        return "these credentials (their role could not be found out)"
    role = principal.role_arn
    if role:
        return f"the role {role} (session {principal.arn})"
    return f"the principal {principal.arn}"
