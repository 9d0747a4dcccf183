"""One total deadline for a network call, however slowly the peer drips its answer.

Socket timeouts (urllib's `timeout`, botocore's connect/read timeouts) bound each socket
operation, not the call: a server that sends one byte every few seconds keeps every read
alive and holds the caller forever. Here the call runs on a daemon worker thread and the
caller waits at most the deadline. For urllib GETs the sockets the worker opened are also
shut down at the deadline, so the worker ends at once instead of lingering.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import http.client
    import urllib.request

T = TypeVar("T")


MAX_DEADLINE_S = 86_400.0  # one day: longer is a mistake, not a deadline

class DeadlineExceeded(TimeoutError):
    """The call had no complete answer within its total deadline."""

    def __init__(self, what: str, seconds: float) -> None:
        super().__init__(f"no complete answer within {seconds:g} s")
        self.what = what
        self.seconds = seconds


def run_with_deadline(func: Callable[[], T], seconds: float, what: str = "the call",
                      on_expiry: Callable[[], None] | None = None) -> T:
    """func() on a worker thread; its result or exception, or DeadlineExceeded after
    `seconds` (then `on_expiry` runs, to cut the worker's connections)."""
    if not seconds <= MAX_DEADLINE_S:  # NaN, inf and huge values (threading's limit)
        raise ValueError(f"a deadline is at most {MAX_DEADLINE_S:g} seconds, not {seconds!r}")
    outcome: list[Any] = []
    done = threading.Event()

    def work() -> None:
        try:
            outcome.append((True, func()))
        except BaseException as error:  # handed to the caller, never lost
            outcome.append((False, error))
        finally:
            done.set()

    threading.Thread(target=work, name=f"deadline: {what}"[:60], daemon=True).start()
    if not done.wait(max(seconds, 0.0)):
        if on_expiry is not None:
            with contextlib.suppress(Exception):
                on_expiry()
        raise DeadlineExceeded(what, seconds)
    ok, value = outcome[0]
    if ok:
        return value
    raise value


class _Sockets:
    """The sockets one GET opened (duplicates, so they survive TLS wrapping): shut at expiry."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        self._expired = False

    def add(self, sock: socket.socket) -> None:
        copy = sock.dup()
        with self._lock:
            self._open.append(copy)
            if self._expired:
                _shut(copy)

    def expire(self) -> None:
        with self._lock:
            self._expired = True
            for sock in self._open:
                _shut(sock)

    def close(self) -> None:
        with self._lock:
            for sock in self._open:
                with contextlib.suppress(OSError):
                    sock.close()
            self._open.clear()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)  # a blocked recv on the same connection returns


def _handlers(sockets: _Sockets) -> list[urllib.request.BaseHandler]:
    import http.client
    import urllib.request

    class Watched(http.client.HTTPConnection):
        def connect(self) -> None:
            super().connect()
            sockets.add(self.sock)  # before an HTTPS connection starts its TLS handshake

    class WatchedTls(http.client.HTTPSConnection, Watched):
        pass

    class Http(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(Watched, req)

    class Https(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(WatchedTls, req)

    return [Http(), Https()]


def http_get(request: urllib.request.Request | str, *, seconds: float, max_bytes: int,
             handlers: Iterable[urllib.request.BaseHandler] = ()) -> bytes:
    """GET with urllib: at most `max_bytes` of the body, all within `seconds` in total.

    Raises what urllib raises (HTTPError, URLError, OSError), or DeadlineExceeded."""
    import urllib.request

    sockets = _Sockets()
    opener = urllib.request.build_opener(*_handlers(sockets), *handlers)
    url = request.full_url if isinstance(request, urllib.request.Request) else request

    def fetch() -> bytes:
        with opener.open(request, timeout=seconds) as response:
            return response.read(max_bytes)

    try:
        return run_with_deadline(fetch, seconds, f"GET {url}", on_expiry=sockets.expire)
    finally:
        sockets.close()
