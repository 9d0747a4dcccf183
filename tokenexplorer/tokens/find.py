"""Find the tokens in whatever people paste.

A raw token, `Bearer …`, a token wrapped across lines or quoted, a hosted-UI redirect URL,
an InitiateAuth response, an Amplify/localStorage dump (JSON inside JSON strings too), or a
log line: each token-shaped string becomes a Candidate naming where it came from. Never
raises; when nothing is found, FindResult.problem says why.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tokenexplorer.tokens.limits import MAX_TOKENS_PER_INPUT, TOKENS_CAPPED
from tokenexplorer.tokens.model import Candidate, FindProblem, FindResult
from tokenexplorer.tokens.wrapped import joined_tokens

# Field names that hold tokens (InitiateAuth, OAuth token responses, Amplify, SDKs).
TOKEN_FIELDS = frozenset(
    name.lower()
    for name in (
        "IdToken", "AccessToken", "RefreshToken", "id_token", "access_token", "refresh_token",
        "idToken", "accessToken", "refreshToken", "jwtToken", "token", "jwt", "Authorization",
    )
)

_PART = r"[A-Za-z0-9_-]"
# A compact JWS/JWE in free text: the header is base64url JSON, so it starts with "eyJ" ('{"').
_TOKEN_IN_TEXT = re.compile(
    rf"(?<![A-Za-z0-9_.-])eyJ{_PART}*\.{_PART}*\.{_PART}*(?:\.{_PART}*\.{_PART}*)?(?!{_PART})"
)
# Characters that cannot belong to a token yet stick to one found in text ("eyJ….eyJ….!!!"):
# kept with it, so decoding names the segment and the character instead of dropping them.
# Quotes, brackets, separators, backslashes and percent signs end a token in text.
_STUCK_TAIL = re.compile(r"[^\s\"'`“”‘’,;:()\[\]{}<>&?#.\\%]+")
_TOKEN_SHAPED = re.compile(rf"{_PART}+\.{_PART}*\.{_PART}*(?:\.{_PART}+\.{_PART}+)?")
# A lone pasted "word" that could be meant as a token: decode it to say what is wrong.
_TOKEN_LIKE_WORD = re.compile(r"[A-Za-z0-9_\-=+/.]*\.[A-Za-z0-9_\-=+/.]*")
# A word that begins like a JOSE header and has dots, whatever else it holds ("eyJ…!.…").
_BROKEN_TOKEN = re.compile(r"eyJ\S*\.\S*")
_BROKEN_IN_TEXT = re.compile(
    r"(?<![A-Za-z0-9_.-])eyJ[^\s\"'`“”‘’,;()\[\]{}<>]*\.[^\s\"'`“”‘’,;()\[\]{}<>]*[^\s\"'`“”‘’,;()\[\]{}<>.]"
)
REFRESH_FIELDS = frozenset({"refreshtoken", "refresh_token"})
_BEARER = re.compile(r"^(?:authorization\s*:\s*)?bearer\s+", re.IGNORECASE)
_QUOTES = "\"'`“”‘’"
_MAX_JSON_DEPTH = 6  # JSON inside JSON strings inside JSON ...

CODE_NOTICE = (
    "The URL carries an authorization code (code=…), not a token: exchange it at the hosted "
    "UI's /oauth2/token endpoint (grant_type=authorization_code with the same redirect_uri, "
    "client_id and PKCE code_verifier) to get the ID, access and refresh tokens."
)


class _Finder:
    def __init__(self) -> None:
        self.candidates: dict[str, Candidate] = {}
        self.notices: list[str] = []
        self.saw_json = False
        self.saw_code = False
        self.saw_opaque = False
        self.capped = False  # MAX_TOKENS_PER_INPUT reached: the rest is not examined

    def add(self, raw: str, source: str) -> None:
        if not raw or raw in self.candidates:
            return
        if len(self.candidates) >= MAX_TOKENS_PER_INPUT:
            self.capped = True
            return
        self.candidates[raw] = Candidate(raw=raw, source=source)

    def notice(self, text: str) -> None:
        if text not in self.notices:
            self.notices.append(text)

    # --- strings ---------------------------------------------------------------------
    def opaque_refresh(self, field: str, value: str) -> bool:
        """A refresh-token field holding an opaque value: a notice, not a decode error."""
        notice = opaque_refresh_notice(field, value)
        if notice is None:
            return False
        self.saw_opaque = True
        self.notice(notice)
        return True

    def from_text(self, text: str, source: str, depth: int = 0, named: bool = False) -> None:
        """Any string: JSON, a URL, a (wrapped, quoted, Bearer) token, or text holding tokens."""
        cleaned = _clean(text)
        if not cleaned:
            return
        if depth < _MAX_JSON_DEPTH and cleaned[0] in "{[" and self.from_json(cleaned, source,
                                                                              depth):
            return
        if _TOKEN_SHAPED.fullmatch(cleaned):
            self.add(cleaned, source)
            return
        if self.from_url(cleaned, source):
            return
        words = cleaned.split()
        unwrapped = "".join(words)
        if self.from_free_text(text, source):
            return
        if _looks_wrapped(words) and _TOKEN_SHAPED.fullmatch(unwrapped):  # a broken one
            self.add(unwrapped, f"{source} (joined across lines)")
            return
        lone = len(words) == 1
        dotted = bool(_TOKEN_LIKE_WORD.fullmatch(cleaned)) and (named or depth == 0)
        if lone and (dotted or _BROKEN_TOKEN.fullmatch(cleaned)):
            self.add(cleaned, source)  # decode will say exactly what is wrong with it
        elif named and not any(c.isspace() for c in cleaned):
            self.add(cleaned, source)
        else:
            self.from_broken_in_text(text, source)

    def from_free_text(self, text: str, source: str) -> bool:
        """Tokens in running text: on one line, or cut across lines of any width."""
        before, number = len(self.candidates), 0
        rest = text
        for joined in joined_tokens(text):
            if joined.pieces > 1:
                number += 1
                label = f"{source} (joined across lines)"
                self.add(joined.raw, label if number == 1 else f"{label} #{number}")
                rest = rest[:joined.start] + " " * (joined.end - joined.start) + rest[joined.end:]
        for match in _TOKEN_IN_TEXT.finditer(rest):
            if self.capped:
                break
            number += 1
            stuck = _STUCK_TAIL.match(rest, match.end())
            raw = match.group() + (stuck.group() if stuck else "")
            self.add(raw, source if number == 1 else f"{source} #{number}")
        return len(self.candidates) > before

    def from_broken_in_text(self, text: str, source: str) -> None:
        """Words that begin like a token but hold a character no token can: decoding them
        names the part and the character, rather than "no token-shaped text"."""
        for number, match in enumerate(_BROKEN_IN_TEXT.finditer(text), start=1):
            if self.capped:
                break
            self.add(match.group().rstrip(".!?"), source if number == 1 else f"{source} #{number}")

    # --- URLs ------------------------------------------------------------------------
    def from_url(self, text: str, source: str) -> bool:
        """A redirect URL (or just its fragment/query): tokens, a code, or an error."""
        if any(c.isspace() for c in text) or "=" not in text:
            return False
        if "://" in text:
            try:
                parts = urlsplit(text)
            except ValueError:
                return False
            sections: tuple[tuple[str, str], ...] = (("fragment", parts.fragment),
                                                     ("query", parts.query))
        elif text[0] in "#?" or re.match(r"(?:id_token|access_token|refresh_token|code|error)=",
                                          text):
            sections = (("fragment" if text[0] == "#" else "query", text.lstrip("#?")),)
        else:
            return False
        found = False
        for where, section in sections:
            try:
                params = parse_qsl(section, keep_blank_values=True)
            except ValueError:
                continue
            for key, value in params:
                shown = f"{where} {_short(key, 60)}"
                label = f"URL {shown}" if source == "input" else f"{source}, {shown}"
                lowered = key.lower()
                if lowered == "code":
                    self.saw_code = True
                    self.notice(CODE_NOTICE)
                    found = True
                elif lowered == "error":
                    self.notice(f"The redirect reports an error: {_short(value)}.")
                    found = True
                elif lowered == "error_description":
                    self.notice(f"Error description from the redirect: {_short(value)}.")
                elif lowered in REFRESH_FIELDS and self.opaque_refresh(key, value):
                    found = True
                elif lowered in TOKEN_FIELDS or _TOKEN_SHAPED.fullmatch(value.strip()):
                    before = len(self.candidates)
                    self.from_text(value, label, depth=_MAX_JSON_DEPTH, named=True)
                    found = found or len(self.candidates) > before
        return found

    # --- JSON ------------------------------------------------------------------------
    def from_json(self, text: str, source: str, depth: int) -> bool:
        """Walk a JSON document (iteratively: deep nesting cannot overflow the stack)."""
        try:
            document = json.loads(text)
        except (ValueError, RecursionError):
            return False
        if not isinstance(document, dict | list):
            return False
        self.saw_json = True
        prefix = "JSON " if source == "input" else f"{source} → "
        stack: list[tuple[str, str, Any]] = [("", "", document)]
        strings: list[tuple[str, str, str]] = []
        while stack:  # depth-first, in document order
            path, key, value = stack.pop()
            if isinstance(value, str):
                strings.append((path, key, value))
            elif isinstance(value, dict):
                stack.extend(
                    (f"{path}.{_label(name)}" if path else _label(name), str(name), item)
                    for name, item in reversed(value.items())
                )
            elif isinstance(value, list):
                indexed = list(enumerate(value))
                stack.extend((f"{path}[{index}]", "", item) for index, item in reversed(indexed))
        for path, key, value in strings:
            if self.capped:
                break
            if _field_name(key) in REFRESH_FIELDS and self.opaque_refresh(_last_part(key), value):
                continue
            self.from_text(value, f"{prefix}{path}", depth + 1, named=_is_token_field(key))
        return True


def _looks_wrapped(words: list[str]) -> bool:
    """One token cut into lines of equal width (the last one shorter), not several tokens."""
    if len(words) < 2 or sum(1 for w in words if _TOKEN_SHAPED.fullmatch(w)) >= 2:
        return False
    width = len(words[0])
    return all(len(w) == width for w in words[:-1]) and 0 < len(words[-1]) <= width


def _label(key: object) -> str:
    """A JSON key as part of a source label: safe to show, not absurdly long."""
    return _short(str(key), 60)


def _last_part(key: str) -> str:
    """Amplify keys: CognitoIdentityServiceProvider.<client>.<user>.idToken → idToken."""
    return key.rsplit(".", 1)[-1]


def _field_name(key: str) -> str:
    return _last_part(key).lower()


def _is_token_field(key: str) -> bool:
    return key.lower() in TOKEN_FIELDS or _field_name(key) in TOKEN_FIELDS


def opaque_refresh_notice(field: str, value: str) -> str | None:
    """The notice for a refresh token that is not token-shaped (moto's is a UUID), else None.

    Refresh tokens are opaque to clients (Cognito's is a JWE only Cognito can read; an
    emulator's may be any string): not being a JWT is no error. The value is never shown."""
    if not isinstance(value, str):
        return None
    cleaned = "".join(_clean(value).split())
    if not cleaned or cleaned[0] in "{[" or len(cleaned.split(".")) in (3, 5):
        return None
    if cleaned.startswith("eyJ"):  # begins like a JOSE header: a damaged token, say what is wrong
        return None
    return (f"{_short(field, 60)} is an opaque value ({len(cleaned)} chars): refresh tokens "
            "are opaque to clients; nothing to decode")


def _clean(text: str) -> str:
    """Strip whitespace, quotes and an 'Authorization: Bearer ' prefix."""
    cleaned = text.strip()
    for _ in range(3):
        before = cleaned
        cleaned = _BEARER.sub("", cleaned).strip()
        if len(cleaned) >= 2 and cleaned[0] in _QUOTES and cleaned[-1] in _QUOTES:
            cleaned = cleaned[1:-1].strip()
        cleaned = cleaned.rstrip(",;").strip()
        if cleaned == before:
            break
    return cleaned


def _short(value: str, limit: int = 200) -> str:
    from tokenexplorer.tokens.safe_text import visible

    return visible(value if len(value) <= limit else value[:limit] + "…")


def find_given(tokens: list[tuple[str, str]]) -> FindResult:
    """Tokens handed over by code as (source, raw), e.g. a sign-in's ID/access/refresh tokens.

    Each becomes a Candidate as given, except a refresh token (its source starts with
    "RefreshToken" or "refresh token") holding an opaque value (moto's UUID): a notice."""
    candidates, notices = [], []
    for source, raw in tokens:
        if not isinstance(raw, str) or not raw.strip():
            continue
        field = source.split(",", 1)[0].strip()
        squeezed = re.sub(r"[\s_]", "", field).lower()
        notice = opaque_refresh_notice(field, raw) if squeezed.startswith("refreshtoken") \
            else None
        if notice is not None:
            if notice not in notices:
                notices.append(notice)
        else:
            candidates.append(Candidate(raw=raw.strip(), source=source))
    if notices and not candidates:
        return FindResult.nothing(FindProblem.OPAQUE_REFRESH, notices)
    return FindResult(candidates=candidates, notices=notices)


def find_tokens(text: str) -> FindResult:
    """Every token in `text`, deduplicated, each with where it came from; never raises."""
    if not isinstance(text, str) or not text.strip():
        return FindResult.nothing(FindProblem.EMPTY)
    finder = _Finder()
    finder.from_text(text, "input")
    candidates = list(finder.candidates.values())
    if finder.capped:
        finder.notice(TOKENS_CAPPED)
    if candidates:
        return FindResult(candidates=candidates, notices=finder.notices)
    if finder.saw_code:
        problem = FindProblem.CODE
    elif finder.saw_opaque:
        problem = FindProblem.OPAQUE_REFRESH
    elif finder.saw_json:
        problem = FindProblem.JSON
    else:
        problem = FindProblem.NOTHING
    return FindResult.nothing(problem, finder.notices)
