"""Test-only name resolution: one reserved name (RFC 2606 `.test`) resolves to 127.0.0.1.

The plain-http policy judges a URL by its host name (anything but loopback addresses and
`localhost` is another machine), so a peer reached as `cognito.remote.test` stands in for a
remote server while every byte stays on loopback. Child processes get the same mapping
through `sitecustomize.py` beside this file (on PYTHONPATH, with TE_TEST_REMOTE_HOST set).
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

REMOTE_HOST = "cognito.remote.test"


def resolving(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
    """A getaddrinfo that answers `name` with 127.0.0.1 and passes every other host on."""

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        text = host.decode("ascii", "replace") if isinstance(host, bytes) else host
        if isinstance(text, str) and text.lower().rstrip(".") == name:
            host = "127.0.0.1"
        return real(host, port, *args, **kwargs)

    return getaddrinfo


def install(name: str) -> None:
    socket.getaddrinfo = resolving(name, socket.getaddrinfo)
