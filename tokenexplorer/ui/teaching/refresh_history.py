"""The tokens before and after the session's last refresh, for "compare before/after".

A refresh renews the Session in place and the state says `session_changed` with the same
session: what was seen before is "before", what arrives is "after". A new sign-in or a
sign-out forgets both. Built at start-up (the Compare tab may be opened much later).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tokenexplorer.ui.qt import QObject, Signal

if TYPE_CHECKING:
    from tokenexplorer.cognito.session import Session
    from tokenexplorer.cognito.steps import Tokens
    from tokenexplorer.ui.state import AppState


class RefreshHistory(QObject):
    changed = Signal()

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        self._session: Session | None = None
        self._seen: Tokens | None = None
        self.before: Tokens | None = None
        self.after: Tokens | None = None
        state.session_changed.connect(self.on_session)
        self.on_session(state.session)

    @property
    def has_refresh(self) -> bool:
        return self.before is not None and self.after is not None

    def on_session(self, session: Session | None) -> None:
        tokens = session.tokens if session is not None else None
        if session is not None and session is self._session and tokens is not None \
                and self._seen is not None and tokens.id_token != self._seen.id_token:
            self.before, self.after = self._seen, tokens
        elif session is not self._session:
            self.before = self.after = None
        self._session, self._seen = session, tokens
        self.changed.emit()
