"""What the panels of one window share: the active profile, the session, the activity log.

Panels hold a reference to one AppState and listen to its signals instead of to each
other, so a sign-in in one dialog updates the inspector, the credentials panel and the
S3 browser without them knowing about each other. Setters must be called on the GUI
thread (results of background tasks arrive there through run_task).
"""

from __future__ import annotations

from typing import Any

from tokenexplorer.activity import ActivityEntry, ActivityLog
from tokenexplorer.ui.qt import QObject, QtCore, Signal


class AppState(QObject):
    profile_changed = Signal(object)  # Profile | None
    session_changed = Signal(object)  # cognito.session.Session | None
    credentials_changed = Signal(object)  # aws.credentials.IdentityCredentials | None
    activity_added = Signal(object)  # ActivityEntry, delivered on the GUI thread
    status_message = Signal(str)  # short, non-secret text for the status bar

    def __init__(self, activity: ActivityLog | None = None) -> None:
        super().__init__()
        self.activity = activity or ActivityLog()
        self.profile: Any = None
        self.session: Any = None
        self.credentials: Any = None
        self.sandbox: Any = None  # cognito.sandbox.Sandbox while the emulator runs
        # Activity is recorded on worker threads; hop to the GUI thread through a queued signal.
        self._activity_relay = _Relay()
        self._activity_relay.entry.connect(
            self.activity_added, QtCore.Qt.ConnectionType.QueuedConnection
        )
        self._unsubscribe = self.activity.subscribe(self._activity_relay.entry.emit)

    def set_profile(self, profile: Any) -> None:
        if profile is self.profile:
            return
        self.profile = profile
        self.profile_changed.emit(profile)

    def set_session(self, session: Any) -> None:
        self.session = session
        self.session_changed.emit(session)

    def set_credentials(self, credentials: Any) -> None:
        self.credentials = credentials
        self.credentials_changed.emit(credentials)

    def close(self) -> None:
        self._unsubscribe()
        self.session = None
        self.credentials = None
        if self.sandbox is not None:
            self.sandbox.stop()
            self.sandbox = None


class _Relay(QObject):
    entry = Signal(object)


__all__ = ["ActivityEntry", "AppState"]
