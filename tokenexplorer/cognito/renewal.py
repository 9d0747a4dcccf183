"""When to renew a signed-in session by itself: the policy behind the window's countdown.

`Session.refresh_due()` says when a refresh is wanted (shortly before expiry). On top of
that: one refresh at a time, and after a failed one, wait 30 s before trying again, so a
server that is down is not asked every second while the countdown runs on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tokenexplorer.cognito.session import Session

RETRY_AFTER_FAILED_REFRESH_S = 30.0


class RenewalSchedule:
    """Qt-free state of automatic renewal for one window; call it on one thread."""

    def __init__(self, clock: Callable[[], float] = time.time,
                 retry_after: float = RETRY_AFTER_FAILED_REFRESH_S) -> None:
        self._clock = clock
        self._retry_after = retry_after
        self._failed_at: float | None = None
        self.running = False

    def due(self, session: Session | None) -> bool:
        """True when an automatic refresh should start now."""
        if session is None or not session.signed_in or self.running:
            return False
        if not session.refresh_due():
            return False
        return self._failed_at is None or self._clock() - self._failed_at >= self._retry_after

    def started(self) -> None:
        self.running = True

    def succeeded(self) -> None:
        self.running = False
        self._failed_at = None

    def failed(self) -> None:
        self.running = False
        self._failed_at = self._clock()

    def reset(self) -> None:
        """A new session: forget an earlier failure."""
        self._failed_at = None
