"""The main window's menus: File, Edit, View, Verify and Help, and what their actions do.

Built once for a `MainWindow`; panels add their own menus with `MainWindow.add_menu`,
which places them before Help. Every action has its shortcut here, in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tokenexplorer.ui.inspector.token_input import local_file_from_mime
from tokenexplorer.ui.qt import Qt, QtGui, QtWidgets

if TYPE_CHECKING:
    from tokenexplorer.ui.main_window import MainWindow

NOTE_MS = 6000  # how long a menu action's note stays in the status bar


class WindowMenus:
    """The window's own menus and the actions behind them."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        inspector = window.inspector
        key = QtGui.QKeySequence
        file_menu = window.menuBar().addMenu("&File")
        self.paste_action = self._add(file_menu, "&Paste token", self.paste_token,
                                      key("Ctrl+Shift+V"))
        self.open_action = self._add(file_menu, "&Open token file…", self.open_token_file,
                                     key.StandardKey.Open)
        self._add(file_menu, "C&lear input", self._clear_input, key("Ctrl+Shift+Backspace"))
        self._add(file_menu, "Show &sample token", window.show_sample)
        self.samples_action = self._add(file_menu, "Sa&mples…", self.samples)
        self.samples_action.setObjectName("Samples")
        self.export_handout_action = self._add(file_menu, "Export &handout…",
                                               self.export_handout)
        self.export_handout_action.setObjectName("Export handout")
        file_menu.addSeparator()
        # Ctrl+Q everywhere: StandardKey.Quit is empty on some platforms (and on Windows).
        self.quit_action = self._add(file_menu, "&Quit", window.close, key("Ctrl+Q"))

        edit_menu = window.menuBar().addMenu("&Edit")
        # The claims tree's own actions: the same shortcut shown here and in its context menu.
        edit_menu.addActions([inspector.copy_value_action, inspector.copy_header_action,
                              inspector.copy_payload_action, inspector.copy_raw_action])
        self.copy_value_action = inspector.copy_value_action

        self.view_menu = window.menuBar().addMenu("&View")
        self._add(self.view_menu, "Go to &token input", self._focus(inspector.token_input),
                  key("Ctrl+L"))
        self._add(self.view_menu, "Go to &claims tree", self._focus(inspector.tree),
                  key("Ctrl+T"))
        self._add(self.view_menu, "Go to &key source", self._focus(inspector.key_panel.combo),
                  key("Ctrl+K"))
        self._add(self.view_menu, "&Expand all claims", inspector.tree.expandAll,
                  key("Ctrl+Shift+E"))
        self.reset_layout_action = self._add(self.view_menu, "&Reset layout", window.reset_layout)
        self.view_menu.addSeparator()

        verify_menu = window.menuBar().addMenu("Ve&rify")
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

        self.help_menu = help_menu = window.menuBar().addMenu("&Help")
        self._add(help_menu, "&About Token Explorer", self.about)

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
        window = self._window
        mime = QtGui.QGuiApplication.clipboard().mimeData()
        path = local_file_from_mime(mime) if mime is not None else None
        if path is not None:
            window.inspector.load_file(path)
            return
        text = mime.text() if mime is not None else ""
        if not text.strip():
            window.show_status("The clipboard holds no text", NOTE_MS)
            return
        window.show_text(text)
        window.show_status("Pasted from the clipboard", NOTE_MS)

    def open_token_file(self) -> None:
        window = self._window
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            window, "Open a file holding a token", "", "Text (*.txt *.jwt *.json *.log);;All (*)"
        )
        if path:
            window.tabs.setCurrentWidget(window.inspector)
            window.inspector.load_file(path)

    def _clear_input(self) -> None:
        self._window.inspector.token_input.clear_input()
        self._window.inspector.token_input.setFocus()

    def samples(self) -> None:
        """File → Samples: the gallery (ui/teaching/samples_dialog.py)."""
        from tokenexplorer.ui.teaching.samples_dialog import SamplesDialog

        SamplesDialog(self._window.show_sample_token, self._window).exec()

    def export_handout(self) -> None:
        """File → Export handout…: ui/teaching/handout_export.py."""
        from tokenexplorer.ui.teaching.handout_export import ask_and_export

        masking = self._window.masking
        ask_and_export(self._window, self._window,
                       masking.masker if masking.enabled else None)

    def about(self) -> None:
        try:
            from tokenexplorer.ui.about import show_about_dialog
        except ImportError:
            self._window.show_status("About is not available in this build", NOTE_MS)
            return
        show_about_dialog(self._window)
