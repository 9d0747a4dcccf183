"""The activity log: every AWS call the app makes, with secrets redacted.

It is how a learner sees what just happened (InitiateAuth → PASSWORD_VERIFIER →
RespondToAuthChallenge → tokens). Entries live in memory only; `export_json` writes
them when the user asks.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tokenexplorer.atomic import write_text_atomic
from tokenexplorer.listeners import Listeners
from tokenexplorer.redaction import redact

if TYPE_CHECKING:
    from botocore.awsrequest import AWSResponse
    from botocore.client import BaseClient
    from botocore.model import OperationModel

__all__ = ["ActivityEntry", "ActivityLog", "attach", "redact"]

@dataclass(frozen=True)
class ActivityEntry:
    time: datetime
    service: str
    operation: str
    endpoint: str
    duration_ms: float
    outcome: str  # "success", an AWS error code, or a connection problem
    request: dict[str, Any] = field(default_factory=dict)
    response: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.outcome == "success"


class ActivityLog:
    """Thread-safe, bounded, in memory. Listeners are called on the recording thread."""

    def __init__(self, limit: int = 2000) -> None:
        self._entries: deque[ActivityEntry] = deque(maxlen=limit)
        self._lock = threading.Lock()
        self._listeners: Listeners[ActivityEntry] = Listeners()

    def add(self, entry: ActivityEntry) -> None:
        with self._lock:
            self._entries.append(entry)
        for listener in self._listeners.snapshot():
            listener(entry)

    def entries(self) -> list[ActivityEntry]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def subscribe(self, listener: Callable[[ActivityEntry], None]) -> Callable[[], None]:
        return self._listeners.subscribe(listener)

    def export_json(self, path: Path) -> None:
        rows = [{**asdict(e), "time": e.time.isoformat()} for e in self.entries()]
        write_text_atomic(path, json.dumps(rows, indent=2, default=str) + "\n", mode=0o600)


def attach(client: BaseClient, log: ActivityLog) -> None:
    """Record every call of a boto3/botocore client into `log` (via botocore's events)."""
    import time

    service = client.meta.service_model.service_name
    events = client.meta.events

    def before_params(params: dict[str, Any], model: OperationModel, context: dict[str, Any],
                      **_: Any) -> None:
        context["te_start"] = time.perf_counter()
        context["te_operation"] = model.name
        context["te_request"] = redact(params)

    def before_call(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        context["te_url"] = str(params.get("url", "")).split("?", 1)[0]

    def record(context: dict[str, Any], outcome: str, response: dict[str, Any]) -> None:
        started = context.get("te_start")
        duration = (time.perf_counter() - started) * 1000 if started else 0.0
        log.add(
            ActivityEntry(
                time=datetime.now(UTC),
                service=service,
                operation=context.get("te_operation", "?"),
                endpoint=context.get("te_url", ""),
                duration_ms=round(duration, 1),
                outcome=outcome,
                request=context.get("te_request", {}),
                response=response,
            )
        )

    def after_call(http_response: AWSResponse, parsed: dict[str, Any], context: dict[str, Any],
                   **_: Any) -> None:
        status = http_response.status_code
        body = {k: v for k, v in parsed.items() if k != "ResponseMetadata"}
        if status >= 300:
            outcome = str(parsed.get("Error", {}).get("Code") or f"HTTP {status}")
        else:
            outcome = "success"
        record(context, outcome, redact(body))

    def after_error(exception: BaseException, context: dict[str, Any], **_: Any) -> None:
        from tokenexplorer.net_errors import describe  # plain words, not "EndpointConnectionError"

        problem = describe(exception, context.get("te_url"))
        if problem is None:
            record(context, type(exception).__name__, {})
        else:
            record(context, problem.outcome, {"error": problem.words})

    events.register("before-parameter-build.*.*", before_params)
    events.register("before-call.*.*", before_call)
    events.register("after-call.*.*", after_call)
    events.register("after-call-error.*.*", after_error)
