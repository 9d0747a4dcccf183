"""What a panel may ask of the main window: the one contract between them.

Panels (ui/cognito, ui/aws, and the ones to come) are given the window as a `PanelHost`
and use only this: they never reach into the window's attributes, the inspector's
widgets, or each other. Shared state (profile, session, credentials) lives on the
window's AppState (`app_state`), whose signals say when it changes. MainWindow
implements it (ui/main_window.py); a test may pass any object that does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from tokenexplorer.ui.qt import Qt, QtCore, QtWidgets

if TYPE_CHECKING:
    from tokenexplorer.activity import ActivityEntry
    from tokenexplorer.tokens.model import Report
    from tokenexplorer.ui.masking_view import MaskingView
    from tokenexplorer.ui.state import AppState
    from tokenexplorer.ui.window_events import WindowEvents

# (source label, raw token) pairs, e.g. ("sign-in as demo (Sandbox)", "eyJ…").
TokenRows = list[tuple[str, str]]


class PanelHost(Protocol):
    window_events: WindowEvents  # views shown, tokens checked: for panels that follow them

    @property
    def app_state(self) -> AppState | None:
        """The shared profile/session/credentials state (None before the panels mount)."""

    # -- View → Mask personal data -----------------------------------------------------
    @property
    def masking(self) -> MaskingView:
        """The window's one Masker and whether it is on: format shown text through it."""

    # Emitted (with the new state) when masking is switched: re-render what is shown.
    masking_changed: QtCore.SignalInstance

    # -- the inspector ------------------------------------------------------------------
    def show_tokens(self, tokens: Sequence[tuple[str, str]], *, focus: bool = True) -> None:
        """Inspect (source label, raw token) pairs. focus=False (a refresh): update in
        place, keep the user's tab and the selected row."""

    def clear_tokens(self) -> None:
        """Empty the inspector, leaving the user on the tab they are on."""

    def inspected_token(self) -> str | None:
        """The raw text of the token the inspector shows now, or None."""

    def inspected_report(self) -> Report | None:
        """The verdict (signature, checks, warnings) shown for that token, or None while
        it is being checked."""

    def set_verify_context(self, client_id: str | None = None, pool_id: str | None = None,
                           endpoint_url: str | None = None,
                           allow_http_jwks: bool = False) -> None:
        """What verification expects of tokens (the active profile's pool and client)."""

    def show_sample_token(self, text: str) -> None:
        """Inspect a File → Samples token, verified with the SAMPLE JWKS (the key panel
        says so); other input puts the key source back on Automatic."""

    def select_activity(self, entry: ActivityEntry) -> bool:
        """Show this call in the Activity log (its dock raised, its row selected); False
        when the log does not list it (cleared since) or has no panel in this build."""

    # -- the frame ----------------------------------------------------------------------
    def current_tab(self) -> QtWidgets.QWidget | None:
        """The widget of the tab in front (a lazy tab's built widget), or None."""

    def show_status(self, text: str, timeout_ms: int = ...) -> None:
        """A short, non-secret line in the status bar."""

    def add_tab(self, widget: QtWidgets.QWidget, title: str) -> int:
        """A tab made now; returns its index."""

    def add_lazy_tab(self, title: str, factory: Callable[[], QtWidgets.QWidget]) -> None:
        """A tab whose widget `factory` builds the first time the tab is shown or opened."""

    def open_tab(self, title: str) -> QtWidgets.QWidget:
        """Bring the tab called `title` (mnemonic '&' ignored) to front; its widget."""

    def add_dock(self, widget: QtWidgets.QWidget, title: str,
                 area: Qt.DockWidgetArea = ...) -> QtWidgets.QDockWidget:
        """A dock made now, restored to where the saved layout had it."""

    def add_lazy_dock(self, title: str, factory: Callable[[], QtWidgets.QWidget],
                      area: Qt.DockWidgetArea = ...) -> QtWidgets.QDockWidget:
        """A dock whose widget is built the first time it is shown."""

    def add_menu(self, menu: QtWidgets.QMenu) -> None:
        """A menu in the menu bar, before Help."""


__all__ = ["PanelHost"]


if TYPE_CHECKING:
    from tokenexplorer.ui.main_window import MainWindow

    def _the_main_window_is_a_panel_host(window: MainWindow) -> PanelHost:
        """Never called: makes mypy check that MainWindow offers what panels use."""
        return window
