"""What the inspector shows for one input: the core's steps composed, with no Qt.

`inspect_text` runs find → decode → build_tree for every candidate. It is pure and safe
to run on a worker thread (the inspector does so for large input).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from tokenexplorer.tokens.decode import decode
from tokenexplorer.tokens.explain import build_tree
from tokenexplorer.tokens.find import CODE_PROBLEM, OPAQUE_PROBLEM, find_given, find_tokens
from tokenexplorer.tokens.model import (
    Candidate,
    DecodedToken,
    FindResult,
    TokenDecodeError,
    TreeNode,
)


@dataclass(frozen=True)
class FoundToken:
    candidate: Candidate
    token: DecodedToken | None = None
    error: TokenDecodeError | None = None
    tree: tuple[TreeNode, ...] = ()

    @property
    def label(self) -> str:
        """Content kind first (judged by the core), then where it came from."""
        kind = self.token.kind.label if self.token is not None else "Not decodable"
        source = self.candidate.source
        if source.strip().lower() == kind.lower():  # "ID token — ID token" says it twice
            return kind
        return f"{kind} — {source}"

    @property
    def error_text(self) -> str | None:
        """'Could not decode the payload: not valid base64url (…)': names segment and problem."""
        if self.error is None:
            return None
        if self.error.segment:
            return f"Could not decode the {self.error.segment}: {self.error.problem}"
        return f"Could not decode the token: {self.error.problem}"


@dataclass(frozen=True)
class Inspection:
    find: FindResult
    found: list[FoundToken] = field(default_factory=list)
    empty: bool = False

    @property
    def problem_is_notice(self) -> bool:
        """Nothing to decode, but nothing wrong either (an authorization code, an opaque
        refresh token): information, not an error."""
        return self.find.problem in (CODE_PROBLEM, OPAQUE_PROBLEM)


def inspect_candidate(candidate: Candidate, now: float | None = None) -> FoundToken:
    try:
        token = decode(candidate.raw, candidate.source)
    except TokenDecodeError as error:
        return FoundToken(candidate, error=error)
    return FoundToken(candidate, token, tree=build_tree(token, now))


def inspect_text(text: str, now: float | None = None) -> Inspection:
    """Find, decode and explain every token in `text`; never raises for bad input."""
    found = find_tokens(text)
    return Inspection(
        find=found,
        found=[inspect_candidate(candidate, now=now) for candidate in found.candidates],
        empty=not text.strip(),
    )


def inspect_tokens(tokens: list[tuple[str, str]], now: float | None = None) -> Inspection:
    """Tokens handed over by code (label, raw), e.g. after a sign-in: an opaque refresh
    token (an emulator's UUID) becomes a notice, not "Not decodable"."""
    # The opaque-refresh notice is for input the user gave: a sign-in's refresh token is
    # simply not listed (the session panel says what it is).
    found = replace(find_given(tokens), notices=[])
    return Inspection(
        find=found,
        found=[inspect_candidate(candidate, now) for candidate in found.candidates],
    )
