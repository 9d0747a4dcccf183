"""What the panels of one window share: the active profile, the session, the activity log.

Panels hold a reference to one AppState and listen to its signals instead of to each
other, so a sign-in in one dialog updates the inspector, the credentials panel and the
S3 browser without them knowing about each other. Setters must be called on the GUI
thread (results of background tasks arrive there through run_task).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tokenexplorer.activity import ActivityEntry, ActivityLog
from tokenexplorer.ui.qt import QObject, QtCore, Signal

if TYPE_CHECKING:
    from tokenexplorer.aws.credentials import IdentityCredentials
    from tokenexplorer.cognito.profiles import Profile
    from tokenexplorer.cognito.sandbox import Sandbox
    from tokenexplorer.cognito.session import Session


class AppState(QObject):
    profile_changed = Signal(object)  # Profile | None
    session_changed = Signal(object)  # cognito.session.Session | None
    credentials_changed = Signal(object)  # aws.credentials.IdentityCredentials | None
    activity_added = Signal(object)  # ActivityEntry, delivered on the GUI thread
    activity_cleared = Signal()  # the activity log was emptied (clear_activity)
    status_message = Signal(str)  # short, non-secret text for the status bar

    def __init__(self, activity: ActivityLog | None = None) -> None:
        super().__init__()
        self.activity = activity or ActivityLog()
        self.profile: Profile | None = None
        self.session: Session | None = None
        self.credentials: IdentityCredentials | None = None
        self.sandbox: Sandbox | None = None  # while the emulator runs
        # Activity is recorded on worker threads; hop to the GUI thread through a queued signal.
        self._activity_relay = GuiThreadRelay(self.activity_added.emit)
        self._unsubscribe = self.activity.subscribe(self._activity_relay.send)

    def set_profile(self, profile: Profile | None) -> None:
        if profile is self.profile:
            return
        self.profile = profile
        self.profile_changed.emit(profile)

    def set_session(self, session: Session | None) -> None:
        self.session = session
        self.session_changed.emit(session)

    def set_credentials(self, credentials: IdentityCredentials | None) -> None:
        self.credentials = credentials
        self.credentials_changed.emit(credentials)

    def clear_activity(self) -> None:
        """Empty the activity log and tell every view of it (the table, the diagram)."""
        self.activity.clear()
        self.activity_cleared.emit()

    def close(self) -> None:
        self._unsubscribe()
        self.session = None
        self.credentials = None
        if self.sandbox is not None:
            self.sandbox.stop()
            self.sandbox = None


class GuiThreadRelay(QObject):
    """Carries one value per call from any thread to `receiver` on the GUI thread.

    Core callbacks (activity entries, renewed credentials) fire on worker threads; a widget
    may only be touched on the GUI thread. `send` may be called from anywhere; `receiver`
    runs later, queued, on the thread this relay lives on (create it on the GUI thread).
    Several values travel as one tuple."""

    carried = Signal(object)

    def __init__(self, receiver: Callable[[Any], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.carried.connect(receiver, QtCore.Qt.ConnectionType.QueuedConnection)

    def send(self, value: object) -> None:
        self.carried.emit(value)


__all__ = ["ActivityEntry", "AppState", "GuiThreadRelay"]
