"""Import a profile from an Amplify configuration file.

Understood: `aws-exports.js` (Gen 1, also the Amplify v6 `{Auth: {Cognito: …}}` shape),
`amplifyconfiguration.json` (the flat web form and the native `auth.plugins` form) and
`amplify_outputs.json` (Gen 2). The JavaScript file is never executed: the object literal
after `=` / `export default` is read by a small literal parser.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tokenexplorer.cognito import ids
from tokenexplorer.cognito.profiles import Profile, normalised
from tokenexplorer.explained import ExplainedError

MAX_FILE_BYTES = 2_000_000


class AmplifyImportError(ExplainedError, ValueError):
    """The file cannot be turned into a profile; the message says why, naming the file."""

    def __init__(self, message: str) -> None:
        super().__init__("AmplifyImport", message)


@dataclass
class AmplifyImport:
    profile: Profile
    client_secret: str | None = None  # present only in some native configs; store in keyring
    notes: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        secret = "<set>" if self.client_secret else None
        return f"AmplifyImport({self.profile!r}, client_secret={secret}, notes={self.notes})"


# ------------------------------------------------------------ JavaScript object literals

_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+|//[^\n]*|/\*.*?\*/)
  | (?P<str>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\$]|\\.)*`)
  | (?P<num>-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<ident>[A-Za-z_$][\w$]*)
  | (?P<punct>[{}\[\]:,])
    """,
    re.VERBOSE | re.DOTALL | re.ASCII,
)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _unquote(literal: str) -> str:
    body = literal[1:-1]

    def replace(match: re.Match[str]) -> str:
        char = match.group(1)
        if char.startswith("u"):
            return chr(int(char[1:], 16))
        return _ESCAPES.get(char, char)

    text = re.sub(r"\\(u[0-9a-fA-F]{4}|.)", replace, body, flags=re.DOTALL)
    try:  # join UTF-16 surrogate pairs written as two \u escapes
        return text.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeDecodeError:
        return text


class _LiteralParser:
    """Objects, arrays, strings, numbers, true/false/null; anything else is an error."""

    def __init__(self, text: str, start: int) -> None:
        self.text = text
        self.pos = start

    def _next(self) -> tuple[str, str]:
        while True:
            match = _TOKEN_RE.match(self.text, self.pos)
            if not match:
                raise ValueError(f"unexpected text at character {self.pos}")
            self.pos = match.end()
            kind = match.lastgroup or ""
            if kind != "ws":
                return kind, match.group()

    def _peek(self) -> tuple[str, str]:
        saved = self.pos
        token = self._next()
        self.pos = saved
        return token

    def value(self) -> Any:
        kind, text = self._next()
        if text == "{":
            return self._object()
        if text == "[":
            return self._array()
        if kind == "str":
            return _unquote(text)
        if kind == "num":
            return float(text) if any(c in text for c in ".eE") else int(text)
        if kind == "ident" and text in ("true", "false", "null", "undefined"):
            return {"true": True, "false": False}.get(text)
        raise ValueError(f"unsupported value {text[:40]!r} (only plain literals are read)")

    def _object(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        while True:
            kind, text = self._next()
            if text == "}":
                return result
            if kind not in ("str", "ident", "num"):
                raise ValueError(f"expected a key, found {text[:40]!r}")
            key = _unquote(text) if kind == "str" else text
            if self._next()[1] != ":":
                raise ValueError(f"expected ':' after {key!r}")
            result[key] = self.value()
            separator = self._next()[1]
            if separator == "}":
                return result
            if separator != ",":
                raise ValueError(f"expected ',' or '}}' after the value of {key!r}")

    def _array(self) -> list[Any]:
        result: list[Any] = []
        while True:
            if self._peek()[1] == "]":
                self._next()
                return result
            result.append(self.value())
            separator = self._next()[1]
            if separator == "]":
                return result
            if separator != ",":
                raise ValueError("expected ',' or ']' in a list")


def parse_js_config(text: str) -> dict[str, Any]:
    """The object literal assigned or exported in an aws-exports.js file."""
    match = re.search(r"(?:=|export\s+default|module\.exports\s*=)\s*\{", text)
    if not match:
        raise ValueError("no object literal ('const awsmobile = {…}') was found")
    parser = _LiteralParser(text, match.end() - 1)
    result = parser.value()
    if not isinstance(result, dict):
        raise ValueError("the configuration is not an object")
    return result


# ------------------------------------------------------------ the known shapes


def _dig(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _from_outputs(data: dict[str, Any]) -> dict[str, Any]:
    """amplify_outputs.json (Gen 2)."""
    auth = data.get("auth") or {}
    storage = data.get("storage") or {}
    bucket = _text(storage.get("bucket_name"))
    if not bucket and isinstance(storage.get("buckets"), list) and storage["buckets"]:
        bucket = _text(storage["buckets"][0].get("bucket_name"))
    return {
        "region": _text(auth.get("aws_region")),
        "user_pool_id": _text(auth.get("user_pool_id")),
        "client_id": _text(auth.get("user_pool_client_id")),
        "identity_pool_id": _text(auth.get("identity_pool_id")),
        "hosted_ui_domain": _text(_dig(auth, "oauth", "domain")),
        "bucket": bucket,
    }


def _from_native(data: dict[str, Any]) -> dict[str, Any]:
    """amplifyconfiguration.json as written for Android/iOS/Flutter."""
    plugin = _dig(data, "auth", "plugins", "awsCognitoAuthPlugin") or {}
    pool = _dig(plugin, "CognitoUserPool", "Default") or {}
    identity = _dig(plugin, "CredentialsProvider", "CognitoIdentity", "Default") or {}
    s3 = _dig(data, "storage", "plugins", "awsS3StoragePlugin") or {}
    return {
        "region": _text(pool.get("Region")),
        "user_pool_id": _text(pool.get("PoolId")),
        "client_id": _text(pool.get("AppClientId")),
        "client_secret": _text(pool.get("AppClientSecret")),
        "identity_pool_id": _text(identity.get("PoolId")),
        "hosted_ui_domain": _text(_dig(plugin, "Auth", "Default", "OAuth", "WebDomain")),
        "bucket": _text(s3.get("bucket")),
    }


def _from_v6(data: dict[str, Any]) -> dict[str, Any]:
    """Amplify JS v6 ResourcesConfig: {Auth: {Cognito: …}, Storage: {S3: …}}."""
    cognito = _dig(data, "Auth", "Cognito") or {}
    return {
        "region": None,
        "user_pool_id": _text(cognito.get("userPoolId")),
        "client_id": _text(cognito.get("userPoolClientId")),
        "identity_pool_id": _text(cognito.get("identityPoolId")),
        "hosted_ui_domain": _text(_dig(cognito, "loginWith", "oauth", "domain")),
        "bucket": _text(_dig(data, "Storage", "S3", "bucket")),
    }


def _from_flat(data: dict[str, Any]) -> dict[str, Any]:
    """aws-exports.js / web amplifyconfiguration.json (Gen 1)."""
    return {
        "region": _text(data.get("aws_cognito_region")) or _text(data.get("aws_project_region")),
        "user_pool_id": _text(data.get("aws_user_pools_id")),
        "client_id": _text(data.get("aws_user_pools_web_client_id")),
        "identity_pool_id": _text(data.get("aws_cognito_identity_pool_id")),
        "hosted_ui_domain": _text(_dig(data, "oauth", "domain")),
        "bucket": _text(data.get("aws_user_files_s3_bucket")),
    }


def _fields_from(data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    if isinstance(data.get("auth"), dict) and "user_pool_id" in data["auth"]:
        return "amplify_outputs.json (Gen 2)", _from_outputs(data)
    if _dig(data, "auth", "plugins") is not None:
        return "amplifyconfiguration.json (native)", _from_native(data)
    if _dig(data, "Auth", "Cognito") is not None:
        return "Amplify v6 configuration", _from_v6(data)
    if "aws_user_pools_id" in data:
        return "aws-exports (Gen 1)", _from_flat(data)
    raise ValueError("it holds no Cognito user pool settings that Token Explorer knows")


def read_amplify_config(path: Path) -> dict[str, Any]:
    """The parsed document (JSON or the JS literal), or AmplifyImportError."""
    try:
        with path.open("rb") as handle:  # at most the limit, whatever st_size says (/dev/zero)
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise AmplifyImportError(f"{path.name}: the file is too large to be an Amplify config")
        text = data.decode("utf-8-sig")
    except OSError as exc:
        raise AmplifyImportError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise AmplifyImportError(f"{path.name}: not a UTF-8 text file") from None
    stripped = text.lstrip()
    try:
        config: object = json.loads(text) if stripped.startswith("{") else parse_js_config(text)
    except ValueError as exc:
        raise AmplifyImportError(f"{path.name}: cannot be read as a configuration: {exc}") from None
    except RecursionError:
        raise AmplifyImportError(f"{path.name}: nested too deeply for an Amplify config") from None
    if not isinstance(config, dict):
        raise AmplifyImportError(f"{path.name}: the configuration is not an object")
    return config


def import_amplify_config(path: Path, name: str) -> AmplifyImport:
    """A profile named `name` from the Amplify file at `path` (not yet saved)."""
    data = read_amplify_config(path)
    try:
        kind, found = _fields_from(data)
    except ValueError as exc:
        raise AmplifyImportError(f"{path.name}: {exc}") from None
    missing = [key for key in ("user_pool_id", "client_id") if not found.get(key)]
    if missing:
        labels = {"user_pool_id": "user pool ID", "client_id": "app client ID"}
        raise AmplifyImportError(
            f"{path.name} ({kind}) has no {' and no '.join(labels[key] for key in missing)}."
        )
    notes = [f"Read as {kind}."]
    region = found.get("region") or ids.region_from_user_pool_id(found["user_pool_id"]) or ""
    profile = normalised(
        Profile(
            name=name,
            region=region,
            user_pool_id=found["user_pool_id"],
            client_id=found["client_id"],
            identity_pool_id=found.get("identity_pool_id"),
            bucket=found.get("bucket"),
            hosted_ui_domain=found.get("hosted_ui_domain"),
        )
    )
    secret = found.get("client_secret")
    if secret:
        profile.has_client_secret = True
        notes.append("The file holds a client secret: it will be kept in the keyring only.")
    for problem in profile.problems():
        notes.append(f"{problem.level}: {problem.field}: {problem.message}")
    return AmplifyImport(profile=profile, client_secret=secret, notes=notes)
