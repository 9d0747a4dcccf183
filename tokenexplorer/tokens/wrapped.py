"""Tokens cut across lines: whitespace-separated pieces that together form exactly one token.

Mail clients, terminals, chat windows and log viewers break long tokens into lines of any
width: an indented block, a short first line after a label, a ragged last line. A run of
pieces is joined when the joined text is one token: its header decodes (and says JWS or
JWE), the signed payload decodes, and the last part has a length its algorithm can have,
so neither the next token nor the words after it are glued on.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from typing import Any

_WORD = re.compile(r"\S+")
# A piece, with closing punctuation after it ("…sig\","): the punctuation ends the token.
_PIECE = re.compile(r"([A-Za-z0-9_.-]+)([\"'`”’),;\]}>]*)")
# The first piece may be glued to a label: "id_token:eyJ…", "token=eyJ…", "(eyJ…".
_GLUED_START = re.compile(
    r"(?:^|[^A-Za-z0-9_.-])(eyJ[A-Za-z0-9_.-]*|ey|e)(?:[\"'`”’),;\]}>]*)$")
MAX_HEADER_CHARS = 4_096  # a header is a few dozen bytes: longer means this is no token
MAX_TOKEN_CHARS = 64_000
MAX_FINAL_CHARS = 1_400  # an RSA-8192 signature is 1366 characters
MAX_STARTS = 2_000  # "eyJ" words tried per text: bounds the work on hostile input

# The byte lengths a signature (JWS) or an authentication tag (JWE) can have.
_SIGNATURE_BYTES = {"HS256": {32}, "HS384": {48}, "HS512": {64}, "ES256": {64},
                    "ES256K": {64}, "ES384": {96}, "ES512": {132}, "EdDSA": {64, 114},
                    "Ed25519": {64}, "Ed448": {114}}
_RSA_BYTES = {128, 256, 384, 512, 768, 1024}
_TAG_BYTES = {"A128GCM": {16}, "A192GCM": {16}, "A256GCM": {16}, "A128CBC-HS256": {16},
              "A192CBC-HS384": {24}, "A256CBC-HS512": {32}}


@dataclass(frozen=True)
class Joined:
    raw: str
    start: int  # offsets of the joined span in the text
    end: int
    pieces: int


def joined_tokens(text: str) -> list[Joined]:
    """Every token in `text` found by joining pieces (single pieces are included too)."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    found: list[Joined] = []
    index, starts = 0, 0
    while index < len(words) and starts < MAX_STARTS:
        if not _may_start(words, index):
            index += 1
            continue
        starts += 1
        joined, last = _join_from(words, index)
        if joined is None:
            index += 1
            continue
        found.append(joined)
        index = last + 1
    return found


def _may_start(words: list[tuple[int, int, str]], index: int) -> bool:
    """Whether a token may begin in words[index]: its first piece, with the next pieces
    when the wrap is very narrow ("e", "yJ…"), begins with eyJ."""
    first = _first_piece(words[index][2])
    if first is None:
        return False
    head = first[0] + "".join(w for _, _, w in words[index + 1:index + 3])
    return head.startswith("eyJ")


def _first_piece(word: str) -> tuple[str, int, bool] | None:
    """(piece, its offset in the word, ends the token?) for the word a token may start in."""
    match = _PIECE.fullmatch(word)
    if match and (match.group(1).startswith("eyJ") or len(match.group(1)) < 3):
        return match.group(1), 0, bool(match.group(2))
    glued = _GLUED_START.search(word)
    if glued is None:
        return None
    return glued.group(1), glued.start(1), glued.end(1) < len(word)


def _join_from(words: list[tuple[int, int, str]], index: int) -> tuple[Joined | None, int]:
    """The token starting in words[index], and the index of the last word it uses."""
    first = _first_piece(words[index][2])
    if first is None:
        return None, index
    piece, offset, closed = first
    pieces = [piece]
    spans = [(words[index][0] + offset, words[index][0] + offset + len(piece))]
    length, dots = len(piece), piece.count(".")
    ends: list[int] = []  # numbers of pieces after which the token may end
    header: dict[str, Any] | None = None
    expected_dots = 4
    position = index
    while True:
        if header is None and dots:
            header = _json_part("".join(pieces).split(".", 1)[0])
            if header is None:
                return None, index
            expected_dots = 4 if "enc" in header else 2
            if dots > expected_dots:
                return None, index
        if dots == expected_dots:
            ends.append(len(pieces))
        if closed or position + 1 >= len(words) or length > MAX_TOKEN_CHARS:
            break
        if header is None and length > MAX_HEADER_CHARS:
            return None, index
        match = _PIECE.fullmatch(words[position + 1][2])
        if match is None:
            break
        following = match.group(1)
        if dots == expected_dots and (following.startswith("eyJ") or len(
                "".join(pieces).rsplit(".", 1)[1]) > MAX_FINAL_CHARS):
            break  # the next token begins, or this is no signature
        if dots + following.count(".") > expected_dots:
            break
        position += 1
        pieces.append(following)
        spans.append((words[position][0], words[position][0] + len(following)))
        length += len(following)
        dots += following.count(".")
        closed = bool(match.group(2))
    if header is None or not ends:
        return None, index
    used = _choose(pieces, ends, header)
    return Joined("".join(pieces[:used]), spans[0][0], spans[used - 1][1], used), \
        index + used - 1


def _choose(pieces: list[str], ends: list[int], header: dict[str, Any]) -> int:
    """The longest ending whose last part has a length the algorithm allows; else the
    longest (the decoder then says what is wrong)."""
    allowed = _allowed_final_bytes(header)
    fitting = []
    for end in ends:
        final = "".join(pieces[:end]).rsplit(".", 1)[1]
        if len(final) % 4 == 1:
            continue
        if allowed is None or len(final) * 3 // 4 in allowed:
            fitting.append(end)
    if fitting:
        return fitting[-1]
    return ends[-1]


def _allowed_final_bytes(header: dict[str, Any]) -> set[int] | None:
    if "enc" in header:
        return _TAG_BYTES.get(header["enc"], {16, 24, 32}) if isinstance(header["enc"], str) \
            else None
    alg = header.get("alg")
    if not isinstance(alg, str):
        return None
    if alg.lower() == "none":
        return {0}
    if alg[:2] in ("RS", "PS"):
        return _RSA_BYTES
    return _SIGNATURE_BYTES.get(alg)


def _json_part(part: str) -> dict[str, Any] | None:
    """A base64url part as a JSON object, or None."""
    if not part or len(part) % 4 == 1:
        return None
    try:
        data = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        value = json.loads(data.decode("utf-8"))
    except (binascii.Error, ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None
