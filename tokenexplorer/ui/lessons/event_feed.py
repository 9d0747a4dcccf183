"""Turns what the window and the shared state report into lesson events (lessons/events.py).

One place knows which signal means what, so the pane and the lesson files don't. Everything
arrives on the GUI thread (AppState relays activity there).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tokenexplorer.lessons import events
from tokenexplorer.lessons.events import AppEvent
from tokenexplorer.ui.qt import QObject
from tokenexplorer.ui.state import AppState
from tokenexplorer.ui.window_events import WindowEvents


class EventFeed(QObject):
    def __init__(self, state: AppState, window_events: WindowEvents,
                 deliver: Callable[[AppEvent], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._deliver = deliver
        self._signed_in = state.session is not None
        self._state = state
        state.activity_added.connect(lambda entry: deliver(events.from_activity(entry)))
        state.session_changed.connect(self._on_session)
        state.credentials_changed.connect(self._on_credentials)
        window_events.token_checked.connect(lambda report: deliver(events.from_report(report)))
        window_events.view_shown.connect(lambda name: deliver(events.view_opened(name)))

    def _on_session(self, session: Any) -> None:
        if session is not None and not self._signed_in:
            profile = self._state.profile
            self._deliver(events.signed_in(bool(profile and profile.is_sandbox)))
        elif session is None and self._signed_in:
            self._deliver(events.signed_out())
        self._signed_in = session is not None

    def _on_credentials(self, credentials: Any) -> None:
        if credentials is not None:
            self._deliver(events.from_credentials(credentials))
