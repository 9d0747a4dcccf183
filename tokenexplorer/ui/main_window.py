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
from pathlib import Path
from typing import TYPE_CHECKING

from tokenexplorer import APP_NAME
from tokenexplorer.paths import config_dir
from tokenexplorer.ui.inspector.inspector import InspectorWidget
from tokenexplorer.ui.inspector.token_input import local_file_from_mime
from tokenexplorer.ui.inspector.verification import VerifyContext
from tokenexplorer.ui.lazy_page import LazyPage
from tokenexplorer.ui.qt import Qt, QtCore, QtGui, QtWidgets

if TYPE_CHECKING:
    from tokenexplorer.activity import ActivityLog
    from tokenexplorer.ui.aws.install import AwsUi
    from tokenexplorer.ui.cognito.install import CognitoUi
    from tokenexplorer.ui.state import AppState

STATUS_MS = 8000
LAYOUT_FILE = "layout.ini"
LAYOUT_VERSION = 1
SAMPLE = ("samples", "seed-id-token.jwt")
DEFAULT_SIZE = (1320, 860)  # capped to the screen: 1366×768 gets ~1300×700


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

    def __init__(self, parent: QtWidgets.QWidget | None = None,
                 remember_layout: bool = True) -> None:
        """`remember_layout=False` (screenshots): default layout, nothing read or written."""
        super().__init__(parent)
        self._remember_layout = remember_layout
        self._pending_state: QtCore.QByteArray | None = None
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self._size_for_screen()
        self.tabs = QtWidgets.QTabWidget()
        self.tabs.setAccessibleName("Main tabs")
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.inspector = InspectorWidget()
        self.tabs.addTab(self.inspector, "&Inspector")
        self.inspector.status_message.connect(self._status)
        self._docks: list[QtWidgets.QDockWidget] = []
        self._dock_areas: dict[QtWidgets.QDockWidget, Qt.DockWidgetArea] = {}
        self._app_state: AppState | None = None
        self.cognito_ui: CognitoUi | None = None  # set by app.install_panels
        self.aws_ui: AwsUi | None = None
        self._build_menus()
        self.statusBar().setAccessibleName("Status bar")
        if remember_layout:
            self._restore_layout()

    def _size_for_screen(self) -> None:
        """A roomy first-run size that still fits a small screen (offscreen renders keep it)."""
        width, height = DEFAULT_SIZE
        screen = QtGui.QGuiApplication.primaryScreen()
        if screen is not None and QtGui.QGuiApplication.platformName() != "offscreen":
            available = screen.availableGeometry()
            width = min(width, int(available.width() * 0.96))
            height = min(height, int(available.height() * 0.94))
        self.resize(width, height)

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
            self._status("The sample token is missing from this build")
            return False
        self.inspector.show_sample(text)
        return True

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
        self.menuBar().insertMenu(self._help_menu.menuAction(), menu)

    def add_dock(self, widget: QtWidgets.QWidget, title: str,
                 area: Qt.DockWidgetArea = Qt.DockWidgetArea.BottomDockWidgetArea,
                 ) -> QtWidgets.QDockWidget:
        dock = QtWidgets.QDockWidget(title, self)
        plain = title.replace("&", "")
        dock.setObjectName(f"dock:{plain}")  # saveState needs a stable object name
        dock.setAccessibleName(plain)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self._docks.append(dock)
        self._dock_areas[dock] = area
        self.view_menu.addAction(dock.toggleViewAction())
        state = self._pending_state
        if state is not None:
            self.restoreState(state, LAYOUT_VERSION)
        return dock

    def reset_layout(self) -> None:
        """View → Reset layout: every dock back in its place, shown and docked, the default
        dock sizes, and the inspector's splitters and columns as on a first run."""
        for dock, area in self._dock_areas.items():
            dock.setFloating(False)
            self.addDockWidget(area, dock)
            dock.show()
        self._pending_state = None
        self.inspector.reset_layout()
        QtCore.QTimer.singleShot(0, self.fit_docks)  # once the docks are laid out again
        self._status("Layout reset to the defaults")

    def fit_docks(self) -> None:
        """First run (no saved layout): side docks narrow, bottom docks short, so the
        inspector keeps room for Name, Value and Meaning on a 1366×768 laptop."""
        if self._pending_state is not None:
            return
        for orientation, areas, share, least in (
                (Qt.Orientation.Horizontal, (Qt.DockWidgetArea.LeftDockWidgetArea,
                                             Qt.DockWidgetArea.RightDockWidgetArea), 0.22, 260),
                (Qt.Orientation.Vertical, (Qt.DockWidgetArea.BottomDockWidgetArea,
                                           Qt.DockWidgetArea.TopDockWidgetArea), 0.18, 120)):
            docks = [dock for dock in self._docks
                     if self.dockWidgetArea(dock) in areas and dock.isVisible()]
            total = self.width() if orientation == Qt.Orientation.Horizontal else self.height()
            if docks:
                size = max(least, int(total * share))
                self.resizeDocks(docks, [size] * len(docks), orientation)

    def set_activity_log(self, log: ActivityLog) -> None:
        """The window's ActivityLog (AppState.activity): JWKS fetches are recorded there."""
        self.inspector.set_activity_log(log)

    def set_verify_context(self, client_id: str | None = None, pool_id: str | None = None,
                           endpoint_url: str | None = None, allow_http_jwks: bool = False) -> None:
        self.inspector.set_verify_context(
            VerifyContext(client_id, pool_id, endpoint_url, allow_http_jwks)
        )

    # -- menus and actions -------------------------------------------------------------------
    def _build_menus(self) -> None:
        inspector = self.inspector
        key = QtGui.QKeySequence
        file_menu = self.menuBar().addMenu("&File")
        self.paste_action = self._add(file_menu, "&Paste token", self.paste_token,
                                      key("Ctrl+Shift+V"))
        self.open_action = self._add(file_menu, "&Open token file…", self.open_token_file,
                                     key.StandardKey.Open)
        self._add(file_menu, "C&lear input", self._clear_input, key("Ctrl+Shift+Backspace"))
        self._add(file_menu, "Show &sample token", self.show_sample)
        file_menu.addSeparator()
        # Ctrl+Q everywhere: StandardKey.Quit is empty on some platforms (and on Windows).
        self.quit_action = self._add(file_menu, "&Quit", self.close, key("Ctrl+Q"))

        edit_menu = self.menuBar().addMenu("&Edit")
        # The claims tree's own actions: the same shortcut shown here and in its context menu.
        edit_menu.addActions([inspector.copy_value_action, inspector.copy_header_action,
                              inspector.copy_payload_action, inspector.copy_raw_action])
        self.copy_value_action = inspector.copy_value_action

        self.view_menu = self.menuBar().addMenu("&View")
        self._add(self.view_menu, "Go to &token input", self._focus(inspector.token_input),
                  key("Ctrl+L"))
        self._add(self.view_menu, "Go to &claims tree", self._focus(inspector.tree),
                  key("Ctrl+T"))
        self._add(self.view_menu, "Go to &key source", self._focus(inspector.key_panel.combo),
                  key("Ctrl+K"))
        self._add(self.view_menu, "&Expand all claims", inspector.tree.expandAll,
                  key("Ctrl+Shift+E"))
        self.reset_layout_action = self._add(self.view_menu, "&Reset layout", self.reset_layout)
        self.view_menu.addSeparator()

        verify_menu = self.menuBar().addMenu("Ve&rify")
        self._add(verify_menu, "Check &again", inspector.check_again, key.StandardKey.Refresh)
        self.offline_action = self._add(verify_menu, "&Offline", None, key("Ctrl+Shift+O"))
        self.offline_action.setCheckable(True)
        offline_box = inspector.key_panel.offline_box
        self.offline_action.toggled.connect(offline_box.setChecked)
        offline_box.toggled.connect(self.offline_action.setChecked)
        self.cancel_action = self._add(verify_menu, "&Cancel key fetch",
                                       inspector.cancel_verification, key("Esc"))
        self.cancel_action.setEnabled(False)
        inspector.fetching.connect(self.cancel_action.setEnabled)

        self._help_menu = help_menu = self.menuBar().addMenu("&Help")
        self._add(help_menu, "&About Token Explorer", self._about)

    def _add(self, menu: QtWidgets.QMenu, text: str, slot: Callable[[], object] | None,
             shortcut: QtGui.QKeySequence | QtGui.QKeySequence.StandardKey | None = None,
             ) -> QtGui.QAction:
        action = menu.addAction(text)
        if slot is not None:
            action.triggered.connect(lambda _checked=False: slot())
        if shortcut is not None:
            action.setShortcut(shortcut)
        return action

    @staticmethod
    def _focus(widget: QtWidgets.QWidget) -> Callable[[], None]:
        return lambda: widget.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def paste_token(self) -> None:
        """Read the clipboard (only now, on the user's request) and inspect what it holds."""
        mime = QtGui.QGuiApplication.clipboard().mimeData()
        path = local_file_from_mime(mime) if mime is not None else None
        if path is not None:
            self.inspector.load_file(path)
            return
        text = mime.text() if mime is not None else ""
        if not text.strip():
            self._status("The clipboard holds no text")
            return
        self.show_text(text)
        self._status("Pasted from the clipboard")

    def open_token_file(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self, "Open a file holding a token", "", "Text (*.txt *.jwt *.json *.log);;All (*)"
        )
        if path:
            self.tabs.setCurrentWidget(self.inspector)
            self.inspector.load_file(path)

    def _clear_input(self) -> None:
        self.inspector.token_input.clear_input()
        self.inspector.token_input.setFocus()

    def _about(self) -> None:
        try:
            from tokenexplorer.ui.about import show_about_dialog
        except ImportError:
            self._status("About is not available in this build")
            return
        show_about_dialog(self)

    def _status(self, text: str) -> None:
        self.show_status(text, 6000)

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
                self._status(f"Opened {Path(path).name}")
        elif mime.hasText():
            event.acceptProposedAction()
            self.show_text(mime.text())

    # -- layout persistence ------------------------------------------------------------------
    def _restore_layout(self) -> None:
        settings = layout_settings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QtCore.QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        self._pending_state = state if isinstance(state, QtCore.QByteArray) else None
        if self._pending_state is not None:
            self.restoreState(self._pending_state, LAYOUT_VERSION)
        self.inspector.restore_layout(settings)

    def save_layout(self) -> None:
        settings = layout_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState(LAYOUT_VERSION))
        self.inspector.save_layout(settings)
        settings.sync()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if self._remember_layout:
            self.save_layout()
        self.inspector.shutdown()
        super().closeEvent(event)


__all__ = ["MainWindow", "layout_settings", "sample_token_text"]
