"""The one-shot loopback listener that receives the browser's redirect (RFC 8252 §7.3).

It binds 127.0.0.1 only, on a fixed port (Cognito matches the callback URL exactly), and
answers GET /callback; anything else is 404. The first /callback whose `state` matches
ends it; one with another state is refused (a stale tab or a forged request) and the wait
goes on. The browser gets a short plain-text page; the listener stops once it has its
answer or is cancelled, and the port is free again.
"""

from __future__ import annotations

import errno
import http.server
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from tokenexplorer.cognito.hosted_ui.endpoints import CALLBACK_PATH
from tokenexplorer.cognito.hosted_ui.errors import PORT_BUSY, HostedUIError, quoted

SIGNED_IN_PAGE = "Signed in, you can close this tab and return to Token Explorer."
SIGNED_OUT_PAGE = "Signed out, you can close this tab."
MAX_FIELD = 4096  # a code or state longer than this is no Cognito answer


@dataclass(frozen=True)
class Callback:
    """What the browser brought back: a code, or an OAuth error."""

    code: str | None = field(default=None, repr=False)
    error: str | None = None
    error_description: str | None = None


def _one(query: dict[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    if not values or len(values) != 1 or len(values[0]) > MAX_FIELD:
        return None
    return values[0]


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server
    timeout = 5  # a client that sends nothing does not hold the listener

    def log_message(self, format: str, *args: object) -> None:
        """Nothing goes to stderr: the request line carries the code."""

    def _page(self, status: int, text: str) -> None:
        body = (text + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        owner = self.server.owner
        parts = urlsplit(self.path)
        host = (self.headers.get("Host") or "").lower()
        if host not in owner.hosts:
            self._page(404, "Not found.")
            return
        if parts.path == "/signed-out":
            owner.signed_out.set()
            self._page(200, SIGNED_OUT_PAGE)
            return
        if parts.path != CALLBACK_PATH:
            self._page(404, "Not found.")
            return
        status, text = owner.offer(parse_qs(parts.query, keep_blank_values=True))
        self._page(status, text)

    def do_POST(self) -> None:
        self._page(404, "Not found.")


class _Server(http.server.HTTPServer):
    owner: LoopbackListener
    # POSIX: rebind at once after a sign-in; Windows' SO_REUSEADDR would let us share a port.
    allow_reuse_address = sys.platform != "win32"

    def handle_error(self, request: object, client_address: object) -> None:
        """A broken browser connection is no failure of the sign-in: nothing printed."""


class LoopbackListener:
    """Listens on 127.0.0.1:port until one matching callback arrives (or `stop()`)."""

    def __init__(self, port: int, state_ok: Callable[[str | None], bool], *,
                 on_refused: Callable[[str], None] | None = None) -> None:
        self.port = port
        self.hosts = {f"localhost:{port}", f"127.0.0.1:{port}"}
        self._state_ok = state_ok
        self._on_refused = on_refused
        self._done = threading.Event()
        self.signed_out = threading.Event()  # the browser came back from /logout
        self._lock = threading.Lock()
        self.result: Callback | None = None
        self.received_at: float | None = None  # time.perf_counter() of the answer (benchmarks)
        self.refused: list[str] = []
        try:
            self._server = _Server(("127.0.0.1", port), _Handler)
        except OSError as exc:
            raise busy_port_error(port, exc) from None
        self._server.owner = self
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.1},
                                        name=f"hosted-ui callback :{port}", daemon=True)
        self._thread.start()

    def offer(self, query: dict[str, list[str]]) -> tuple[int, str]:
        """Judge one /callback: (status, page text)."""
        state = _one(query, "state")
        with self._lock:
            if self.result is not None:
                return 409, "This sign-in is already complete; you can close this tab."
            if not self._state_ok(state):
                why = ("This answer does not belong to the sign-in Token Explorer started "
                       "(its state does not match), so it was refused. If you started "
                       "another sign-in since, finish it in its own tab.")
                self.refused.append(why)
                if self._on_refused is not None:
                    self._on_refused(why)
                return 400, why
            error, code = _one(query, "error"), _one(query, "code")
            self.received_at = time.perf_counter()
            if error is not None:
                self.result = Callback(error=error,
                                       error_description=_one(query, "error_description"))
                page = (f"Sign-in failed: {quoted(error, 80)}"
                        + (f" ({quoted(self.result.error_description)})"
                           if self.result.error_description else "")
                        + ". Token Explorer explains what to do; you can close this tab.")
            elif code:
                self.result = Callback(code=code)
                page = SIGNED_IN_PAGE
            else:
                return 400, "This answer has neither a code nor an error; it was ignored."
        self._done.set()
        return 200, page

    def wait(self, seconds: float) -> Callback | None:
        """The callback, or None when `seconds` pass (or the listener was stopped)."""
        self._done.wait(seconds)
        return self.result

    def stop(self) -> None:
        """Stop listening and free the port (idempotent, any thread)."""
        self._done.set()
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> LoopbackListener:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


def busy_port_error(port: int, exc: OSError) -> HostedUIError:
    if exc.errno in (errno.EADDRINUSE, errno.EACCES):
        why = "is in use by another program" if exc.errno == errno.EADDRINUSE else \
            "may not be used by this program"
        return HostedUIError(
            PORT_BUSY, f"Port {port} on this machine {why}, so the browser's answer cannot be "
            f"received at http://localhost:{port}/callback.", exc.strerror,
            hint="Close what uses it (perhaps another sign-in that is still waiting), or use "
                 "another callback port (--port N, or the profile's callback ports); that "
                 "port's http://localhost:N/callback must be registered on the app client.")
    return HostedUIError(PORT_BUSY, f"Could not listen on 127.0.0.1:{port} "
                         f"({exc.strerror or 'error'}).", exc.strerror)
