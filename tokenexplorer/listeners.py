"""Listeners that a core object calls when something changes, from any thread.

The activity log and the credentials manager both let others subscribe; a subscription
hands back the function that ends it. Listeners are called outside the lock, so one may
unsubscribe (or subscribe another) from inside its call.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Listeners(Generic[T]):
    """A thread-safe list of callbacks taking one value."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: list[Callable[[T], None]] = []

    def subscribe(self, listener: Callable[[T], None]) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def snapshot(self) -> list[Callable[[T], None]]:
        """The listeners now, to call without holding the lock."""
        with self._lock:
            return list(self._listeners)
