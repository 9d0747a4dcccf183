"""`${cognito-identity.amazonaws.com:sub}` for the engine, which does not expand it.

ministack's IAM evaluator matches policy resources literally: the authenticated role's
`private/${cognito-identity.amazonaws.com:sub}/*` would never match, and the learner could
never write their own prefix. AWS's effective rule is the same as "the role may use
`private/*`, limited per session to its own identity": so the authenticated role also holds
`EMULATOR_POLICY_NAME` (read/write `private/*`), and every authenticated session the
identity pool vends gets a session policy — the role's own policy with the variable
replaced by that session's identity ID. The intersection is exactly the AWS lesson: own
prefix allowed, another identity's denied. The session is looked up in ministack's STS
session table (the one its evaluator reads); nothing of ministack is changed.
"""

from __future__ import annotations

import json
import logging
from collections.abc import MutableMapping
from typing import Any

from tokenexplorer.sandbox import policies
from tokenexplorer.sandbox.guard import Asgi, Receive, Scope, Send

TARGET = b"AWSCognitoIdentityService.GetCredentialsForIdentity"
MAX_ANSWER = 64 * 1024
log = logging.getLogger(__name__)


def _is_target(scope: Scope) -> bool:
    return scope.get("method") == "POST" and any(
        name.lower() == b"x-amz-target" and value == TARGET
        for name, value in scope.get("headers", []))


def scope_session(answer: bytes) -> None:
    """Give the session behind a GetCredentialsForIdentity answer its identity's policy."""
    from ministack.services import sts

    try:
        parsed = json.loads(answer)
        identity_id = str(parsed["IdentityId"])
        key = str(parsed["Credentials"]["AccessKeyId"])
    except (ValueError, KeyError, TypeError):
        return
    session: dict[str, Any] | None = sts._sessions.get(key)
    if session is None or session.get("_cognito_auth_type") != "authenticated":
        return
    role = str(session.get("Arn", "")).split("/")
    if len(role) < 2 or role[1] != policies.AUTHENTICATED_ROLE_NAME:
        return
    session["SessionPolicies"] = {"Policy": policies.identity_session_policy(identity_id)}


class IdentityScope:
    """ASGI middleware: scope_session() on every successful GetCredentialsForIdentity."""

    def __init__(self, app: Asgi) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _is_target(scope):
            await self._app(scope, receive, send)
            return
        held: list[MutableMapping[str, Any]] = []
        body = bytearray()
        status = 0

        async def hold(message: MutableMapping[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            elif message["type"] == "http.response.body":
                body.extend(message.get("body", b""))
            held.append(message)

        await self._app(scope, receive, hold)
        if status == 200 and len(body) <= MAX_ANSWER:
            try:
                scope_session(bytes(body))
            except Exception as exc:  # never break the answer over this
                log.warning("identity scope: %s", type(exc).__name__)
        for message in held:
            await send(message)
