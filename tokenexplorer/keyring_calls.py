"""Keyring calls made safe to wait for: a time limit, and errors reduced to a plain reason.

Split from `keyring_store` (which decides what is stored); nothing here sees a secret's
meaning, and no message built here ever includes a call's arguments.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def plain(exc: BaseException) -> str:
    """A short reason from a keyring/D-Bus error (these never carry the secret itself)."""
    text = str(exc).strip() or type(exc).__name__
    first_line = text.splitlines()[0][:300]
    lowered = first_line.lower()
    if "prompt dismissed" in lowered or "unlock" in lowered or "locked" in lowered:
        return f"the keyring is locked and was not unlocked ({first_line})"
    if isinstance(exc, OSError) or "d-bus" in lowered or "dbus" in lowered:
        return f"no D-Bus session or keyring service could be reached ({first_line})"
    return first_line


class NoAnswer(Exception):
    """The keyring call did not return in time."""


def with_timeout(limit: float, func: Callable[[], T]) -> T:
    """Run func in a helper thread; a keyring daemon that hangs must not hang the caller.
    The limit is generous because an unlock prompt may be waiting for the user."""
    value: list[T] = []
    error: list[BaseException] = []

    def target() -> None:
        try:
            value.append(func())
        except BaseException as exc:
            error.append(exc)

    worker = threading.Thread(target=target, name="keyring-call", daemon=True)
    worker.start()
    worker.join(limit)
    if worker.is_alive():
        raise NoAnswer(f"the keyring service did not answer within {limit:g} s")
    if error:
        raise error[0]
    return value[0]
