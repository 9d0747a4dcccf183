"""What the inspector shows for one input: find → decode → explain, and the messages for it.

Pure and Qt-free, safe on a worker thread (the window decodes large input there). The
window only renders an Inspection: which token is current, the tree, the input messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from tokenexplorer.tokens.decode import decode
from tokenexplorer.tokens.explain import build_tree
from tokenexplorer.tokens.find import find_given, find_tokens
from tokenexplorer.tokens.model import (
    Candidate,
    DecodedToken,
    FindResult,
    Severity,
    TokenDecodeError,
    TreeNode,
)

Message = tuple[Severity, str]  # one line above the claims: a notice or a problem


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

    def retimed(self, now: float | None = None) -> FoundToken:
        """The same token with its tree worded for `now` (relative times, expired flags)."""
        if self.token is None:
            return self
        return replace(self, tree=build_tree(self.token, now))


@dataclass(frozen=True)
class Inspection:
    find: FindResult
    found: list[FoundToken] = field(default_factory=list)
    empty: bool = False

    def messages(self, current: FoundToken | None) -> list[Message]:
        """What to say above the claims with `current` shown: the find problem (a notice
        when nothing is wrong, e.g. an authorization code), the notices, the decode error,
        or what an encrypted token is."""
        if self.empty:
            return []
        messages: list[Message] = []
        code = self.find.problem_code
        if self.find.problem:
            kind = Severity.INFO if code is not None and code.is_notice else Severity.ERROR
            messages.append((kind, self.find.problem))
        messages.extend((Severity.INFO, notice) for notice in self.find.notices)
        if current is not None and current.error_text:
            messages.append((Severity.ERROR, current.error_text))
        elif current is not None and current.token is not None and current.token.encrypted:
            encrypted = [node for node in current.tree if node.segment == "ciphertext"]
            why = encrypted[0].meaning if encrypted else ""
            messages.append((Severity.INFO, f"{current.token.kind.label}: {why}".strip()))
        return messages


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
