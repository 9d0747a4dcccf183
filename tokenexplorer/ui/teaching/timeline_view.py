"""The "Timeline" tab: the current session's tokens and AWS credentials on a time axis.

Live: a sign-in, a refresh (AppState.session_changed) or new credentials redraw it, and a
slow timer moves the "now" line, only while the tab is shown. The token history is kept
here even while hidden (a refresh replaces the session's tokens; their times are kept so
the replaced lifetimes stay on the axis); a different session starts it afresh.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from tokenexplorer.teaching.timeline import TokenHistory, describe, observe_session, timeline_for
from tokenexplorer.ui import plain
from tokenexplorer.ui.cognito.widgets import set_tone
from tokenexplorer.ui.qt import QtCore, QtGui, QtWidgets
from tokenexplorer.ui.teaching.timeline_canvas import TimelineCanvas

if TYPE_CHECKING:
    from tokenexplorer.cognito.session import Session
    from tokenexplorer.ui.state import AppState

TICK_MS = 2000  # the "now" line moves this often (a pixel or so on a 1 h axis)
EMPTY_TEXT = ("Nothing on the timeline yet. Sign in (Cognito → Sign in…): the tokens' iat, "
              "exp and auth_time appear here, then each refresh and the AWS credentials' "
              "expiry once you get credentials.")


class TimelinePanel(QtWidgets.QWidget):
    def __init__(self, state: AppState, parent: QtWidgets.QWidget | None = None,
                 clock: Callable[[], float] = time.time, tick_ms: int = TICK_MS) -> None:
        super().__init__(parent)
        self.setAccessibleName("Timeline")
        self.state, self.clock = state, clock
        self.history = TokenHistory()
        self._session: Session | None = None
        self.canvas = TimelineCanvas()
        self.events = plain.label()
        self.events.setAccessibleName("Timeline events")
        self.events.setWordWrap(True)
        self.events.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self.rebuild)
        self._lay_out()
        state.session_changed.connect(self._session_changed)
        state.credentials_changed.connect(self._changed)
        self._session_changed(state.session)

    def _lay_out(self) -> None:
        hint = plain.label("Bars are lifetimes (faded: replaced by a refresh); ticks are "
                           "instants: iat (issued), exp (expires), auth_time (signed in), "
                           "each refresh, the credentials' expiry. Times are your clock's.")
        hint.setWordWrap(True)
        set_tone(hint, "muted")
        scroll = QtWidgets.QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName("Timeline area")
        scroll.setWidget(self.canvas)
        scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(hint)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.events)

    def _session_changed(self, session: Session | None) -> None:
        if session is not self._session:
            self.history.clear()  # another sign-in: another session's timeline
            self._session = session
        observe_session(self.history, session)  # even when hidden: keeps replaced tokens
        self._changed()

    def _changed(self, *_: object) -> None:
        if self.isVisible():
            self.rebuild()

    def rebuild(self) -> None:
        timeline = timeline_for(self.history, self.state.session, self.state.credentials,
                                self.clock())
        self.canvas.set_timeline(timeline, EMPTY_TEXT)
        lines = describe(timeline)
        self.events.setText("\n".join(lines))
        self.canvas.setAccessibleDescription("; ".join(lines) or EMPTY_TEXT)

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        self.rebuild()
        self.timer.start()

    def hideEvent(self, event: QtGui.QHideEvent) -> None:
        self.timer.stop()  # no work while nobody looks
        super().hideEvent(event)


__all__ = ["EMPTY_TEXT", "TimelinePanel"]
