"""The engine answers only this machine's programs and its own hosted-UI pages.

ministack sends `Access-Control-Allow-Origin: *` on every answer and serves an admin API
(/_ministack/*: reset, sent mail, config). A page the user visits could read or change it
through the browser, directly or by DNS rebinding. So, in front of ministack:

- a Host other than 127.0.0.1 / localhost on the engine's port is refused (403);
- a browser request (an Origin header, or Sec-Fetch-Site other than none/same-origin) is
  refused, except the hosted UI's own pages visited or posted from the engine's origin;
- /_ministack/* is refused to anything that looks like a browser;
- no Access-Control-* header ever leaves the server.
boto3 and urllib send none of the browser headers, so they work.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
Asgi = Callable[[Scope, Receive, Send], Awaitable[None]]

ADMIN_PREFIX = "/_ministack/"
HOSTED_UI_PATHS = ("/oauth2/", "/login", "/logout", "/signup", "/confirm", "/forgotPassword",
                   "/confirmForgotPassword", "/mfa", "/error")
_LOCAL_NAMES = ("127.0.0.1", "localhost")
_QUIET_SITES = ("", "none", "same-origin")


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


class LocalOnly:
    """ASGI middleware: the checks above, then the wrapped app."""

    def __init__(self, app: Asgi, port: int) -> None:
        self._app = app
        self.port = port

    def host_allowed(self, host: str) -> bool:
        name, _, port = host.rpartition(":")
        return bool(name) and name.lower() in _LOCAL_NAMES and port == str(self.port)

    def own_origin(self, origin: str) -> bool:
        scheme, _, rest = origin.partition("://")
        return scheme == "http" and self.host_allowed(rest)

    def refusal(self, scope: Scope) -> str | None:
        """Why this request is refused, or None."""
        headers = _headers(scope)
        path = scope.get("path", "")
        if not self.host_allowed(headers.get("host", "")):
            return "Only 127.0.0.1 or localhost on the sandbox's port."
        origin = headers.get("origin")
        site = headers.get("sec-fetch-site", "").lower()
        browser = origin is not None or site not in ("", "none")
        if not browser:
            return None
        if path.startswith(ADMIN_PREFIX):
            return "The sandbox's admin API does not answer web pages."
        hosted_ui = any(path.startswith(p) for p in HOSTED_UI_PATHS)
        if hosted_ui and site in _QUIET_SITES and (origin is None or self.own_origin(origin)):
            return None
        return "Requests from web pages are refused."

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        reason = self.refusal(scope)
        if reason is not None:
            await _refuse(send, reason)
            return

        async def send_without_cors(message: MutableMapping[str, Any]) -> None:
            if message.get("type") == "http.response.start":
                message["headers"] = [
                    (k, v) for k, v in message.get("headers", [])
                    if not k.lower().startswith(b"access-control-")
                ]
            await send(message)

        await self._app(scope, receive, send_without_cors)


async def _refuse(send: Send, reason: str) -> None:
    body = json.dumps({"__type": "AccessDeniedException", "message": reason}).encode()
    await send({"type": "http.response.start", "status": 403,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
