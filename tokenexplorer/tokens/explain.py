"""The claims tree: header, payload and signature explained row by row for the UI and CLI.

The core decides every word shown (meaning, human times, warnings); the UI only renders the
TreeNodes. Values are made visible-safe and long ones shortened (raw keeps the full value).
"""

from __future__ import annotations

import json
import math
import time
from itertools import islice
from typing import TYPE_CHECKING, Any

from tokenexplorer.tokens import catalogue
from tokenexplorer.tokens.model import DecodedToken, Severity, TreeNode
from tokenexplorer.tokens.safe_text import shorten, visible
from tokenexplorer.tokens.times import (
    format_local,
    format_utc,
    humanize_delta,
    is_past,
    relative,
)

if TYPE_CHECKING:
    from typing_extensions import TypeIs

MAX_VALUE_CHARS = 2000
MAX_CHILDREN = 500  # rows per object/array; the rest summarised (a 2 MB array stays usable)


def display_value(value: Any) -> str:
    """A JSON value as one safe line: strings unquoted, containers summarised."""
    if isinstance(value, str):
        return visible(shorten(value, MAX_VALUE_CHARS))
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float):
        return visible(shorten(_number_text(value), MAX_VALUE_CHARS))
    if isinstance(value, dict):
        return f"{{…}} {len(value)} key{'s' if len(value) != 1 else ''}"
    if isinstance(value, list):
        return f"[…] {len(value)} item{'s' if len(value) != 1 else ''}"
    return visible(shorten(str(value), MAX_VALUE_CHARS))


def _number_text(value: int | float) -> str:
    try:
        return str(value)
    except ValueError:  # an int beyond the str conversion limit
        digits = value.bit_length() if isinstance(value, int) else 0  # a float always converts
        return f"a number of about {digits * 0.30103:.0f} digits"


def _nested(value: Any, segment: str, depth: int = 0) -> tuple[TreeNode, ...]:
    if depth > 30 or not isinstance(value, dict | list):
        return ()
    if isinstance(value, dict):
        items = ((str(key), item) for key, item in value.items())
    else:
        items = ((f"[{index}]", item) for index, item in enumerate(value))
    rows = [
        TreeNode(name=visible(shorten(key, 200)), value=display_value(item), raw=item,
                 segment=segment, children=_nested(item, segment, depth + 1))
        for key, item in islice(items, MAX_CHILDREN)
    ]
    if len(value) > MAX_CHILDREN:
        rows.append(TreeNode(name="…", value=f"{len(value) - MAX_CHILDREN} more not shown",
                             meaning="Too many to list: copy the segment as JSON to see all.",
                             segment=segment))
    return tuple(rows)


def _is_number(value: object) -> TypeIs[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _time_rows(ts: float, now: float, claim: str, segment: str) -> tuple[TreeNode, ...]:
    return (
        TreeNode("UTC", format_utc(ts), segment=segment),
        TreeNode("Local time", format_local(ts), segment=segment),
        TreeNode("Relative", relative(ts, now, claim), segment=segment),
    )


def lifetime_text(payload: dict[str, Any]) -> str | None:
    """'3600 s (1 h)' for exp − iat, or None when either is missing or not a number."""
    exp, iat = payload.get("exp"), payload.get("iat")
    if not (_is_number(exp) and _is_number(iat)):
        return None
    try:
        seconds = exp - iat
        if not math.isfinite(seconds):
            return None
    except (OverflowError, ValueError):
        return None
    shown = f"{seconds:g}" if isinstance(seconds, float) else str(seconds)
    if len(shown) > 40:
        return "too large to show"
    suffix = " (negative: expires before it was issued)" if seconds < 0 else ""
    return f"{shown} s ({humanize_delta(seconds)}){suffix}"


def _claim_node(name: str, value: Any, payload: dict[str, Any], now: float) -> TreeNode:
    entry = catalogue.claim(name)
    segment = "payload"
    if entry is None:
        return TreeNode(
            name=visible(shorten(name, 200)), value=display_value(value),
            meaning=catalogue.note("unknown_claim"), raw=value, segment=segment,
            children=_nested(value, segment),
        )
    meaning = entry.description
    flag: Severity | None = None
    why = ""
    children = _nested(value, segment)
    shown = display_value(value)
    if entry.kind == "time":
        if _is_number(value):
            children = _time_rows(value, now, name, segment)
            meaning = f"{meaning} {format_utc(value)}; {relative(value, now, name)}."
            shown = f"{shown} ({format_utc(value)})"
            if name == "exp":
                lifetime = lifetime_text(payload)
                if lifetime:
                    meaning = f"{meaning} Lifetime (exp − iat): {lifetime}."
                    children = (*children, TreeNode(
                        "Lifetime (exp − iat)", lifetime, catalogue.note("lifetime"),
                        segment=segment,
                    ))
                if is_past(value, now):
                    flag, why = Severity.WARNING, f"the token has {relative(value, now, name)}."
        else:
            why = (f"Not a number: {name} must be seconds since 1970-01-01 UTC "
                   f"(a NumericDate), but this is {_json_kind(value)}.")
            flag, meaning = Severity.ERROR, f"{why} {meaning}"
    elif name == "scope" and isinstance(value, str) and " " in value.strip():
        children = tuple(TreeNode(f"[{i}]", display_value(item), raw=item, segment=segment)
                         for i, item in enumerate(value.split()[:MAX_CHILDREN]))
    elif name == "iss":
        from tokenexplorer.tokens.jwks import cognito_jwks_url

        url = cognito_jwks_url(value)
        if url:
            children = (TreeNode("Signing keys (JWKS)", url, "Where Cognito publishes the "
                                 "public keys that verify this pool's tokens.", link=url,
                                 segment=segment),)
        elif isinstance(value, str) and value.startswith("https://cognito-idp."):
            why = ("Looks like Cognito but is not exactly https://cognito-idp.{region}"
                   ".amazonaws.com/{region}_{id}: no keys will be fetched for it.")
            flag, meaning = Severity.WARNING, f"{why} {meaning}"
    return TreeNode(
        name=visible(shorten(name, 200)), value=shown, meaning=meaning, link=entry.url, raw=value,
        segment=segment, flag=flag, why=why, children=children,
    )


def _json_kind(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    kinds: dict[type, str] = {str: "a string", list: "an array", dict: "an object"}
    return kinds.get(type(value), "not a number")


def _header_node(name: str, value: Any, token: DecodedToken) -> TreeNode:
    entry = catalogue.header(name, encrypted=token.encrypted)
    segment = "header"
    if entry is None:
        return TreeNode(
            name=visible(shorten(name, 200)), value=display_value(value),
            meaning=catalogue.note("unknown_header"), raw=value, segment=segment,
            children=_nested(value, segment),
        )
    why = ""
    if entry.risk:
        why = _first_sentence(f"Risk: {entry.risk} {entry.description}")
    elif name == "alg" and isinstance(value, str) and value.lower() == "none":
        why = "Unsecured: this token has no signature, never accept it."
    elif name == "crit":
        why = "Flagged: Token Explorer understands none of these extensions."
    meaning = f"Risk: {entry.risk} {entry.description}" if entry.risk else \
        f"{why} {entry.description}" if why else entry.description
    return TreeNode(
        name=visible(name), value=display_value(value), meaning=meaning, link=entry.url,
        raw=value, segment=segment, flag=Severity.WARNING if why else None, why=why,
        children=_nested(value, segment),
    )


def _first_sentence(text: str) -> str:
    end = text.find(". ")
    return text if end < 0 else text[:end + 1]


def _segment_length(token: DecodedToken, name: str) -> int:
    for segment in token.segments:
        if segment.name == name:
            return segment.end - segment.start
    return 0


def _signature_node(token: DecodedToken) -> TreeNode:
    entry = catalogue.note("signature")
    alg = token.header.get("alg")
    alg_text = display_value(alg) if alg is not None else "(no alg)"
    if token.encrypted:
        tag_bytes = _segment_length(token, "tag") * 3 // 4
        return TreeNode(
            name="Signature", value="none (encrypted, not signed)",
            meaning=("A JWE is not signed: its integrity comes from the encryption's "
                     f"authentication tag ({tag_bytes} bytes), checkable only with the key."),
            link=entry.url, segment="tag",
        )
    length = len(token.signature)
    unsecured = isinstance(alg, str) and alg.lower() == "none"
    rows = (
        TreeNode("Algorithm", alg_text, segment="signature", raw=alg,
                 flag=Severity.WARNING if unsecured else None),
        TreeNode("Length", f"{length} bytes", segment="signature", raw=length),
    )
    if unsecured or not length:
        value = "none: the token is unsecured" if unsecured else "empty"
    else:
        value = f"{length} bytes ({alg_text})"
    return TreeNode(
        name="Signature", value=value, meaning=entry.description, link=entry.url,
        segment="signature", flag=Severity.WARNING if unsecured or not length else None,
        why=_first_sentence(entry.description) if unsecured or not length else "",
        children=rows,
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def build_tree(token: DecodedToken, now: float | None = None) -> tuple[TreeNode, ...]:
    """Top-level rows: Header, Payload (or Encrypted content for a JWE), Signature."""
    now = time.time() if now is None else now
    header_rows = tuple(_header_node(str(k), v, token) for k, v in token.header.items())
    header = TreeNode(
        name="Header", value=_count(len(token.header), "parameter"),
        meaning="How the token is protected: algorithm, key ID and type.",
        raw=token.header, segment="header", children=header_rows,
    )
    if token.encrypted or token.payload is None:
        entry = catalogue.note("encrypted")
        size = _segment_length(token, "ciphertext") * 3 // 4
        middle = TreeNode(
            name="Encrypted content", value=f"{size} bytes, encrypted",
            meaning=entry.description, link=entry.url, segment="ciphertext",
        )
    else:
        payload = token.payload
        middle = TreeNode(
            name="Payload", value=_count(len(payload), "claim"),
            meaning="The claims: what the issuer states about the user and the token.",
            raw=payload, segment="payload",
            children=tuple(_claim_node(str(k), v, payload, now) for k, v in payload.items()),
        )
    return header, middle, _signature_node(token)
