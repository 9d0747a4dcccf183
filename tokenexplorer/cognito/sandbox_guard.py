"""The sandbox answers only this machine's programs, never a web page in a browser.

moto's server echoes any Origin in Access-Control-Allow-Origin and serves an admin API
(/moto-api: every user with their plain password, reset, seed). A page the user visits could
read or change it through the browser, directly or by DNS rebinding (a name of the
attacker's that resolves to 127.0.0.1). So, in front of moto:

- /moto-api/* does not exist (404): the app never needs it, tests use their own server;
- a request carrying an Origin header (a browser's cross-origin or sandboxed "null" one),
  or a Sec-Fetch-Site other than "none"/"same-origin", is refused (403), preflights too;
- a Host header other than 127.0.0.1 / localhost on the sandbox's port is refused (403);
- no Access-Control-* header ever leaves the server.
boto3, urllib and a URL pasted into the address bar send none of those, so they work.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

ADMIN_PREFIX = "/moto-api"
_LOCAL_NAMES = ("127.0.0.1", "localhost")
_FETCH_SITES_ALLOWED = ("", "none", "same-origin")
ExcInfo = tuple[type[BaseException], BaseException, TracebackType] | tuple[None, None, None]


class LocalOnly:
    """WSGI middleware: the checks above, then the wrapped app."""

    def __init__(self, app: WSGIApplication) -> None:
        self._app = app
        self.port: int | None = None  # set once the server is bound

    def _refusal(self, environ: WSGIEnvironment) -> tuple[str, str] | None:
        path = environ.get("PATH_INFO", "") or ""
        if path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/"):
            return "404 Not Found", "The emulator's admin API is not served by the sandbox."
        if "HTTP_ORIGIN" in environ:
            return "403 Forbidden", "Requests from web pages (an Origin header) are refused."
        site = (environ.get("HTTP_SEC_FETCH_SITE") or "").lower()
        if site not in _FETCH_SITES_ALLOWED:
            return "403 Forbidden", "Cross-site browser requests are refused."
        if not self.host_allowed(environ.get("HTTP_HOST") or ""):
            return "403 Forbidden", "Only 127.0.0.1 or localhost on the sandbox's port."
        return None

    def host_allowed(self, host: str) -> bool:
        """127.0.0.1 or localhost on the sandbox's own port: the only Host names it serves."""
        name, _, port = host.rpartition(":")
        if not name:
            return False
        return name.lower() in _LOCAL_NAMES and port == str(self.port)

    def __call__(self, environ: WSGIEnvironment,
                 start_response: StartResponse) -> Iterable[bytes]:
        refusal = self._refusal(environ)
        if refusal is not None:
            status, message = refusal
            body = json.dumps({"__type": "Refused", "message": message}).encode()
            start_response(status, [("Content-Type", "application/json"),
                                    ("Content-Length", str(len(body)))])
            return [body]

        def without_cors(status: str, headers: list[tuple[str, str]],
                         exc_info: ExcInfo | None = None, /) -> Callable[[bytes], object]:
            kept = [(k, v) for k, v in headers if not k.lower().startswith("access-control-")]
            return start_response(status, kept, exc_info)

        return self._app(environ, without_cors)
