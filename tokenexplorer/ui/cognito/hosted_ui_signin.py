"""The window's hosted-UI sign-in: the core flow on a worker, the browser opened on the GUI
thread (QDesktopServices), a waiting state the user can cancel.

`HostedSignInRunner.start(profile, provider)` binds the callback port and checks the
request on a worker, then emits `browser_needed(url)`; the GUI opens it (or shows it to
copy when no browser opens). The worker waits for the browser's answer, exchanges the code
and emits `signed_in(HostedFinished)`. `cancel()` stops the listener at once (the port is
free again) and lets the task go.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tokenexplorer.cognito.hosted_ui.flow import WAIT_S, HostedResult, HostedSignIn
from tokenexplorer.ui.errors import PlainError, describe_error
from tokenexplorer.ui.qt import QObject, QtCore, QtGui, Signal
from tokenexplorer.ui.tasks import Task, TaskContext, run_task

if TYPE_CHECKING:
    from tokenexplorer.cognito.auth import CognitoAuth, Tokens
    from tokenexplorer.cognito.profiles import Profile
    from tokenexplorer.cognito.sign_in_attempt import DeviceOutcome
    from tokenexplorer.ui.state import AppState


@dataclass(frozen=True)
class HostedFinished:
    """A finished hosted-UI sign-in, in the shape SessionPanel.start_session takes."""

    profile: Profile
    tokens: Tokens = field(repr=False)
    auth: CognitoAuth
    remember: bool
    result: HostedResult
    callback_at: float | None = None  # perf_counter() when the browser's answer arrived
    device: DeviceOutcome | None = None  # the hosted UI tracks devices itself, not the app


def open_in_browser(url: str) -> bool:
    """The system browser (RFC 8252: never an embedded web view)."""
    parsed = QtCore.QUrl(url, QtCore.QUrl.ParsingMode.StrictMode)
    return parsed.isValid() and bool(QtGui.QDesktopServices.openUrl(parsed))


class HostedSignInRunner(QObject):
    waiting = Signal(str, str)  # the authorize URL, the callback URL listened on
    browser_failed = Signal(str)  # no browser opened: the URL, for the user to copy
    signed_in = Signal(object)  # HostedFinished
    failed = Signal(object)  # PlainError
    stopped = Signal()  # cancelled, failed or finished: the waiting state ends

    def __init__(self, state: AppState, parent: QObject | None = None,
                 open_url: Callable[[str], bool] = open_in_browser,
                 wait_s: float = WAIT_S) -> None:
        super().__init__(parent)
        self.state = state
        self.open_url = open_url
        self.wait_s = wait_s
        self.task: Task | None = None
        self.remember = False
        self._flow: HostedSignIn | None = None
        self._lock = threading.Lock()

    @property
    def busy(self) -> bool:
        return self.task is not None

    @property
    def flow(self) -> HostedSignIn | None:
        with self._lock:
            return self._flow

    def start(self, profile: Profile, provider: str | None = None) -> Task | None:
        if self.task is not None:
            return None
        activity = self.state.activity
        wait_s = self.wait_s

        def work(ctx: TaskContext) -> HostedFinished:
            from tokenexplorer.cognito.profiles import client_secret_for
            from tokenexplorer.ui.cognito.background_calls import make_auth

            secret = client_secret_for(profile) if profile.has_client_secret else None
            flow = HostedSignIn(profile, client_secret=secret, activity=activity,
                                provider=provider)
            with self._lock:
                self._flow = flow
            if ctx.cancelled:
                flow.cancel()
            try:
                url = flow.start()
                assert flow.request is not None
                ctx.progress((url, flow.request.redirect_uri))
                flow.read_discovery()
                callback = flow.wait(wait_s)
                received = flow.listener.received_at if flow.listener is not None else None
                result = flow.finish(callback)
            finally:
                flow.close()  # whatever happened, the port is free again
            return HostedFinished(profile, result.tokens, make_auth(profile, activity),
                                  self.remember, result, received)

        self.task = run_task(self, work, name="hosted-ui-sign-in", on_result=self._done,
                             on_error=self._failed, on_progress=self._progress)
        return self.task

    def _progress(self, value: object) -> None:
        if not isinstance(value, tuple) or len(value) != 2:
            return
        url, callback = str(value[0]), str(value[1])
        self.waiting.emit(url, callback)
        if not self.open_url(url):
            self.browser_failed.emit(url)

    def _done(self, finished: HostedFinished) -> None:
        self._end()
        self.signed_in.emit(finished)

    def _failed(self, exc: BaseException) -> None:
        self._end()
        error: PlainError = describe_error(exc)
        self.failed.emit(error)

    def cancel(self) -> None:
        """Stop waiting: the listener closes (port freed) and the task is let go."""
        flow, task = self.flow, self.task
        if flow is not None:
            flow.cancel()
        if task is not None:
            task.cancel()
        self._end()

    def _end(self) -> None:
        self.task = None
        with self._lock:
            self._flow = None
        self.stopped.emit()
