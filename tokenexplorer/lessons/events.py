"""What happened in the app, as flat facts a lesson step can wait for.

Lessons are data: a step names an event kind and the fields it must see. The app turns its
own happenings (a call in the Activity log, a token checked, a session started or ended,
credentials obtained, a view opened) into `AppEvent`s here, so lesson files never depend on
widget or class names. Only short, non-secret values become fields: operation names, error
codes, flows, statuses — never tokens, codes or keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tokenexplorer.activity import ActivityEntry
    from tokenexplorer.aws.identity_credentials import IdentityCredentials
    from tokenexplorer.tokens.model import Report

# The event kinds a lesson may wait for (docs/lessons.md lists their fields).
CALL = "call"
TOKEN_CHECKED = "token_checked"
SIGNED_IN = "signed_in"
SIGNED_OUT = "signed_out"
CREDENTIALS = "credentials"
VIEW_OPENED = "view_opened"
KINDS = frozenset({CALL, TOKEN_CHECKED, SIGNED_IN, SIGNED_OUT, CREDENTIALS, VIEW_OPENED})

_SAFE_REQUEST_FIELDS = {"AuthFlow": "auth_flow", "ChallengeName": "challenge"}
_MAX_FIELD = 200


@dataclass(frozen=True)
class AppEvent:
    kind: str
    fields: dict[str, Any] = field(default_factory=dict)


def _short(value: object) -> str:
    return str(value)[:_MAX_FIELD]


def from_activity(entry: ActivityEntry) -> AppEvent:
    """A recorded call: service, operation, outcome ("success" or the error code), and the
    flow/challenge names of a sign-in step."""
    fields: dict[str, Any] = {
        "service": _short(entry.service),
        "operation": _short(entry.operation),
        "outcome": _short(entry.outcome),
    }
    for name, key in _SAFE_REQUEST_FIELDS.items():
        value = entry.request.get(name)
        if isinstance(value, str):
            fields[key] = _short(value)
    return AppEvent(CALL, fields)


def from_report(report: Report) -> AppEvent:
    """A token the inspector has checked: its use, algorithm, signature status, and the
    names of the checks that failed ("exp", "iss", ...)."""
    header = report.token.header
    payload = report.token.payload or {}
    return AppEvent(TOKEN_CHECKED, {
        "token_use": _short(payload.get("token_use", "")),
        "alg": _short(report.token.alg or header.get("alg", "")),
        "signature": report.signature.status.value,
        "failed_checks": sorted(c.name for c in report.checks if c.ok is False),
    })


def from_credentials(credentials: IdentityCredentials) -> AppEvent:
    return AppEvent(CREDENTIALS, {"kind": credentials.kind})


def signed_in(sandbox: bool) -> AppEvent:
    return AppEvent(SIGNED_IN, {"sandbox": sandbox})


def signed_out() -> AppEvent:
    return AppEvent(SIGNED_OUT)


def view_opened(name: str) -> AppEvent:
    return AppEvent(VIEW_OPENED, {"view": _short(name)})
