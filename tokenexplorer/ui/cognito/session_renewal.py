"""The session panel's clock: a one-second tick and the background REFRESH_TOKEN_AUTH.

When to refresh is the core's `RenewalSchedule`; this object owns the timer and the task
and tells the view through signals, so the panel only draws.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from tokenexplorer.cognito.renewal import RenewalSchedule
from tokenexplorer.ui.errors import describe_error
from tokenexplorer.ui.qt import QObject, QtCore, Signal
from tokenexplorer.ui.tasks import run_task

if TYPE_CHECKING:
    from tokenexplorer.cognito.auth import Tokens
    from tokenexplorer.ui.state import AppState


class SessionRenewal(QObject):
    """Ticks every second while signed in; refreshes the state's session when due."""

    ticked = Signal()  # redraw the countdown
    started = Signal()  # a refresh is under way
    refreshed = Signal(object)  # Session, after the refresh
    failed = Signal(object)  # PlainError

    def __init__(self, state: AppState, parent: QObject | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(parent)
        self.state = state
        self.schedule = RenewalSchedule(clock)
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)

    def start(self) -> None:
        """Tick every second (while someone is signed in)."""
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def tick(self) -> None:
        """Redraw, then refresh when the schedule says so."""
        self.ticked.emit()
        if self.schedule.due(self.state.session):
            self.refresh()

    def refresh(self) -> bool:
        """One REFRESH_TOKEN_AUTH in the background; False when none can start now."""
        session = self.state.session
        if session is None or self.schedule.running:
            return False
        self.schedule.started()
        self.started.emit()

        def done(_tokens: Tokens) -> None:
            self.schedule.succeeded()
            if self.state.session is session:
                self.state.set_session(session)
                self.state.status_message.emit("Session refreshed (REFRESH_TOKEN_AUTH).")
            self.refreshed.emit(session)

        def failed(exc: BaseException) -> None:
            self.schedule.failed()
            self.failed.emit(describe_error(exc))

        run_task(self, lambda _ctx: session.refresh(), name="refresh-session",
                 on_result=done, on_error=failed)
        return True
