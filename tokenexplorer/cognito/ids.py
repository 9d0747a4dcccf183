"""Formats of Cognito/AWS identifiers, checked as the user types a profile.

Pure functions, no I/O: the UI calls `validate_profile_fields` on every keystroke and shows
each `FieldProblem` next to its field. Errors block saving; warnings only inform. Each problem
carries a `ProblemCode` so callers branch on what is wrong, never on the English message.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal
from urllib.parse import urlsplit

# us-east-1, eu-central-2, us-gov-west-1, cn-north-1, us-isob-east-1, ap-southeast-5 ...
# ASCII only: `\d`, `$` and str.isdigit would accept "us-east-１" or a trailing newline.
REGION_PATTERN = r"[a-z]{2}(?:-[a-z]+)+-[0-9]{1,2}"
_REGION_RE = re.compile(rf"^{REGION_PATTERN}\Z", re.ASCII)
_USER_POOL_RE = re.compile(rf"^({REGION_PATTERN})_([0-9A-Za-z]+)\Z", re.ASCII)
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_IDENTITY_POOL_RE = re.compile(rf"^({REGION_PATTERN}):({_UUID})\Z", re.ASCII)
_CLIENT_ID_RE = re.compile(r"^[A-Za-z0-9_+]{1,128}\Z", re.ASCII)
_BUCKET_CHARS_RE = re.compile(r"^[a-z0-9][a-z0-9.-]*[a-z0-9]\Z", re.ASCII)
_DOMAIN_LABEL_RE = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)\Z", re.ASCII)
_COGNITO_DOMAIN_RE = re.compile(rf"\.auth\.({REGION_PATTERN})\.amazoncognito\.com\Z", re.ASCII)

USER_POOL_ID_MAX = 55
IDENTITY_POOL_ID_MAX = 55
PROFILE_NAME_MAX = 64

Level = Literal["error", "warning"]


class ProfileField(StrEnum):
    """A checked field of a profile; the value is the Profile attribute name."""

    NAME = "name"
    USER_POOL_ID = "user_pool_id"
    CLIENT_ID = "client_id"
    REGION = "region"
    IDENTITY_POOL_ID = "identity_pool_id"
    BUCKET = "bucket"
    HOSTED_UI_DOMAIN = "hosted_ui_domain"
    ENDPOINT_URL = "endpoint_url"


class ProblemCode(StrEnum):
    """What is wrong, in a form code can branch on (the message is for people)."""

    NAME_MISSING = "name-missing"
    NAME_SPACES = "name-spaces"
    NAME_TOO_LONG = "name-too-long"
    NAME_CONTROL_CHARACTERS = "name-control-characters"
    NAME_TAKEN = "name-taken"
    POOL_ID_MISSING = "pool-id-missing"
    POOL_ID_FORMAT = "pool-id-format"
    IDENTITY_POOL_ID_FORMAT = "identity-pool-id-format"
    IDENTITY_POOL_OTHER_REGION = "identity-pool-other-region"
    CLIENT_ID_MISSING = "client-id-missing"
    CLIENT_ID_FORMAT = "client-id-format"
    REGION_MISSING = "region-missing"
    REGION_FORMAT = "region-format"
    REGION_NOT_POOL_REGION = "region-not-pool-region"
    REGION_NOT_IDENTITY_POOL_REGION = "region-not-identity-pool-region"
    BUCKET_NAME = "bucket-name"
    ENDPOINT_INVALID = "endpoint-invalid"
    ENDPOINT_SCHEME = "endpoint-scheme"
    ENDPOINT_CREDENTIALS = "endpoint-credentials"
    ENDPOINT_QUERY = "endpoint-query"
    ENDPOINT_PLAIN_HTTP = "endpoint-plain-http"
    HOSTED_UI_NOT_HTTPS = "hosted-ui-not-https"
    HOSTED_UI_FORMAT = "hosted-ui-format"
    HOSTED_UI_SCHEME_GIVEN = "hosted-ui-scheme-given"
    HOSTED_UI_OTHER_REGION = "hosted-ui-other-region"


@dataclass(frozen=True)
class FieldProblem:
    """One thing wrong with one field."""

    field: ProfileField
    level: Level
    message: str
    code: ProblemCode


def is_region(text: str) -> bool:
    return bool(_REGION_RE.match(text))


def region_from_user_pool_id(pool_id: str | None) -> str | None:
    """`eu-west-1_AbC123` → `eu-west-1`; None when the ID is not in that form."""
    match = _USER_POOL_RE.match((pool_id or "").strip())
    return match.group(1) if match else None


def region_from_identity_pool_id(identity_pool_id: str | None) -> str | None:
    """`eu-west-1:1b2c…` → `eu-west-1`; None when the ID is not in that form."""
    match = _IDENTITY_POOL_RE.match((identity_pool_id or "").strip())
    return match.group(1) if match else None


def region_from_hosted_ui_domain(domain: str | None) -> str | None:
    """`app.auth.eu-west-1.amazoncognito.com` → `eu-west-1`; None for custom domains."""
    host = _domain_host(domain or "")
    match = _COGNITO_DOMAIN_RE.search(host)
    return match.group(1) if match else None


def _domain_host(domain: str) -> str:
    text = domain.strip()
    if "://" in text:
        text = urlsplit(text).hostname or ""
    return text.rstrip("/").lower()


def _problem(out: list[FieldProblem], field: ProfileField, level: Level, code: ProblemCode,
             message: str) -> None:
    out.append(FieldProblem(field, level, message, code))


F, C = ProfileField, ProblemCode


def _check_name(name: str, out: list[FieldProblem]) -> None:
    if not name.strip():
        _problem(out, F.NAME, "error", C.NAME_MISSING, "A profile needs a name.")
    elif name != name.strip():
        _problem(out, F.NAME, "error", C.NAME_SPACES,
            "The name must not start or end with spaces.")
    elif len(name) > PROFILE_NAME_MAX:
        _problem(out, F.NAME, "error", C.NAME_TOO_LONG,
            f"The name is longer than {PROFILE_NAME_MAX} characters.")
    elif any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        _problem(out, F.NAME, "error", C.NAME_CONTROL_CHARACTERS,
            "The name must not contain control characters.")


def _check_user_pool_id(pool_id: str, out: list[FieldProblem]) -> None:
    if not pool_id:
        _problem(out, F.USER_POOL_ID, "error", C.POOL_ID_MISSING, "The user pool ID is required.")
    elif len(pool_id) > USER_POOL_ID_MAX or not _USER_POOL_RE.match(pool_id):
        _problem(out, F.USER_POOL_ID, "error", C.POOL_ID_FORMAT,
            "A user pool ID looks like 'eu-west-1_AbC123xyz': the region, an underscore, "
            "then letters and digits.")


def _check_identity_pool_id(identity_pool_id: str, out: list[FieldProblem]) -> None:
    if len(identity_pool_id) > IDENTITY_POOL_ID_MAX or not _IDENTITY_POOL_RE.match(
        identity_pool_id
    ):
        _problem(out, F.IDENTITY_POOL_ID, "error", C.IDENTITY_POOL_ID_FORMAT,
            "An identity pool ID looks like 'eu-west-1:0a1b2c3d-…': the region, a colon, "
            "then a lowercase UUID.")


def _check_client_id(client_id: str, out: list[FieldProblem]) -> None:
    if not client_id:
        _problem(out, F.CLIENT_ID, "error", C.CLIENT_ID_MISSING, "The app client ID is required.")
    elif not _CLIENT_ID_RE.match(client_id):
        _problem(out, F.CLIENT_ID, "error", C.CLIENT_ID_FORMAT,
            "An app client ID is 1–128 letters, digits, '_' or '+' (usually 26 lowercase "
            "letters and digits).")


def _check_region(
    region: str, pool_id: str | None, identity_pool_id: str | None, out: list[FieldProblem]
) -> None:
    pool_region = region_from_user_pool_id(pool_id)
    identity_region = region_from_identity_pool_id(identity_pool_id)
    if not region:
        if not pool_region:
            _problem(out, F.REGION, "error", C.REGION_MISSING,
                "The region is required (it is filled in from the user pool ID).")
        return
    if not is_region(region):
        _problem(out, F.REGION, "error", C.REGION_FORMAT,
            "A region looks like 'eu-west-1' or 'us-gov-west-1'.")
        return
    if pool_region and pool_region != region:
        _problem(out, F.REGION, "warning", C.REGION_NOT_POOL_REGION,
            f"The user pool ID says region {pool_region}, not {region}; "
            f"Cognito calls go to {pool_region}.")
    if identity_region and identity_region != region:
        _problem(out, F.REGION, "warning", C.REGION_NOT_IDENTITY_POOL_REGION,
            f"The identity pool ID says region {identity_region}, not {region}.")
    if pool_region and identity_region and pool_region != identity_region:
        _problem(out, F.IDENTITY_POOL_ID, "warning", C.IDENTITY_POOL_OTHER_REGION,
            f"The identity pool is in {identity_region} but the user pool is in {pool_region}; "
            "that works only if the identity pool trusts this user pool.")


def bucket_name_problems(bucket: str) -> list[str]:
    """S3 general-purpose bucket naming rules, each broken rule as a sentence."""
    problems: list[str] = []
    if not 3 <= len(bucket) <= 63:
        problems.append("A bucket name is 3 to 63 characters long.")
    if bucket != bucket.lower():
        problems.append("A bucket name uses lowercase letters only.")
    if not _BUCKET_CHARS_RE.match(bucket.lower()):
        problems.append(
            "A bucket name uses letters, digits, '.' and '-' only, and starts and ends with "
            "a letter or digit."
        )
    if ".." in bucket or ".-" in bucket or "-." in bucket:
        problems.append("A bucket name has no '..', '.-' or '-.'.")
    try:
        ipaddress.IPv4Address(bucket)
        problems.append("A bucket name must not look like an IP address.")
    except ValueError:
        pass
    for prefix in ("xn--", "sthree-", "amzn-s3-demo-"):
        if bucket.startswith(prefix):
            problems.append(f"A bucket name must not start with '{prefix}'.")
    for suffix in ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"):
        if bucket.endswith(suffix):
            problems.append(f"A bucket name must not end with '{suffix}'.")
    return problems


def _check_bucket(bucket: str, out: list[FieldProblem]) -> None:
    for message in bucket_name_problems(bucket):
        _problem(out, F.BUCKET, "error", C.BUCKET_NAME, message)


def _check_endpoint_url(url: str, out: list[FieldProblem]) -> None:
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError on a bad port
    except ValueError:
        _problem(out, F.ENDPOINT_URL, "error", C.ENDPOINT_INVALID,
            "The endpoint URL is not a valid URL.")
        return
    if parts.scheme not in ("http", "https") or not parts.hostname:
        _problem(out, F.ENDPOINT_URL, "error", C.ENDPOINT_SCHEME,
            "The endpoint URL starts with http:// or https:// and names a host, "
            "e.g. http://127.0.0.1:5000.")
        return
    del port
    if parts.username or parts.password:
        _problem(out, F.ENDPOINT_URL, "error", C.ENDPOINT_CREDENTIALS,
            "The endpoint URL must not contain a user or password.")
    if parts.query or parts.fragment:
        _problem(out, F.ENDPOINT_URL, "error", C.ENDPOINT_QUERY,
            "The endpoint URL must not have a '?query' or '#part'.")
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        _problem(out, F.ENDPOINT_URL, "warning", C.ENDPOINT_PLAIN_HTTP,
            "Plain http to another machine sends passwords and tokens unencrypted.")


def _is_loopback(host: str | None) -> bool:
    """The transport policy's notion of this machine (one definition for all checks)."""
    from tokenexplorer.cognito.transport_policy import is_loopback_host

    return is_loopback_host(host)


def is_loopback_http(endpoint_url: str | None) -> bool:
    """True for http://localhost… / http://127.x… / http://[::1]… (a local emulator).

    Only such endpoints may serve their JWKS over plain http."""
    if not endpoint_url:
        return False
    parts = urlsplit(endpoint_url)
    return parts.scheme == "http" and _is_loopback(parts.hostname)


def _check_hosted_ui_domain(domain: str, region: str | None, out: list[FieldProblem]) -> None:
    text = domain.strip()
    if is_loopback_http(text):  # an emulator's hosted UI: its full base URL
        return
    if "://" in text and not text.lower().startswith("https://"):
        _problem(out, F.HOSTED_UI_DOMAIN, "error", C.HOSTED_UI_NOT_HTTPS,
            "The hosted UI is served over https only.")
        return
    host = _domain_host(text)
    labels = host.split(".")
    if len(labels) < 2 or not all(_DOMAIN_LABEL_RE.match(label) for label in labels):
        _problem(out, F.HOSTED_UI_DOMAIN, "error", C.HOSTED_UI_FORMAT,
            "The hosted UI domain looks like 'myapp.auth.eu-west-1.amazoncognito.com' "
            "or 'auth.example.com'.")
        return
    if "://" in text:
        _problem(out, F.HOSTED_UI_DOMAIN, "warning", C.HOSTED_UI_SCHEME_GIVEN,
            "Only the domain is needed, without https://.")
    domain_region = region_from_hosted_ui_domain(host)
    if domain_region and region and domain_region != region:
        _problem(out, F.HOSTED_UI_DOMAIN, "warning", C.HOSTED_UI_OTHER_REGION,
            f"The hosted UI domain is in {domain_region}, the user pool in {region}.")


def validate_profile_fields(
    *,
    name: str | None = None,
    region: str | None = None,
    user_pool_id: str | None = None,
    client_id: str | None = None,
    identity_pool_id: str | None = None,
    bucket: str | None = None,
    hosted_ui_domain: str | None = None,
    endpoint_url: str | None = None,
) -> list[FieldProblem]:
    """Every problem with the given fields. A field passed as None is not checked at all;
    a required field passed as "" is reported as missing; optional fields may be ""."""
    out: list[FieldProblem] = []
    pool_id = user_pool_id.strip() if user_pool_id is not None else None
    identity = identity_pool_id.strip() if identity_pool_id else None
    if name is not None:
        _check_name(name, out)
    if pool_id is not None:
        _check_user_pool_id(pool_id, out)
    if client_id is not None:
        _check_client_id(client_id.strip(), out)
    if region is not None:
        _check_region(region.strip(), pool_id, identity, out)
    if identity:
        _check_identity_pool_id(identity, out)
    if bucket and bucket.strip():
        _check_bucket(bucket.strip(), out)
    if endpoint_url and endpoint_url.strip():
        _check_endpoint_url(endpoint_url.strip(), out)
    if hosted_ui_domain and hosted_ui_domain.strip():
        effective_region = region_from_user_pool_id(pool_id) or (region or "").strip() or None
        _check_hosted_ui_domain(hosted_ui_domain, effective_region, out)
    return out


def errors_only(problems: list[FieldProblem]) -> list[FieldProblem]:
    return [problem for problem in problems if problem.level == "error"]
