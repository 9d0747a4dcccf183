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


class Severity(StrEnum):
    """How a message or a claims-tree row is to be taken (the UI picks colours by it)."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class FindProblem(StrEnum):
    """Why nothing decodable was found: code for decisions, `text` for people."""

    EMPTY = "empty"
    NOTHING = "nothing"  # no token-shaped text
    JSON = "json"  # JSON without a token
    CODE = "code"  # an authorization code, not a token
    OPAQUE_REFRESH = "opaque refresh"  # only an opaque refresh token

    @property
    def text(self) -> str:
        return _FIND_PROBLEM_TEXT[self]

    @property
    def is_notice(self) -> bool:
        """Nothing to decode, but nothing wrong either: information, not an error."""
        return self in (FindProblem.CODE, FindProblem.OPAQUE_REFRESH)


_FIND_PROBLEM_TEXT = {
    FindProblem.EMPTY: ("The input is empty: paste a token, an Authorization header, a redirect "
                        "URL or JSON that holds tokens."),
    FindProblem.NOTHING: ("No token-shaped text found: a JWT is three base64url parts separated "
                          "by dots (eyJ….eyJ….…), an encrypted JWE has five."),
    FindProblem.JSON: ("The JSON holds no token: no IdToken/AccessToken/RefreshToken (or "
                       "id_token …) field and no string value of the form xxxxx.yyyyy.zzzzz."),
    FindProblem.CODE: "The input holds an authorization code, not a token (see the notice).",
    FindProblem.OPAQUE_REFRESH: ("The only token found is an opaque refresh token: there is "
                                 "nothing to decode (see the notice)."),
}


@dataclass(frozen=True)
class FindResult:
    candidates: list[Candidate]
    notices: list[str] = field(default_factory=list)  # e.g. "?code= is an authorization code"
    problem: str | None = None  # why nothing token-like was found, for people (maybe masked)
    problem_code: FindProblem | None = None  # the same, for decisions

    @classmethod
    def nothing(cls, code: FindProblem, notices: list[str] | None = None) -> FindResult:
        """No candidates, and why (its words from the code)."""
        return cls(candidates=[], notices=notices or [], problem=code.text, problem_code=code)


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

    @property
    def alg(self) -> str | None:
        """The header's alg when it is a string (anything else names no algorithm)."""
        alg = self.header.get("alg")
        return alg if isinstance(alg, str) else None


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


class KeyProblem(StrEnum):
    """Why the keys are missing (or not the fresh ones): what a UI offers next depends on it."""

    NO_KEY_NEEDED = "no key needed"  # nothing to check (a JWE, alg none, checking off)
    NEEDS_HMAC_SECRET = "needs HMAC secret"  # an HS* token with the automatic source
    NO_ISSUER = "no issuer"  # no iss: no Cognito pool to take keys from
    NOT_COGNITO = "not cognito"  # iss is not a Cognito user pool
    OFFLINE_NO_CACHE = "offline, no cache"
    FETCH_FAILED = "fetch failed"
    STALE_CACHE = "stale cache"  # the fetch failed, an older cached copy was used
    NOT_A_JWKS = "not a JWKS"
    NO_USABLE_KEY = "no usable key"
    UNREADABLE = "unreadable"  # a key file that cannot be read
    UNUSABLE = "unusable"  # a given key that cannot be parsed
    UNUSABLE_CHOICE = "unusable choice"  # the key chosen cannot be used (an empty field, …)
    CANCELLED = "cancelled"  # the key fetch was cancelled
    ERROR = "error"  # an unexpected failure getting the keys

    @property
    def fetch_failed(self) -> bool:
        return self in (KeyProblem.FETCH_FAILED, KeyProblem.STALE_CACHE)


@dataclass(frozen=True)
class SignatureResult:
    status: SignatureStatus
    reason: str  # one line for people
    key_source: str | None = None  # "Cognito JWKS for us-east-1_abc, fetched 2026-11-26 08:00 UTC"
    key_problem: KeyProblem | None = None  # not checked for want of keys: why (for decisions)

    @property
    def needs_hmac_secret(self) -> bool:
        """An HS* token checked with no secret: the UI offers to enter one."""
        return self.key_problem is KeyProblem.NEEDS_HMAC_SECRET


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
    flag: Severity | None = None  # WARNING / ERROR when the value is suspicious
    why: str = ""  # with a flag: why, in one sentence ("the token has expired 3 h ago.")
    children: tuple[TreeNode, ...] = ()


@dataclass(frozen=True)
class Report:
    """Everything known about one token: what the CLI's --json prints per token."""

    token: DecodedToken
    signature: SignatureResult
    checks: list[Check]
    warnings: list[str]
