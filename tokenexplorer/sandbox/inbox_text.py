"""The sandbox inbox's messages made plain and bounded (no network here, no Qt).

The engine's records are server data, so hostile: a body may be HTML, megabytes long, or
full of control and direction-changing characters. Everything shown comes out of here
as short plain text; the code a learner needs is found in it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any, Literal

Medium = Literal["email", "sms"]

MAX_BODY_CHARS = 4_000
MAX_FIELD_CHARS = 300

# C0/C1 controls except newline and tab, bidi embeddings/overrides/isolates/marks,
# zero-width characters, lone surrogates: removed from every field.
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e"
                     "\u2060-\u2069\ufeff\ud800-\udfff]")
# "Your verification code is 123456." / "code: 654321" / "password is Abc123!" style templates.
_PHRASE = re.compile(r"\b(?:code|password)\b(?:\s+is)?\s*[:=]?\s*([A-Za-z0-9!@#$%^&*._-]{4,32})",
                     re.IGNORECASE)
_SIX_DIGITS = re.compile(r"(?<!\d)\d{6}(?!\d)")


@dataclass(frozen=True)
class InboxMessage:
    """One email or SMS the engine would have delivered."""

    to: str
    subject: str
    body: str
    code: str | None
    time: datetime | None
    medium: Medium

    def as_json(self) -> dict[str, Any]:
        """The CLI's --json object: `time` as ISO 8601 (UTC), or null when unknown."""
        return {"to": self.to, "subject": self.subject, "body": self.body, "code": self.code,
                "time": self.time.isoformat() if self.time else None, "medium": self.medium}


class _TextOnly(HTMLParser):
    """Keeps the text of an HTML body: no tags, no scripts or styles, line breaks kept."""

    _SKIP = frozenset({"script", "style", "head", "title"})
    _BREAKS = frozenset({"br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "table"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """The readable text of an HTML body (entities decoded, tags dropped)."""
    parser = _TextOnly()
    try:
        parser.feed(markup[: MAX_BODY_CHARS * 4])
        parser.close()
    except (AssertionError, ValueError):  # malformed markup: fall back to its text
        return html.unescape(re.sub(r"<[^>]*>", " ", markup))
    text = "".join(parser.parts)
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


def plain(value: object, limit: int = MAX_FIELD_CHARS) -> str:
    """`value` as one bounded line of plain text ("" for anything that is not text)."""
    if not isinstance(value, str):
        return ""
    text = _HIDDEN.sub("", value[: limit * 2]).replace("\n", " ").replace("\t", " ").strip()
    return _cut(text, limit)


def plain_body(text_body: object, html_body: object) -> str:
    """The message text: the text part, else the HTML part's text; bounded, no controls."""
    if isinstance(text_body, str) and text_body.strip():
        text = text_body[: MAX_BODY_CHARS * 2]
    elif isinstance(html_body, str) and html_body.strip():
        text = html_to_text(html_body)
    else:
        return ""
    text = _HIDDEN.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    return _cut(text, MAX_BODY_CHARS)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def find_code(body: str) -> str | None:
    """The code in a Cognito message: the word after "code is" / "password is" when it holds
    a digit, else the first six-digit number; None when there is none."""
    for match in _PHRASE.finditer(body):
        word = match.group(1).rstrip(".")
        if any(ch.isdigit() for ch in word):
            return word
    found = _SIX_DIGITS.search(body)
    return found.group() if found else None


def when(value: object) -> datetime | None:
    """A record's time (epoch seconds or ISO 8601) as an aware UTC datetime, else None."""
    try:
        if isinstance(value, bool):
            return None
        if isinstance(value, int | float):
            return datetime.fromtimestamp(float(value), tz=UTC)
        if isinstance(value, str) and value:
            moment = datetime.fromisoformat(value[:40])
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    except (ValueError, OverflowError, OSError):
        return None
    return None


def email_message(record: object) -> InboxMessage | None:
    """An SES record of /_ministack/ses/messages as a message (None: not a record)."""
    if not isinstance(record, dict):
        return None
    recipients = record.get("To")
    names = recipients if isinstance(recipients, list) else [recipients]
    to = plain(", ".join(name for name in names[:20] if isinstance(name, str)))
    body = plain_body(record.get("BodyText"), record.get("BodyHtml"))
    return InboxMessage(to=to, subject=plain(record.get("Subject")), body=body,
                        code=find_code(body), time=when(record.get("Timestamp")),
                        medium="email")


def sms_message(phone: object, record: object) -> InboxMessage | None:
    """A record of /_ministack/sns/sms-messages as a message (None: not a record)."""
    if not isinstance(record, dict):
        return None
    body = plain_body(record.get("Message"), None)
    return InboxMessage(to=plain(record.get("PhoneNumber") or phone),
                        subject=plain(record.get("Subject")) or "SMS", body=body,
                        code=find_code(body), time=when(record.get("Timestamp")),
                        medium="sms")
