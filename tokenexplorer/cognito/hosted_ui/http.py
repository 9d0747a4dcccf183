"""Every hosted-UI HTTP call: bounded in time and size, never redirected, logged redacted.

Redirects are never followed: a token endpoint that redirects would otherwise carry the
client secret (HTTP Basic) to wherever it points. Answers are untrusted bytes: at most
`MAX_ANSWER_BYTES`, parsed as JSON only when asked, quoted as plain text when shown. Each
call is one ActivityEntry (service "hosted-ui", operation "POST /oauth2/token"); the request
shown there is what the caller passes (never codes, verifiers, tokens or secrets) and the
answer's token fields are masked by the shared `redact`.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from tokenexplorer import net_errors
from tokenexplorer.activity import ActivityEntry
from tokenexplorer.cognito.hosted_ui.errors import (
    ENDPOINT_DOWN,
    TIMEOUT,
    HostedUIError,
)
from tokenexplorer.deadline import DeadlineExceeded, run_with_deadline
from tokenexplorer.redaction import redact

if TYPE_CHECKING:
    from email.message import Message

    from tokenexplorer.activity import ActivityLog

SERVICE = "hosted-ui"
MAX_ANSWER_BYTES = 256 * 1024
DEFAULT_SECONDS = 15.0
USER_AGENT = "TokenExplorer (hosted UI)"


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes
    location: str | None = None

    def json(self) -> dict[str, Any] | None:
        """The body as a JSON object, or None (not JSON, not an object, too big)."""
        if len(self.body) > MAX_ANSWER_BYTES:
            return None
        try:
            value = json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return None
        return value if isinstance(value, dict) else None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_: Any, **__: Any) -> None:
        return None


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_NoRedirect())


def _answer(status: int, headers: Message, body: bytes) -> Answer:
    return Answer(status, headers.get("Content-Type", "") or "", body,
                  headers.get("Location"))


def _send(request: urllib.request.Request, seconds: float) -> Answer:
    def fetch() -> Answer:
        try:
            with _opener().open(request, timeout=seconds) as response:
                return _answer(response.status, response.headers,
                               response.read(MAX_ANSWER_BYTES + 1))
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx, 5xx: an answer
            with error:
                body = error.read(MAX_ANSWER_BYTES + 1) if error.fp is not None else b""
            return _answer(error.code, error.headers, body)

    return run_with_deadline(fetch, seconds, f"{request.get_method()} {request.full_url}")


def _outcome(answer: Answer) -> str:
    if 200 <= answer.status < 300:
        return "success"
    data = answer.json()
    error = data.get("error") if data else None
    if isinstance(error, str) and error:
        return error[:60]
    return f"HTTP {answer.status}"


def _shown_answer(answer: Answer) -> dict[str, Any]:
    data = answer.json()
    if data is not None:
        return dict(redact(data))
    shown: dict[str, Any] = {"status": answer.status, "bytes": len(answer.body),
                             "content_type": answer.content_type[:80]}
    if answer.location:
        shown["location"] = answer.location.split("?", 1)[0][:200]
    return shown


def call(method: str, url: str, *, activity: ActivityLog | None, shown_request: dict[str, Any],
         data: bytes | None = None, headers: dict[str, str] | None = None,
         seconds: float = DEFAULT_SECONDS, doing: str = "The call") -> Answer:
    """One request; the answer whatever its status, HostedUIError when there is none."""
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"User-Agent": USER_AGENT, **(headers or {})})
    parts = urlsplit(url)
    endpoint = f"{parts.scheme}://{parts.netloc}{parts.path}"
    started = time.perf_counter()
    try:
        answer = _send(request, seconds)
    except (DeadlineExceeded, OSError, ValueError) as exc:
        error = _transport(exc, endpoint, doing)
        _record(activity, method, parts.path, endpoint, started, error.original_code or "error",
                shown_request, {"error": error.message})
        raise error from None
    _record(activity, method, parts.path, endpoint, started, _outcome(answer), shown_request,
            _shown_answer(answer))
    return answer


def _transport(exc: BaseException, endpoint: str, doing: str) -> HostedUIError:
    if isinstance(exc, DeadlineExceeded):
        return HostedUIError(TIMEOUT, f"{doing}: {endpoint} did not answer within "
                             f"{exc.seconds:g} s.", "Timeout", retryable=True,
                             hint="The network or the server may be slow or down; try again.")
    problem = net_errors.describe(exc, endpoint)
    words = problem.words if problem else net_errors.words(exc, endpoint)
    code = TIMEOUT if problem is not None and problem.kind == "timeout" else ENDPOINT_DOWN
    hint = ("Check the hosted-UI domain: it must be the user pool's domain exactly "
            "(App integration → Domain)." if problem is not None and problem.kind == "dns"
            else "Check the network and the hosted-UI domain, then try again.")
    return HostedUIError(code, f"{doing}: could not reach {endpoint}: {words}.",
                         problem.outcome if problem else type(exc).__name__,
                         hint=hint, retryable=True)


def _record(activity: ActivityLog | None, method: str, path: str, endpoint: str,
            started: float, outcome: str, request: dict[str, Any],
            response: dict[str, Any]) -> None:
    if activity is None:
        return
    activity.add(ActivityEntry(
        time=datetime.now(UTC), service=SERVICE, operation=f"{method} {path}",
        endpoint=endpoint, duration_ms=round((time.perf_counter() - started) * 1000, 1),
        outcome=outcome, request=request, response=response))
