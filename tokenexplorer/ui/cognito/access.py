"""How the dialogs get a `CognitoAuth` for a profile, and run one call at a time.

`make_auth` reads the client secret (a keyring call), so it runs on the worker thread.
`CallRunner` is the busy/cancel plumbing every dialog shares: one background call at a
time, a busy row while it runs, errors in plain words, a Cancel that really lets go.
`CallDialog` is the dialog base that wires it up.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from tokenexplorer.tokens.safe_text import visible
from tokenexplorer.ui.cognito.widgets import (
    BusyRow,
    InlineMessage,
    emulator_badge,
    emulator_caution,
    focus_ring,
    where_label,
)
from tokenexplorer.ui.errors import describe_error
from tokenexplorer.ui.qt import QObject, Qt, QtCore, QtGui, QtWidgets, Signal
from tokenexplorer.ui.tasks import Task, run_task


def make_auth(profile: Any, activity: Any = None) -> Any:
    """A CognitoAuth for `profile` with its client secret (keyring): worker thread only."""
    from tokenexplorer.cognito.auth import CognitoAuth
    from tokenexplorer.cognito.profiles import client_secret_for

    return CognitoAuth(profile, client_secret=client_secret_for(profile), activity=activity,
                       warn=insecure_warning_to(activity, profile))


def insecure_warning_to(activity: Any, profile: Any) -> Any:
    """The transport policy's warning (a secret sent over plain http to another host, as
    the profile allows) as an entry of the activity log, at every such call."""
    if activity is None:
        return None

    def warn(text: str) -> None:
        from datetime import UTC, datetime

        from tokenexplorer.activity import ActivityEntry

        activity.add(ActivityEntry(datetime.now(UTC), "cognito-idp", "insecure http",
                                   profile.endpoint_url or "", 0.0, "warning: unencrypted",
                                   {"warning": text}))

    return warn


class AuthHolder:
    """Makes the CognitoAuth once, on the first worker call that needs it."""

    def __init__(self, profile: Any, activity: Any = None,
                 factory: Callable[[Any, Any], Any] | None = None) -> None:
        self.profile = profile
        self._activity = activity
        self._factory = factory or make_auth
        self._auth: Any = None
        self._lock = threading.Lock()

    def get(self) -> Any:
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

    def run(self, label: str, work: Callable[[Any], Any], on_result: Callable[[Any], None],
            on_error: Callable[[BaseException], bool | None] | None = None) -> Task:
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

        def succeeded(value: Any) -> None:
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


class CallDialog(QtWidgets.QDialog):
    """A dialog that makes its calls through one CallRunner.

    Cancel first stops a running call (the dialog stays open for a retry); with nothing
    running it closes the dialog. Closing always lets go of the running call.

    The dialog's height follows its content: Qt sizes a top-level window from its layout's
    minimum, which ignores how tall word-wrapped labels become at the window's width, so an
    error message appearing squashed the fields above it. `fit_to_contents` (run on every
    layout change and resize) keeps the window at least as tall as the content needs at its
    current width.
    """

    def __init__(self, parent: QtWidgets.QWidget | None, *, title: str, name: str,
                 min_width: int) -> None:
        super().__init__(parent)
        self.setWindowTitle(visible(title))  # holds the profile's name
        self.setAccessibleName(f"{name} dialog")
        self.setMinimumWidth(min_width)
        self.message = InlineMessage(name=f"{name} message")
        self.busy = BusyRow()
        self.runner = CallRunner(self, self.busy, self.message)
        self.runner.busy_changed.connect(self._busy_changed)

    def event(self, event: QtCore.QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QtCore.QEvent.Type.LayoutRequest:
            self.fit_to_contents()
        return handled

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit_to_contents()  # wrapped labels need another height at this width

    def fit_to_contents(self) -> None:
        """Grow (never shrink) the window to the height its content needs at this width,
        and make that the minimum, so no field is squashed and no label clipped."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        width = self.width()
        needed = layout.totalMinimumSize().height()
        if layout.hasHeightForWidth():
            needed = max(needed, layout.totalHeightForWidth(width))
        if self.minimumHeight() != needed:
            self.setMinimumHeight(needed)
        if self.height() < needed:
            self.resize(width, needed)

    def _busy_changed(self, busy: bool) -> None:
        """Subclasses disable their inputs while a call runs."""

    def submit(self) -> None:
        """The primary button's action (Enter): subclasses run their current step."""

    def _back(self) -> None:
        """The Back button's action, for dialogs that have one."""

    def _request_new_code(self, username: str) -> None:
        """ResendConfirmationCode for `username` (dialogs with an AuthHolder as `self.holder`)."""
        holder = self.holder

        def work(_ctx: Any) -> Any:
            return holder.get().resend_code(username)

        def sent(delivery: Any) -> None:
            self.message.show_message(
                "ok", delivery.describe() if delivery else "A new code was requested.")

        self.runner.run("Asking for a new code (ResendConfirmationCode)…", work, sent)

    def _button_row(self, primary_text: str, *, back: bool = False) -> QtWidgets.QHBoxLayout:
        """[Back]  …  Cancel  <primary>: the primary is the default button (Enter)."""
        row = QtWidgets.QHBoxLayout()
        buttons = []
        if back:
            self.back_button = _plain_button("Back")
            self.back_button.clicked.connect(self._back)
            row.addWidget(self.back_button)
            buttons.append(self.back_button)
        row.addStretch(1)
        self.cancel_button = _plain_button("Cancel")
        self.cancel_button.clicked.connect(self._cancel_clicked)
        self.primary = QtWidgets.QPushButton(primary_text)
        self.primary.setDefault(True)
        self.primary.clicked.connect(self.submit)
        row.addWidget(self.cancel_button)
        row.addWidget(self.primary)
        focus_ring(*buttons, self.cancel_button, self.primary)
        return row

    def _lay_out(self, body: list[QtWidgets.QWidget], buttons: QtWidgets.QLayout, *,
                 profile: Any = None, emulator: bool = False) -> None:
        """Where (profile, emulator badge and caution), the body, message, busy row, buttons."""
        layout = QtWidgets.QVBoxLayout(self)
        if profile is not None:
            top = QtWidgets.QHBoxLayout()
            top.addWidget(where_label(profile), 1)
            if emulator:
                top.addWidget(emulator_badge(), 0, Qt.AlignmentFlag.AlignTop)
            layout.addLayout(top)
            if emulator:
                layout.addWidget(emulator_caution())
        for widget in body:
            layout.addWidget(widget)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def _cancel_clicked(self) -> None:
        if not self.runner.cancel():
            self.reject()

    def reject(self) -> None:
        self.runner.cancel(quiet=True)
        super().reject()


def _plain_button(text: str) -> QtWidgets.QPushButton:
    """A button that Enter never triggers (only the dialog's primary button is default)."""
    button = QtWidgets.QPushButton(text)
    button.setAccessibleName(text)
    button.setAutoDefault(False)
    return button
