"""What this app knows about an ID token it received itself: the nonce it sent and the
access token issued alongside, so the inspector can check `nonce` and `at_hash`.

A pasted token carries no such context; one the hosted-UI sign-in got is registered here
(in memory, bounded, keyed by a hash of the token's signed part) and found again when the
inspector verifies it. `VerifyOptions.issued_with` gives the context explicitly instead.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

MAX_REMEMBERED = 64


@dataclass(frozen=True)
class IssuedWith:
    nonce: str | None = field(default=None, repr=False)
    access_token: str | None = field(default=None, repr=False)
    how: str = "hosted UI"  # how this app got the token, for the check's words


_lock = threading.Lock()
_known: OrderedDict[str, IssuedWith] = OrderedDict()


def _key(signing_input: bytes) -> str:
    return hashlib.sha256(signing_input).hexdigest()


def _signing_input(raw: str) -> bytes:
    head, _, rest = raw.strip().partition(".")
    payload = rest.partition(".")[0]
    return f"{head}.{payload}".encode("ascii", "replace")


def remember(id_token: str, context: IssuedWith) -> None:
    """Register the context of an ID token this process received."""
    with _lock:
        _known[_key(_signing_input(id_token))] = context
        _known.move_to_end(_key(_signing_input(id_token)))
        while len(_known) > MAX_REMEMBERED:
            _known.popitem(last=False)


def lookup(signing_input: bytes) -> IssuedWith | None:
    with _lock:
        return _known.get(_key(signing_input))


def forget_all() -> None:
    with _lock:
        _known.clear()
