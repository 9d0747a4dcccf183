"""A total deadline for each HTTP attempt of a boto3 client (botocore's timeouts are per read).

botocore's connect_timeout and read_timeout bound each socket operation: a server that drips
its answer a byte at a time never trips them. A `before-send` handler sends the request
itself on a worker thread (an urllib3 session configured like the client's own) and gives
up at the deadline, raising botocore's ReadTimeoutError, so retries and the error messages
that already explain a timeout apply unchanged.

Streamed responses (S3 GetObject bodies: downloads) are not bounded in total, since a big
file may rightly take long: they keep the per-read timeout and the user's Cancel. A
request's own body adds time at MIN_UPLOAD_RATE, so a large upload part is not cut short.
"""

from __future__ import annotations

import os
import socket
import threading
from typing import Any

from tokenexplorer.deadline import DeadlineExceeded, run_with_deadline

ATTEMPT_DEADLINE = 60.0  # seconds for one request/response of an ordinary API call
MIN_UPLOAD_RATE = 64 * 1024  # bytes per second an upload is granted on top of the deadline


def attach_deadline(client: Any, deadline: float = ATTEMPT_DEADLINE) -> None:
    """Bound every non-streamed HTTP attempt of `client` to `deadline` seconds in total."""
    client.meta.events.register("before-send", _Sender(client, deadline))


class _Sender:
    def __init__(self, client: Any, deadline: float) -> None:
        self._config = client.meta.config
        self._endpoint = client.meta.endpoint_url
        self._deadline = deadline
        self._session: Any = None
        self._lock = threading.Lock()

    def _http(self) -> Any:
        with self._lock:
            if self._session is None:
                from botocore.httpsession import URLLib3Session
                from botocore.utils import get_environ_proxies

                cfg = self._config
                options = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
                if cfg.tcp_keepalive:
                    options.append((socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1))
                # botocore-stubs types verify as bool, timeout as int and socket_options as
                # list[str]; botocore itself passes a CA-bundle path, a (connect, read) pair
                # and setsockopt tuples (endpoint.py), as done here.
                self._session = URLLib3Session(
                    verify=os.environ.get("AWS_CA_BUNDLE") or True,  # type: ignore[arg-type]
                    proxies=cfg.proxies or get_environ_proxies(self._endpoint),
                    timeout=(cfg.connect_timeout, cfg.read_timeout),  # type: ignore[arg-type]
                    max_pool_connections=cfg.max_pool_connections,
                    socket_options=options,  # type: ignore[arg-type]
                    client_cert=cfg.client_cert, proxies_config=cfg.proxies_config)
            return self._session

    def __call__(self, request: Any, **_: Any) -> Any:
        if request.stream_output:
            return None  # botocore sends it; the caller reads the stream (per-read bound)
        try:
            size = int(request.headers.get("Content-Length") or 0)
        except ValueError:
            size = 0
        seconds = self._deadline + size / MIN_UPLOAD_RATE
        session = self._http()
        try:
            return run_with_deadline(lambda: session.send(request), seconds,
                                     f"{request.method} {request.url}")
        except DeadlineExceeded as error:
            from botocore.exceptions import ReadTimeoutError

            raise ReadTimeoutError(endpoint_url=request.url, error=error) from None
