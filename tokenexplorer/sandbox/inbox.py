"""The Sandbox inbox: the email and SMS the sandbox's Cognito would have sent, read back.

The engine (ministack) records every message instead of delivering it and serves them at
`GET /_ministack/ses/messages` and `GET /_ministack/sns/sms-messages`. That is an
emulator feature, so `read_inbox` only ever asks a plain-http endpoint on this machine,
never follows a redirect, and bounds the answer in bytes, messages and time: the answer
is server data and treated as hostile (see inbox_text).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from tokenexplorer.explained import ENDPOINT_DOWN, TIMEOUT, ExplainedError
from tokenexplorer.sandbox.inbox_text import InboxMessage, email_message, sms_message

if TYPE_CHECKING:
    import urllib.request

__all__ = ["MAX_ANSWER_BYTES", "MAX_MESSAGES", "InboxError", "InboxMessage", "read_inbox"]

MAX_ANSWER_BYTES = 2_000_000  # per path; a few thousand messages
MAX_MESSAGES = 200  # the newest ones are kept
EMAIL_PATH = "/_ministack/ses/messages"
SMS_PATH = "/_ministack/sns/sms-messages"

NOT_LOCAL = "NotLocal"
NO_INBOX = "NoInbox"
TOO_LARGE = "TooLarge"
BAD_ANSWER = "BadAnswer"


class InboxError(ExplainedError, RuntimeError):
    """The inbox could not be read; the message says why in plain words."""


def _check_local(endpoint_url: str | None) -> str:
    from tokenexplorer.cognito.ids import is_loopback_http

    if not endpoint_url or not is_loopback_http(endpoint_url):
        raise InboxError(NOT_LOCAL, "The Sandbox inbox is a feature of the local sandbox: "
                         f"{endpoint_url or 'this profile'} is not an emulator on this "
                         "machine (plain http on 127.0.0.1 or localhost), so it has no inbox.")
    return endpoint_url.rstrip("/")


def _no_redirects() -> list[urllib.request.BaseHandler]:
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req, fp, code, msg, headers, newurl):
            raise InboxError(NO_INBOX, f"The sandbox at {req.full_url} redirected "
                             f"(HTTP {code}) instead of answering; not followed.")

    # No proxy: a loopback request must stay on this machine whatever HTTP_PROXY says.
    return [NoRedirect(), urllib.request.ProxyHandler({})]


def _get(url: str, timeout: float) -> bytes:
    import http.client
    import urllib.error
    import urllib.request

    from tokenexplorer import net_errors
    from tokenexplorer.deadline import DeadlineExceeded, http_get

    request = urllib.request.Request(url, headers={"Accept": "application/json",
                                                   "User-Agent": "tokenexplorer"})
    base = url.split("/_ministack/", 1)[0]
    try:
        body = http_get(request, seconds=timeout, max_bytes=MAX_ANSWER_BYTES + 1,
                        handlers=_no_redirects())
    except InboxError:
        raise
    except DeadlineExceeded:
        raise InboxError(TIMEOUT, f"The sandbox at {base} did not answer in time "
                         f"({timeout:g} s).", "ReadTimeout", retryable=True) from None
    except urllib.error.HTTPError as error:
        raise InboxError(NO_INBOX, f"The server at {base} has no Sandbox inbox "
                         f"(HTTP {error.code}); is it the sandbox's engine?",
                         f"HTTP {error.code}") from None
    except (OSError, ValueError, http.client.HTTPException) as error:
        problem = net_errors.describe(error, url)
        code = TIMEOUT if problem is not None and problem.kind == "timeout" else ENDPOINT_DOWN
        why = problem.words if problem else "nothing answered there"
        raise InboxError(code, f"Could not reach the sandbox at {base}: {why}.",
                         type(error).__name__, retryable=True,
                         hint="Is the sandbox running? Start it, then try again.") from None
    if len(body) > MAX_ANSWER_BYTES:
        raise InboxError(TOO_LARGE, f"The sandbox's inbox at {base} is larger than "
                         f"{MAX_ANSWER_BYTES:,} bytes; not read. Reset the sandbox to empty it.")
    return body


def _parse(body: bytes, url: str) -> dict[str, object]:
    try:
        document = json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError):
        document = None
    if not isinstance(document, dict):
        raise InboxError(BAD_ANSWER, f"{url} did not answer with the inbox (not a JSON "
                         "object).")
    return document


def _emails(document: dict[str, object]) -> Iterator[InboxMessage]:
    accounts = document.get("messages")
    if not isinstance(accounts, dict):
        return
    for records in accounts.values():
        for record in records[-MAX_MESSAGES:] if isinstance(records, list) else ():
            message = email_message(record)
            if message is not None:
                yield message


def _texts(document: dict[str, object]) -> Iterator[InboxMessage]:
    phones = document.get("sms_messages")
    if not isinstance(phones, dict):
        return
    for phone, records in list(phones.items())[:MAX_MESSAGES]:
        for record in records[-MAX_MESSAGES:] if isinstance(records, list) else ():
            message = sms_message(phone, record)
            if message is not None:
                yield message


_OLDEST = datetime.min.replace(tzinfo=UTC)


def read_inbox(endpoint_url: str | None, *, timeout: float = 5) -> list[InboxMessage]:
    """Every message the sandbox at `endpoint_url` recorded, newest first (at most
    MAX_MESSAGES), all within `timeout` seconds. Raises InboxError: NotLocal,
    EndpointDown/Timeout (the sandbox is not running), NoInbox, TooLarge, BadAnswer."""
    base = _check_local(endpoint_url)
    deadline = time.monotonic() + timeout  # one deadline for both reads
    emails = list(_emails(_parse(_get(base + EMAIL_PATH, timeout), base + EMAIL_PATH)))
    left = max(deadline - time.monotonic(), 0.05)
    try:
        texts = list(_texts(_parse(_get(base + SMS_PATH, left), base + SMS_PATH)))
    except InboxError as error:
        if error.is_transport:
            raise
        texts = []  # an engine without the SMS recorder still has the mail
    # SMS records carry no time: they follow the mail, newest (last recorded) first.
    emails.reverse()
    texts.reverse()
    emails.sort(key=lambda message: message.time or _OLDEST, reverse=True)
    return (emails + texts)[:MAX_MESSAGES]
