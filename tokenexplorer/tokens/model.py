"""The vocabulary shared by the token core, the CLI and the UI.

Plain data: the core fills these in, the CLI prints them, the UI renders them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class TokenKind(StrEnum):
    """What a token is, judged by its content (not by the field it came from)."""

    ID = "id"
    ACCESS = "access"
    REFRESH = "refresh"  # a 5-part JWE such as Cognito's refresh token
    JWT = "jwt"  # a signed JWT that is neither a Cognito ID nor access token
    JWE = "jwe"  # encrypted, not recognisably a refresh token

    @property
    def label(self) -> str:
        return {
            TokenKind.ID: "ID token",
            TokenKind.ACCESS: "Access token",
            TokenKind.REFRESH: "Refresh token (encrypted)",
            TokenKind.JWT: "JWT",
            TokenKind.JWE: "Encrypted token (JWE)",
        }[self]


@dataclass(frozen=True)
class Candidate:
    """A token-shaped string found in the user's input."""

    raw: str  # the compact serialisation, cleaned of wrapping, quotes, "Bearer "
    source: str  # where it came from, for people: "IdToken field", "URL fragment id_token"


@dataclass(frozen=True)
class FindResult:
    candidates: list[Candidate]
    notices: list[str] = field(default_factory=list)  # e.g. "?code= is an authorization code"
    problem: str | None = None  # why nothing token-like was found


@dataclass(frozen=True)
class Segment:
    """One dot-separated part of the raw token, for colouring and linking to the tree."""

    name: str  # "header", "payload", "signature", "encrypted_key", "iv", "ciphertext", "tag"
    start: int
    end: int


class TokenDecodeError(ValueError):
    """Names the segment and the problem: 'payload: not valid base64url (…)'."""

    def __init__(self, segment: str | None, problem: str) -> None:
        self.segment = segment
        self.problem = problem
        super().__init__(f"{segment}: {problem}" if segment else problem)


@dataclass(frozen=True)
class DecodedToken:
    raw: str
    kind: TokenKind
    encrypted: bool  # True for a 5-part JWE: only the header is readable
    header: dict[str, Any]
    payload: dict[str, Any] | None  # None when encrypted
    signature: bytes  # empty for JWE / unsecured
    signing_input: bytes  # b"header.payload" as sent
    segments: tuple[Segment, ...]
    source: str = "input"
    # Names that appear twice in one JSON object of the header/payload: the last value is
    # used, but another parser may take the first (a classic way to fool one verifier).
    duplicate_names: tuple[str, ...] = ()


class SignatureStatus(StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    KEY_NOT_FOUND = "key not found"
    UNSECURED = "unsecured"
    NOT_CHECKED = "not checked"
    UNSUPPORTED_ALGORITHM = "unsupported algorithm"


# Every failed verification: keys were at hand and none fits, or the token is malformed.
# "not checked" (no key available, a JWE, verification turned off) is no failure.
FAILED_STATUSES = frozenset({SignatureStatus.INVALID, SignatureStatus.UNSECURED,
                             SignatureStatus.KEY_NOT_FOUND, SignatureStatus.UNSUPPORTED_ALGORITHM})


@dataclass(frozen=True)
class SignatureResult:
    status: SignatureStatus
    reason: str  # one line for people
    key_source: str | None = None  # "Cognito JWKS for us-east-1_abc, fetched 2026-11-26 08:00 UTC"


@dataclass(frozen=True)
class Check:
    name: str  # "exp", "nbf", "iat", "iss", "token_use", "aud", "client_id", ...
    ok: bool | None  # None: could not run (not a failure)
    detail: str


@dataclass(frozen=True)
class TreeNode:
    """A row of the claims tree, built by the core so the UI holds no token logic."""

    name: str
    value: str  # display text, already made safe (control/bidi characters visible)
    meaning: str = ""  # plain-words explanation, with human times for time claims
    link: str | None = None  # source of the explanation (RFC / OIDC / AWS docs)
    raw: Any = None  # the JSON value, for "copy value"
    segment: str | None = None  # the raw-token segment this row belongs to
    flag: str | None = None  # "warning" / "error" when the value is suspicious
    children: tuple[TreeNode, ...] = ()


@dataclass(frozen=True)
class Report:
    """Everything known about one token: what the CLI's --json prints per token."""

    token: DecodedToken
    signature: SignatureResult
    checks: list[Check]
    warnings: list[str]
