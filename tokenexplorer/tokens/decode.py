"""Decode a compact JWS (3 parts) or JWE (5 parts) without verifying anything.

Every failure is a TokenDecodeError naming the segment and the problem; nothing else
escapes, whatever the input. Decoding is pure: no network, no keys, no cryptography import.

`unverified_claims` is the one way to read a JWT's claims without checking its signature
(our own fresh tokens, e.g. to name the signed-in user): it uses this same strict decoder.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any

from tokenexplorer.tokens.model import DecodedToken, Segment, TokenDecodeError, TokenKind
from tokenexplorer.tokens.safe_text import visible

JWS_PARTS = ("header", "payload", "signature")
JWE_PARTS = ("header", "encrypted_key", "iv", "ciphertext", "tag")

_NOT_BASE64URL = re.compile(r"[^A-Za-z0-9_-]")
_URLSAFE = bytes.maketrans(b"-_", b"+/")


def _b64url_decode(text: str, segment: str) -> bytes:
    """Strict base64url (RFC 7515 §2): the URL-safe alphabet, no padding needed."""
    stripped = text.rstrip("=")
    bad = _NOT_BASE64URL.search(stripped)
    if bad:
        char = visible(bad.group())
        if bad.group() in "+/":
            hint = " ('+' and '/' belong to standard base64, not base64url)"
        elif bad.group().isspace():
            hint = " (whitespace inside the token)"
        else:
            hint = ""
        raise TokenDecodeError(
            segment, f"not valid base64url: character {char!r} at position {bad.start()}{hint}"
        )
    if len(stripped) % 4 == 1:
        raise TokenDecodeError(
            segment, f"not valid base64url: {len(stripped)} characters cannot encode whole bytes"
        )
    try:
        data = stripped.encode("ascii") + b"=" * (-len(stripped) % 4)
        return base64.b64decode(data.translate(_URLSAFE), validate=True)
    except (binascii.Error, ValueError) as error:  # pragma: no cover - excluded by the checks
        raise TokenDecodeError(segment, f"not valid base64url ({error})") from None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"the number {text[:40]} is too large")
    return value


def _json_object(data: bytes, segment: str, duplicates: list[str]) -> dict[str, Any]:
    """The segment's bytes as a JSON object, or a TokenDecodeError saying what is wrong.

    Names repeated within one object are appended to `duplicates` (the last value wins).
    """

    def pairs_to_dict(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            seen: set[str] = set()
            for name, _ in pairs:
                if name in seen and f"{segment}: {name}" not in duplicates:
                    duplicates.append(f"{segment}: {name}")
                seen.add(name)
        return result

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise TokenDecodeError(
            segment, f"not UTF-8 text: invalid byte 0x{data[error.start]:02x} at byte {error.start}"
        ) from None
    try:
        value = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float,
                           object_pairs_hook=pairs_to_dict)
    except json.JSONDecodeError as error:
        raise TokenDecodeError(
            segment, f"not JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise TokenDecodeError(segment, "not usable JSON: nested too deeply") from None
    except ValueError as error:  # NaN/Infinity, or an integer too long to convert
        raise TokenDecodeError(segment, f"not usable JSON: {visible(str(error))}") from None
    if not isinstance(value, dict):
        subject = "the claims are" if segment == "payload" else f"the {segment} is"
        raise TokenDecodeError(
            segment, f"{subject} not a JSON object (found {_json_type(value)})"
        )
    return value


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    return {list: "an array", str: "a string", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


def _segments(raw: str, offset: int, parts: list[str], names: tuple[str, ...]) -> tuple:
    segments = []
    position = offset
    for name, part in zip(names, parts, strict=True):
        segments.append(Segment(name, position, position + len(part)))
        position += len(part) + 1
    return tuple(segments)


def _looks_like_cognito_refresh(header: dict[str, Any]) -> bool:
    return (
        header.get("cty") == "JWT"
        and header.get("alg") == "RSA-OAEP"
        and header.get("enc") == "A256GCM"
    )


def decode(raw: str, source: str = "input") -> DecodedToken:
    """Decode `raw` (a compact JWT/JWE); raises TokenDecodeError naming segment and problem."""
    if not isinstance(raw, str):
        raise TokenDecodeError(None, "the token is not text")
    token = raw.strip()
    if not token:
        raise TokenDecodeError(None, "empty: there is no token to decode")
    offset = raw.find(token)
    parts = token.split(".")
    if len(parts) not in (3, 5):
        raise TokenDecodeError(
            None,
            f"wrong number of parts: found {len(parts)} dot-separated part"
            f"{'s' if len(parts) != 1 else ''}; a signed JWT has 3, an encrypted JWE has 5",
        )
    if not parts[0]:
        raise TokenDecodeError("header", "empty: the token starts with a dot")
    duplicates: list[str] = []
    header = _json_object(_b64url_decode(parts[0], "header"), "header", duplicates)

    if len(parts) == 5:
        for name, part in zip(JWE_PARTS[1:], parts[1:], strict=True):
            _b64url_decode(part, name)  # validate; the content is encrypted
        kind = TokenKind.REFRESH if _looks_like_cognito_refresh(header) else TokenKind.JWE
        return DecodedToken(
            raw=raw,
            kind=kind,
            encrypted=True,
            header=header,
            payload=None,
            signature=b"",
            signing_input=b"",
            segments=_segments(raw, offset, parts, JWE_PARTS),
            source=source,
            duplicate_names=tuple(duplicates),
        )

    payload = _json_object(_b64url_decode(parts[1], "payload"), "payload", duplicates)
    signature = _b64url_decode(parts[2], "signature")
    token_use = payload.get("token_use")
    kind = {"id": TokenKind.ID, "access": TokenKind.ACCESS}.get(
        token_use if isinstance(token_use, str) else "", TokenKind.JWT
    )
    return DecodedToken(
        raw=raw,
        kind=kind,
        encrypted=False,
        header=header,
        payload=payload,
        signature=signature,
        signing_input=f"{parts[0]}.{parts[1]}".encode("ascii"),
        segments=_segments(raw, offset, parts, JWS_PARTS),
        source=source,
        duplicate_names=tuple(duplicates),
    )


def unverified_claims(raw: str) -> dict[str, Any] | None:
    """The payload claims of a compact JWS, NOT verified; None when unreadable or encrypted.

    Only for tokens this app just received from its own sign-in (to read `sub` or the
    username): whatever a claim says here is not proven. To trust a token, verify it."""
    if not isinstance(raw, str):
        return None
    try:
        return decode(raw).payload
    except TokenDecodeError:
        return None
