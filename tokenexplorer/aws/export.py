"""Credentials written for other programs: shell `export` lines, the credentials file, JSON.

Every value in them came from a server (or a profile file), so each format is written so
that no value can change its structure: shell values are single-quoted (a newline, `$()` or
a quote stays data when the output is `eval`ed), JSON is ASCII-only with every control
escaped, and the INI format refuses values that an INI reader could take for a new line,
key or section. What a format cannot hold (NUL in a shell string) is refused with a reason,
never dropped silently: a changed secret would be worse than none.
"""

from __future__ import annotations

import json
import re
import shlex
from datetime import UTC, datetime
from typing import Any

from tokenexplorer.tokens.safe_text import shorten, visible


class ExportError(ValueError):
    """A value that this format cannot carry safely; the message says which and why."""


_SURROGATE = re.compile("[\ud800-\udfff]")
# INI values: printable ASCII only, no spaces (configparser strips them; other readers
# treat ` ;`/` #` as comments) and no brackets (a section header in readers that ignore
# continuation lines).
_INI_VALUE = re.compile(r"[!-Z\\^-~]+", re.ASCII)
_INI_SECTION = re.compile(r"[\w.@+-]{1,64}")  # letters of any script, never a bracket


def _text(field: str, value: Any, *, nul: bool = False) -> str:
    """`value` as str, or ExportError when it is not text or holds what no format allows."""
    if not isinstance(value, str):
        raise ExportError(f"the {field} is not text ({type(value).__name__}); nothing was written")
    if _SURROGATE.search(value):
        raise ExportError(f"the {field} is not valid Unicode; nothing was written")
    if not nul and "\x00" in value:
        raise ExportError(f"the {field} contains a NUL character, which a shell or INI value "
                          "cannot hold; nothing was written")
    return value


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def comment(text: str) -> str:
    """Outside text for a `#` comment line: controls (newlines too) shown, never raw, and
    ASCII only (so the comment can be written in any locale)."""
    return ascii(shorten(text, 200))[1:-1]


def as_env(creds: Any, endpoint_url: str | None = None) -> str:
    """Shell `export` lines for the AWS CLI and SDKs (with the endpoint of an emulator).

    Safe for `eval "$(…)"` in sh, bash, dash and zsh: names are ours, values are quoted
    with POSIX single quotes, and the trailing comment has no line break in it."""
    aws = creds.credentials
    pairs = [
        ("AWS_ACCESS_KEY_ID", _text("access key ID", aws.access_key_id)),
        ("AWS_SECRET_ACCESS_KEY", _text("secret access key", aws.secret_access_key)),
        ("AWS_SESSION_TOKEN", _text("session token", aws.session_token or "")),
    ]
    if creds.region:
        pairs.append(("AWS_DEFAULT_REGION", _text("region", creds.region)))
    if endpoint_url:
        pairs.append(("AWS_ENDPOINT_URL", _text("endpoint URL", endpoint_url)))
    lines = [f"export {name}={shlex.quote(value)}" for name, value in pairs]
    identity = comment(_text("identity ID", creds.identity_id, nul=True))
    lines.append(f"# expires {_iso(creds.expiration)} (identity {identity}, "
                 f"{comment(str(creds.kind))})")
    return "\n".join(lines) + "\n"


def _ini_value(field: str, value: Any) -> str:
    text = _text(field, value)
    if not _INI_VALUE.fullmatch(text) or text.startswith(("#", ";")):
        raise ExportError(f"the {field} holds characters a credentials file cannot carry "
                          "safely (spaces, brackets or control characters); nothing was written")
    return text


def as_credentials_file(creds: Any, profile_name: str) -> str:
    """A `[profile_name]` section for ~/.aws/credentials; refuses what could inject lines."""
    if not _INI_SECTION.fullmatch(profile_name):
        raise ExportError(f"{visible(shorten(profile_name, 80))!r} cannot be a credentials-file "
                          "section name (letters, digits and - _ . @ + only)")
    aws = creds.credentials
    rows = [
        ("aws_access_key_id", _ini_value("access key ID", aws.access_key_id)),
        ("aws_secret_access_key", _ini_value("secret access key", aws.secret_access_key)),
    ]
    if aws.session_token:
        rows.append(("aws_session_token", _ini_value("session token", aws.session_token)))
    body = "".join(f"{key} = {value}\n" for key, value in rows)
    return f"# expires {_iso(creds.expiration)}\n[{profile_name}]\n{body}\n"


def as_process_json(creds: Any) -> dict[str, Any]:
    """The AWS CLI `credential_process` document (Version 1)."""
    aws = creds.credentials
    document: dict[str, Any] = {
        "Version": 1,
        "AccessKeyId": _text("access key ID", aws.access_key_id, nul=True),
        "SecretAccessKey": _text("secret access key", aws.secret_access_key, nul=True),
    }
    if aws.session_token:
        document["SessionToken"] = _text("session token", aws.session_token, nul=True)
    document["Expiration"] = _iso(creds.expiration)
    return document


def as_json(creds: Any) -> dict[str, Any]:
    """`tokenexplorer credentials --format json`: the identity and its credentials."""
    aws = creds.credentials
    token = aws.session_token
    return {
        "IdentityId": _text("identity ID", creds.identity_id, nul=True),
        "Kind": creds.kind,
        "AccessKeyId": _text("access key ID", aws.access_key_id, nul=True),
        "SecretAccessKey": _text("secret access key", aws.secret_access_key, nul=True),
        "SessionToken": None if token is None else _text("session token", token, nul=True),
        "Expiration": _iso(creds.expiration),
    }


def dumps(document: Any, indent: int | None = 2) -> str:
    """JSON for machines: ASCII only, so controls, C1 and bidi characters are all escaped
    (valid JSON in any locale, nothing raw reaches a terminal)."""
    return json.dumps(document, indent=indent, ensure_ascii=True) + "\n"
