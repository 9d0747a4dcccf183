"""The main window: a tab per tool ("Inspector" first), menus, drops, and restored layout.

Panels talk to it only through its public API, the `PanelHost` protocol (ui/window_api.py):
they plug in with `add_tab` / `add_lazy_tab` / `add_dock` / `add_lazy_dock` / `add_menu`
(the lazy ones build their widget when first shown, so start-up builds only what the first
screen shows); sign-in flows hand tokens over with `show_tokens`; the active profile sets
what verification expects with `set_verify_context`. The window remembers its layout
(geometry, splitters, columns), never its content: no token, no history, no secret
reaches the settings file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from tokenexplorer import APP_NAME
from tokenexplorer.paths import config_dir
from tokenexplorer.ui.inspector.inspector import InspectorWidget
from tokenexplorer.ui.inspector.token_input import local_file_from_mime
from tokenexplorer.ui.inspector.verification import VerifyContext
from tokenexplorer.ui.lazy_page import LazyPage
from tokenexplorer.ui.masking_view import MaskingView, add_masking_action
from tokenexplorer.ui.presenter import PresenterMode, add_presenter_action
from tokenexplorer.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from tokenexplorer.ui.view_zoom import ViewZoom, add_zoom_actions
from tokenexplorer.ui.window_events import WindowEvents, show_view
from tokenexplorer.ui.window_layout import DockLayout
from tokenexplorer.ui.window_menus import NOTE_MS, WindowMenus
from tokenexplorer.ui.zoom_fit import fit_window

if TYPE_CHECKING:
    from tokenexplorer.activity import ActivityEntry, ActivityLog
    from tokenexplorer.tokens.model import Report
    from tokenexplorer.ui.aws.install import AwsUi
    from tokenexplorer.ui.cognito.install import CognitoUi
    from tokenexplorer.ui.state import AppState

STATUS_MS = 8000
LAYOUT_FILE = "layout.ini"
SAMPLE = ("samples", "seed-id-token.jwt")


def layout_settings() -> QtCore.QSettings:
    """The settings file holding window layout only (under config_dir(), so tests isolate it)."""
    directory = config_dir()
    directory.mkdir(parents=True, exist_ok=True)
    return QtCore.QSettings(str(directory / LAYOUT_FILE), QtCore.QSettings.Format.IniFormat)


def sample_token_text() -> str | None:
    from tokenexplorer.resources import resource_path

    try:
        return resource_path(*SAMPLE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None


class MainWindow(QtWidgets.QMainWindow):
    """Implements PanelHost (ui/window_api.py): the API the panels use."""

    masking_changed = Signal(bool)  # View → Mask personal data toggled: panels re-render

    def __init__(self, parent: QtWidgets.QWidget | None = None,
                 remember_layout: bool = True) -> None:
        """`remember_layout=False` (screenshots): default layout, nothing read or written."""
        super().__init__(parent)
        self._remember_layout = remember_layout
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self.docks = DockLayout(self)
        self.docks.size_for_screen()
        self.tabs = QtWidgets.QTabWidget()
        self.tabs.setAccessibleName("Main tabs")
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        # View → Zoom, Mask personal data, Presenter mode (ui/view_zoom, masking_view, presenter)
        self.zoom = ViewZoom(self, layout_settings if remember_layout else None)
        self.masking = MaskingView(self)
        self.masking.changed.connect(self.masking_changed)
        self.inspector = InspectorWidget(masking=self.masking)
        self.tabs.addTab(self.inspector, "&Inspector")
        self.inspector.status_message.connect(partial(self.show_status, timeout_ms=NOTE_MS))
        self.window_events = WindowEvents(self)
        self.inspector.checked.connect(self.window_events.token_checked)
        self.tabs.currentChanged.connect(
            lambda index: self.window_events.view_shown.emit(
                self.tabs.tabText(index).replace("&", "")))
        self.window_events.show_view_requested.connect(partial(show_view, self, self.tabs))
        self._app_state: AppState | None = None
        self.cognito_ui: CognitoUi | None = None  # set by app.install_panels
        self.aws_ui: AwsUi | None = None
        menus = self.menus = WindowMenus(self)
        # The actions tests and panels reach by name (their menus hold them too).
        self.paste_action, self.open_action = menus.paste_action, menus.open_action
        self.quit_action, self.copy_value_action = menus.quit_action, menus.copy_value_action
        self.reset_layout_action = menus.reset_layout_action
        self.offline_action, self.cancel_action = menus.offline_action, menus.cancel_action
        self.view_menu = menus.view_menu
        self.zoom_actions = add_zoom_actions(self.view_menu, self.zoom, self)
        # Larger type: the panes it no longer fits are given room (ui/zoom_fit.py).
        self.zoom.changed.connect(
            lambda _percent: QtCore.QTimer.singleShot(0, self, partial(fit_window, self)))
        # Presenting, the key choice is set already: its room goes to the checks.
        self.presenter = PresenterMode(self, self.zoom, secondary=(self.inspector.key_panel,))
        self.presenter_action = add_presenter_action(self.view_menu, self.presenter, self)
        self.mask_action = add_masking_action(self.view_menu, self.masking, self)
        self.view_menu.addSeparator()
        self.statusBar().setAccessibleName("Status bar")
        if remember_layout:
            settings = layout_settings()
            self.docks.restore(settings)
            self.inspector.restore_layout(settings)

    # -- public API for other panels (PanelHost, ui/window_api.py) -------------------------------
    @property
    def app_state(self) -> AppState | None:
        return self._app_state

    def attach_state(self, state: AppState) -> None:
        """The panels' shared state: its activity log records the JWKS fetches, its status
        messages reach the status bar."""
        self._app_state = state
        self.set_activity_log(state.activity)
        state.status_message.connect(self.show_status)

    def show_text(self, text: str) -> None:
        """Inspect `text` as if the user had pasted it."""
        self.tabs.setCurrentWidget(self.inspector)
        self.inspector.show_text(text)

    def show_tokens(self, tokens: Sequence[tuple[str, str]], *, focus: bool = True) -> None:
        """Inspect (label, raw) tokens, e.g. [("ID token", id_token), …] after a sign-in.
        focus=False (a refresh): in place, on the user's tab and the selected row."""
        if focus:
            self.tabs.setCurrentWidget(self.inspector)
            self.inspector.show_tokens(list(tokens))
            return
        token_list = self.inspector.token_list
        row = token_list.currentRow()
        self.inspector.show_tokens(list(tokens))
        if 0 < row < token_list.count():
            token_list.setCurrentRow(row)

    def clear_tokens(self) -> None:
        """Empty input clears the inspector; the user stays on the tab they are on."""
        self.inspector.show_text("")

    def inspected_token(self) -> str | None:
        current = self.inspector.current_token()
        return current.candidate.raw if current is not None else None

    def inspected_report(self) -> Report | None:
        current = self.inspector.current_token()
        report = self.inspector.current_report()
        if current is None or report is None or current.candidate.raw != report.token.raw:
            return None
        return report

    def select_activity(self, entry: ActivityEntry) -> bool:
        """The call in the Activity dock (the Cognito panels own it), raised and selected."""
        return self.cognito_ui is not None and self.cognito_ui.show_activity_entry(entry)

    def show_status(self, text: str, timeout_ms: int = STATUS_MS) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def start_sandbox(self) -> None:
        """`--sandbox`: the Cognito panels' controller starts the emulator and signs in."""
        if self.cognito_ui is None:
            self.show_status("The sandbox is not available in this build")
            return
        self.cognito_ui.start_sandbox()

    def show_sample(self) -> bool:
        text = sample_token_text()
        if text is None:
            self.show_status("The sample token is missing from this build", NOTE_MS)
            return False
        self.inspector.show_sample(text)
        return True

    def show_sample_token(self, text: str) -> None:
        """A File → Samples token in the inspector, verified with the SAMPLE JWKS."""
        from tokenexplorer.tokens.samples import SampleError, sample_jwks_path

        try:
            jwks = str(sample_jwks_path())
        except (FileNotFoundError, SampleError):
            self.show_status("The sample keys are missing from this build", NOTE_MS)
            jwks = ""
        self.tabs.setCurrentWidget(self.inspector)
        self.inspector.show_gallery_sample(text, jwks)

    def current_tab(self) -> QtWidgets.QWidget | None:
        """The widget of the tab in front (a lazy tab's built widget)."""
        page = self.tabs.currentWidget()
        return page.widget() if isinstance(page, LazyPage) else page

    def add_tab(self, widget: QtWidgets.QWidget, title: str) -> int:
        if not widget.accessibleName():
            widget.setAccessibleName(title.replace("&", ""))
        return self.tabs.addTab(widget, title)

    def add_lazy_tab(self, title: str, factory: Callable[[], QtWidgets.QWidget]) -> None:
        """A tab built the first time it is shown (or opened with `open_tab`)."""
        self.tabs.addTab(LazyPage(title.replace("&", ""), factory), title)

    def open_tab(self, title: str) -> QtWidgets.QWidget:
        """Bring the tab called `title` to front and return its (built) widget."""
        wanted = title.replace("&", "")
        for index in range(self.tabs.count()):
            if self.tabs.tabText(index).replace("&", "") == wanted:
                page = self.tabs.widget(index)
                self.tabs.setCurrentIndex(index)
                if isinstance(page, LazyPage):
                    return page.widget()
                if page is not None:
                    return page
        raise KeyError(f"no tab {wanted!r}")

    def add_lazy_dock(self, title: str, factory: Callable[[], QtWidgets.QWidget],
                      area: Qt.DockWidgetArea = Qt.DockWidgetArea.BottomDockWidgetArea,
                      ) -> QtWidgets.QDockWidget:
        """A dock whose widget is built the first time the dock is shown."""
        return self.add_dock(LazyPage(title.replace("&", ""), factory), title, area)

    def add_menu(self, menu: QtWidgets.QMenu) -> None:
        """A panel's menu, placed before Help."""
        self.menuBar().insertMenu(self.menus.help_menu.menuAction(), menu)

    def add_dock(self, widget: QtWidgets.QWidget, title: str,
                 area: Qt.DockWidgetArea = Qt.DockWidgetArea.BottomDockWidgetArea,
                 ) -> QtWidgets.QDockWidget:
        dock = QtWidgets.QDockWidget(title, self)
        plain = title.replace("&", "")
        dock.setObjectName(f"dock:{plain}")  # saveState needs a stable object name
        dock.setAccessibleName(plain)
        dock.setWidget(widget)
        self.view_menu.addAction(dock.toggleViewAction())
        dock.visibilityChanged.connect(partial(self.window_events.dock_visible, plain))
        self.docks.add(dock, area)
        return dock

    def reset_layout(self) -> None:
        """View → Reset layout: every dock back in its place, shown and docked, the default
        dock sizes, and the inspector's splitters and columns as on a first run."""
        self.docks.reset()
        self.inspector.reset_layout()
        QtCore.QTimer.singleShot(0, self.fit_docks)  # once the docks are laid out again
        self.show_status("Layout reset to the defaults", NOTE_MS)

    def fit_docks(self) -> None:
        """First run: docks sized so the inspector keeps its room (see DockLayout.fit)."""
        self.docks.fit()

    def set_activity_log(self, log: ActivityLog) -> None:
        """The window's ActivityLog (AppState.activity): JWKS fetches are recorded there."""
        self.inspector.set_activity_log(log)

    def set_verify_context(self, client_id: str | None = None, pool_id: str | None = None,
                           endpoint_url: str | None = None, allow_http_jwks: bool = False) -> None:
        self.inspector.set_verify_context(
            VerifyContext(client_id, pool_id, endpoint_url, allow_http_jwks)
        )

    # -- drag and drop onto the whole window -------------------------------------------------
    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:
        mime = event.mimeData()
        if local_file_from_mime(mime) is not None or mime.hasText():
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QtGui.QDragMoveEvent) -> None:
        event.acceptProposedAction()

    def dropEvent(self, event: QtGui.QDropEvent) -> None:
        mime = event.mimeData()
        path = local_file_from_mime(mime)
        if path is not None:
            event.acceptProposedAction()
            self.tabs.setCurrentWidget(self.inspector)
            if self.inspector.load_file(path):
                self.show_status(f"Opened {Path(path).name}", NOTE_MS)
        elif mime.hasText():
            event.acceptProposedAction()
            self.show_text(mime.text())

    def save_layout(self) -> None:
        settings = layout_settings()
        self.docks.save(settings)
        self.inspector.save_layout(settings)
        settings.sync()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        self.presenter.set_active(False)  # the layout saved is the user's, not the projector's
        if self._remember_layout:
            self.save_layout()
        self.inspector.shutdown()
        super().closeEvent(event)


__all__ = ["MainWindow", "layout_settings", "sample_token_text"]
