"""What the Cognito panels need from the main window, as Protocols (no attribute probing).

`install.CognitoUi` talks to the window only through `WindowApi`; `ui.main_window.MainWindow`
satisfies it structurally (mypy checks that: see the end of this module). Each name is one
the window or its inspector already has.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from tokenexplorer.ui.qt import Qt, QtWidgets

# (source label, raw token) pairs, e.g. ("sign-in as demo (Sandbox)", "eyJ…").
TokenRows = list[tuple[str, str]]


class _Candidate(Protocol):
    @property
    def raw(self) -> str: ...


class ShownToken(Protocol):
    """The token the inspector shows: the panels only compare its raw text with theirs."""

    @property
    def candidate(self) -> _Candidate: ...


class TokenListView(Protocol):
    """The inspector's list of found tokens: which row the user is on."""

    def currentRow(self) -> int: ...

    def setCurrentRow(self, row: int) -> None: ...

    def count(self) -> int: ...


class InspectorView(Protocol):
    """The inspector itself: shows tokens without switching the window's tab."""

    @property
    def token_list(self) -> TokenListView: ...

    def current_token(self) -> ShownToken | None: ...

    def show_tokens(self, tokens: TokenRows) -> None: ...

    def show_text(self, text: str) -> None: ...


class WindowApi(Protocol):
    """The main window as the Cognito panels use it."""

    @property
    def inspector(self) -> InspectorView: ...

    def show_tokens(self, tokens: TokenRows) -> None:
        """Inspect the tokens, bringing the inspector tab forward."""

    def set_verify_context(self, client_id: str | None = None, pool_id: str | None = None,
                           endpoint_url: str | None = None,
                           allow_http_jwks: bool = False) -> None: ...

    def add_dock(self, widget: QtWidgets.QWidget, title: str,
                 area: Qt.DockWidgetArea = ...) -> QtWidgets.QDockWidget: ...

    def menuBar(self) -> QtWidgets.QMenuBar: ...


if TYPE_CHECKING:
    from tokenexplorer.ui.main_window import MainWindow

    def _the_main_window_is_a_window_api(window: MainWindow) -> WindowApi:
        """Never called: makes mypy check that MainWindow offers what the panels use."""
        return window
