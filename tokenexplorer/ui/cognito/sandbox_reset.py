"""Cognito ▸ Reset sandbox…: start the sandbox afresh (a new pool, no signed-up users).

The window's own engine is stopped first (reset_sandbox refuses while one runs on the
folder); the stop and the deletion run off the GUI thread (the engine saves its state on
the way out, the folder may be large). Sessions and tokens of the old pool go with it."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from tokenexplorer.ui import plain
from tokenexplorer.ui.errors import describe_error
from tokenexplorer.ui.qt import QObject, QtGui, QtWidgets
from tokenexplorer.ui.tasks import Task, TaskContext, run_task

if TYPE_CHECKING:
    from pathlib import Path

    from tokenexplorer.cognito.sandbox import Sandbox
    from tokenexplorer.ui.cognito.install import CognitoUi

TITLE = "Reset sandbox"
QUESTION = (
    "Reset the sandbox? This deletes the sandbox's user pool, its users (including any you "
    "signed up), its identities and its S3 bucket with every file in it, and signs you out "
    "of it. The next start creates a new pool with only the demo user.\n\n"
    "This cannot be undone.")
DONE = "The sandbox was reset. Start it again from the Pool pane."


class SandboxReset(QObject):
    """The Reset sandbox… action of one window's Cognito UI."""

    def __init__(self, ui: CognitoUi, menu: QtWidgets.QMenu) -> None:
        super().__init__(ui)
        self.ui = ui
        self.task: Task | None = None
        self.action = QtGui.QAction("&Reset sandbox…", menu)
        self.action.setObjectName(TITLE)
        tip = "Delete the sandbox's pool, users, identities and bucket; start afresh"
        self.action.setToolTip(tip)
        self.action.setStatusTip(tip)
        self.action.triggered.connect(lambda _checked=False: self.reset())
        menu.addAction(self.action)

    def _parent(self) -> QtWidgets.QWidget | None:
        window = self.ui.window
        return window if isinstance(window, QtWidgets.QWidget) else None

    def reset(self) -> Task | None:
        """Ask (default No), then stop the window's sandbox and delete its state."""
        if self.task is not None:
            return self.task
        if not self.ui.start_sandbox_action.isEnabled():  # a start is under way
            self.ui.state.status_message.emit(
                "The sandbox is starting; reset it once it has started.")
            return None
        standard = QtWidgets.QMessageBox.StandardButton
        answer = plain.ask(self._parent(), TITLE, QUESTION, standard.Yes | standard.No,
                           standard.No)
        if answer != standard.Yes:
            return None
        state = self.ui.state
        sandbox, state.sandbox = state.sandbox, None
        self._forget_sandbox_session()
        self._busy(True)
        state.status_message.emit("Resetting the sandbox…")
        self.task = run_task(self, lambda ctx: _stop_and_reset(ctx, sandbox),
                             name="reset-sandbox", on_result=self._done,
                             on_error=self._failed)
        return self.task

    def _forget_sandbox_session(self) -> None:
        """The signed-in sandbox user is about to vanish: drop the session and its tokens."""
        state = self.ui.state
        session = state.session
        if session is not None and session.auth.profile.is_sandbox:
            state.set_session(None)
            state.set_credentials(None)
            self.ui.session_panel.signed_out.emit(None)  # its tokens leave the inspector

    def _busy(self, busy: bool) -> None:
        self.action.setEnabled(not busy)
        self.ui.start_sandbox_action.setEnabled(not busy)
        self.ui.profile_pane.set_sandbox_busy(busy)

    def _done(self, _directory: Path) -> None:
        self.task = None
        self._busy(False)
        self.ui.profile_pane.banner.show_message("ok", DONE)
        self.ui.state.status_message.emit(DONE)

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        self._busy(False)
        error = describe_error(exc)
        self.ui.profile_pane.banner.show_error(error)
        self.ui.state.status_message.emit(f"The sandbox was not reset: {error.message}")


def _stop_and_reset(_ctx: TaskContext, sandbox: Sandbox | None) -> Path:
    """Worker: stop the window's engine, forget the sandbox's remembered sessions, delete."""
    from tokenexplorer import keyring_store
    from tokenexplorer.cognito.sandbox import (
        M2M_PROFILE_NAME,
        SANDBOX_PROFILE_NAME,
        reset_sandbox,
    )
    from tokenexplorer.explained import ExplainedError

    if sandbox is not None:
        sandbox.stop()
    directory = reset_sandbox()
    for name in (SANDBOX_PROFILE_NAME, M2M_PROFILE_NAME):
        # No usable keyring: nothing was remembered there (resume drops stale ones anyway).
        with contextlib.suppress(ExplainedError):
            keyring_store.delete_refresh_token(name)  # refresh tokens of a pool now gone
    return directory


__all__ = ["SandboxReset"]
