"""Network failures in plain words: the one place that turns socket, TLS, urllib, urllib3 and
botocore connection errors into a sentence for people and a short outcome for the Activity
log ("could not resolve cognito-idp.us-east-1.amazonaws.com: no network, or a mistyped host
name?"), never "[Errno -2]" or "gaierror". Imports nothing heavy: botocore and urllib3
errors are recognised by their class names and the exceptions they wrap.
"""

from __future__ import annotations

import errno
import os
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

_UNREACHABLE = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN, errno.EHOSTDOWN}
_LOOPBACK = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}
_TIMEOUT_NAMES = {"ConnectTimeoutError", "ReadTimeoutError", "ConnectTimeout", "ReadTimeout",
                  "TimeoutError", "timeout"}
_CLOSED_NAMES = {"RemoteDisconnected", "ConnectionClosedError", "IncompleteRead",
                 "ProtocolError", "BadStatusLine"}


@dataclass(frozen=True)
class NetworkProblem:
    kind: str  # "dns", "refused", "timeout", "tls-certificate", "tls", "reset", "closed", …
    words: str  # one line for people, without a trailing full stop
    outcome: str  # a few words for the Activity log's outcome column


def describe(error: BaseException, url: str | None = None) -> NetworkProblem | None:
    """The plain-words problem behind a failed connection, or None when `error` is no
    network failure (an HTTP error status, a parse error …). `url` names the host."""
    chain = list(_chain(error))
    host, port = _where(url, chain)
    for check in (_dns, _refused, _tls, _reset, _closed, _unreachable, _timeout, _other):
        problem = check(chain, host, port)
        if problem is not None:
            return problem
    return None


def words(error: BaseException, url: str | None = None, fallback: str | None = None) -> str:
    """describe(...).words, else `fallback`, else the error's class name in words."""
    problem = describe(error, url)
    if problem is not None:
        return problem.words
    return fallback or f"the request failed ({type(error).__name__})"


def _chain(error: BaseException) -> Iterator[BaseException]:
    """The error and every error it wraps (causes, URLError.reason, botocore's error=…)."""
    seen: set[int] = set()
    stack = [error]
    while stack and len(seen) < 20:
        current = stack.pop()
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        kwargs = getattr(current, "kwargs", None)
        wrapped = [getattr(current, "reason", None), current.__cause__, current.__context__,
                   kwargs.get("error") if isinstance(kwargs, dict) else None,
                   *[arg for arg in current.args if isinstance(arg, BaseException)]]
        stack.extend(reversed([w for w in wrapped if isinstance(w, BaseException)]))


def _where(url: str | None, chain: list[BaseException]) -> tuple[str, int | None]:
    for candidate in [url, *[_endpoint(e) for e in chain]]:
        if candidate:
            try:
                parts = urlsplit(candidate)
                if parts.hostname:
                    return parts.hostname, parts.port
            except ValueError:
                continue
    return "the server", None


def _endpoint(error: BaseException) -> str | None:
    kwargs = getattr(error, "kwargs", None)
    value = kwargs.get("endpoint_url") if isinstance(kwargs, dict) else None
    return value if isinstance(value, str) else None


def _named(error: BaseException, names: set[str]) -> bool:
    return type(error).__name__ in names


def _dns(chain: list[BaseException], host: str, port: int | None) -> NetworkProblem | None:
    if any(isinstance(e, socket.gaierror) or _named(e, {"NameResolutionError"})
           for e in chain):
        return NetworkProblem("dns", f"could not resolve {host}: no network, or a mistyped "
                                     "host name?", "could not resolve host")
    return None


def _refused(chain: list[BaseException], host: str, port: int | None) -> NetworkProblem | None:
    if not any(isinstance(e, ConnectionRefusedError) for e in chain):
        return None
    where = f"{host}:{port}" if port else host
    hint = " (is the emulator running?)" if host in _LOOPBACK else ""
    return NetworkProblem("refused", f"{where} refused the connection: nothing is listening "
                                     f"there{hint}", "connection refused")


def _tls(chain: list[BaseException], host: str, port: int | None) -> NetworkProblem | None:
    for error in chain:
        if isinstance(error, ssl.SSLCertVerificationError):
            why = getattr(error, "verify_message", None) or "not trusted"
            return NetworkProblem("tls-certificate", f"the TLS certificate of {host} could not "
                                                     f"be verified ({why})",
                                  "TLS certificate not trusted")
    if any(isinstance(e, ssl.SSLError) or _named(e, {"SSLError"}) for e in chain):
        return NetworkProblem("tls", f"the secure (TLS) connection to {host} failed",
                              "TLS failed")
    return None


def _reset(chain: list[BaseException], host: str, port: int | None) -> NetworkProblem | None:
    if any(isinstance(e, ConnectionResetError | ConnectionAbortedError | BrokenPipeError)
           for e in chain):
        return NetworkProblem("reset", f"{host} dropped the connection (reset)",
                              "connection reset")
    return None


def _closed(chain: list[BaseException], host: str, port: int | None) -> NetworkProblem | None:
    if any(_named(e, _CLOSED_NAMES) for e in chain):
        return NetworkProblem("closed", f"{host} closed the connection without answering",
                              "connection closed")
    return None


def _unreachable(chain: list[BaseException], host: str,
                 port: int | None) -> NetworkProblem | None:
    if any(isinstance(e, OSError) and e.errno in _UNREACHABLE for e in chain):
        return NetworkProblem("unreachable", f"no route to {host}: no network?",
                              "no route to host")
    return None


def _timeout(chain: list[BaseException], host: str, port: int | None) -> NetworkProblem | None:
    if any(isinstance(e, TimeoutError) or _named(e, _TIMEOUT_NAMES) for e in chain):
        return NetworkProblem("timeout", f"{host} did not answer in time", "timed out")
    return None


def _other(chain: list[BaseException], host: str, port: int | None) -> NetworkProblem | None:
    """Any other socket-level error: its errno in words, never "[Errno …]"."""
    for error in chain:
        if isinstance(error, OSError) and isinstance(error.errno, int) and error.errno > 0:
            return NetworkProblem("network", f"could not talk to {host} "
                                             f"({os.strerror(error.errno).lower()})",
                                  "network error")
    if any(_named(e, {"EndpointConnectionError", "NewConnectionError", "URLError"})
           for e in chain):
        return NetworkProblem("network", f"could not connect to {host}", "could not connect")
    return None
