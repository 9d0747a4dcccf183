"""How the Cognito dialogs get a `CognitoAuth` for a profile, and run one call at a time.

`make_auth` reads the client secret (a keyring call), so it runs on the worker thread;
`AuthHolder` makes it once, on the first call that needs it. `CallRunner` is the busy/cancel
plumbing every dialog shares: one background call at a time, a busy row while it runs,
errors in plain words, a Cancel that really lets go.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from tokenexplorer.ui.cognito.widgets import BusyRow, InlineMessage
from tokenexplorer.ui.errors import describe_error
from tokenexplorer.ui.qt import QObject, QtWidgets, Signal
from tokenexplorer.ui.tasks import Task, TaskContext, run_task

if TYPE_CHECKING:
    from tokenexplorer.activity import ActivityLog
    from tokenexplorer.cognito.auth import CognitoAuth
    from tokenexplorer.cognito.profiles import Profile

T = TypeVar("T")
AuthFactory = Callable[["Profile", "ActivityLog | None"], "CognitoAuth"]


def make_auth(profile: Profile, activity: ActivityLog | None = None) -> CognitoAuth:
    """A CognitoAuth for `profile` with its client secret (keyring): worker thread only."""
    from tokenexplorer.cognito.auth import CognitoAuth
    from tokenexplorer.cognito.profiles import client_secret_for

    return CognitoAuth(profile, client_secret=client_secret_for(profile), activity=activity,
                       warn=insecure_warning_to(activity, profile))


def insecure_warning_to(activity: ActivityLog | None,
                        profile: Profile) -> Callable[[str], None] | None:
    """The transport policy's warning (a secret sent over plain http to another host, as
    the profile allows) as an entry of the activity log, at every such call."""
    if activity is None:
        return None
    log = activity

    def warn(text: str) -> None:
        from datetime import UTC, datetime

        from tokenexplorer.activity import ActivityEntry

        log.add(ActivityEntry(datetime.now(UTC), "cognito-idp", "insecure http",
                              profile.endpoint_url or "", 0.0, "warning: unencrypted",
                              {"warning": text}))

    return warn


class AuthHolder:
    """Makes the CognitoAuth once, on the first worker call that needs it."""

    def __init__(self, profile: Profile, activity: ActivityLog | None = None,
                 factory: AuthFactory | None = None) -> None:
        self.profile = profile
        self._activity = activity
        self._factory: AuthFactory = factory or make_auth
        self._auth: CognitoAuth | None = None
        self._lock = threading.Lock()

    def get(self) -> CognitoAuth:
        with self._lock:
            if self._auth is None:
                self._auth = self._factory(self.profile, self._activity)
            return self._auth


class CallRunner(QObject):
    """One background call at a time for a dialog, with a busy row and inline errors."""

    busy_changed = Signal(bool)

    def __init__(self, owner: QtWidgets.QWidget, busy: BusyRow, message: InlineMessage) -> None:
        super().__init__(owner)
        self._owner = owner
        self._busy = busy
        self._message = message
        self.task: Task | None = None

    @property
    def running(self) -> bool:
        return self.task is not None and self.task.running

    def run(self, label: str, work: Callable[[TaskContext], T], on_result: Callable[[T], None],
            on_error: Callable[[BaseException], bool] | None = None) -> Task:
        """Run `work(ctx)` off the GUI thread. `on_error` may return True when it handled
        the error itself; otherwise the error is shown in plain words."""
        if self.running:
            self.cancel(quiet=True)
        self._message.clear()
        self._busy.start(label)
        self.busy_changed.emit(True)

        def finished() -> None:
            self.task = None
            self._busy.stop()
            self.busy_changed.emit(False)

        def succeeded(value: T) -> None:
            finished()
            on_result(value)

        def failed(exc: BaseException) -> None:
            finished()
            if on_error is not None and on_error(exc):
                return
            self._message.show_error(describe_error(exc))

        task = run_task(self._owner, work, name=label, on_result=succeeded,
                        on_error=failed)
        self.task = task
        return task

    def cancel(self, quiet: bool = False) -> bool:
        """Stop waiting for the running call (its late answer is dropped)."""
        task = self.task
        if task is None or not task.running:
            return False
        task.cancel()
        self.task = None
        self._busy.stop()
        self.busy_changed.emit(False)
        if not quiet:
            self._message.show_message(
                "info", "Cancelled. Nothing was changed on this side; you can try again.")
        return True
