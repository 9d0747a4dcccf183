"""Mounts the *Sandbox inbox* dock: built the first time it is shown, in the View menu.

The dock reads the inbox of the sandbox in use: the one this window started, else the
selected profile when it is an emulator on this machine, else the saved Sandbox profile.
`SandboxInbox.open()` shows it (the sign-up and reset pages' "Open Sandbox inbox").
"""

from __future__ import annotations

from collections.abc import Callable

from tokenexplorer.cognito.ids import is_loopback_http
from tokenexplorer.cognito.profiles import ProfileStore
from tokenexplorer.ui.qt import Qt, QtWidgets
from tokenexplorer.ui.state import AppState
from tokenexplorer.ui.window_api import PanelHost

INBOX_TITLE = "Sandbox inbox"


def inbox_endpoint(state: AppState, store: ProfileStore) -> str | None:
    """The endpoint whose inbox to show now, or None when there is no sandbox at all."""
    from tokenexplorer.cognito.sandbox import SANDBOX_PROFILE_NAME

    if state.sandbox is not None:
        return str(state.sandbox.endpoint_url)
    profile = state.profile
    if profile is not None and is_loopback_http(profile.endpoint_url):
        return profile.endpoint_url
    saved = store.get(SANDBOX_PROFILE_NAME)
    return saved.endpoint_url if saved is not None and saved.endpoint_url else None


class SandboxInbox:
    """The installed dock: `open()` brings it up (building it the first time)."""

    def __init__(self, dock: QtWidgets.QDockWidget) -> None:
        self.dock = dock

    def open(self) -> None:
        self.dock.show()
        self.dock.raise_()


def install_sandbox_inbox(window: PanelHost, state: AppState, store: ProfileStore,
                          beside: QtWidgets.QDockWidget | None = None,
                          start: Callable[[], object] | None = None) -> SandboxInbox:
    """Add the lazy dock (View → Sandbox inbox). Unless a saved layout placed it, it starts
    closed, as a tab behind `beside`: nothing is built or polled until it is opened.
    `start` (the app's start path) backs its "Start the sandbox" button."""
    def build() -> QtWidgets.QWidget:
        from tokenexplorer.ui.sandbox.inbox_dock import InboxDock

        return InboxDock(lambda: inbox_endpoint(state, store), start=start)

    dock = window.add_lazy_dock(INBOX_TITLE, build, Qt.DockWidgetArea.BottomDockWidgetArea)
    dock.toggleViewAction().setStatusTip("The mail and SMS the sandbox's Cognito would "
                                         "have sent: confirmation and reset codes")
    if isinstance(window, QtWidgets.QMainWindow) and beside is not None:
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        side_by_side = (not dock.isFloating() and not beside.isFloating()
                        and window.dockWidgetArea(dock) == bottom
                        and window.dockWidgetArea(beside) == bottom
                        and dock not in window.tabifiedDockWidgets(beside))
        if side_by_side:  # closed until asked for, then a tab behind `beside`
            window.tabifyDockWidget(beside, dock)
            dock.hide()
            beside.raise_()
    return SandboxInbox(dock)


__all__ = ["INBOX_TITLE", "SandboxInbox", "inbox_endpoint", "install_sandbox_inbox"]
