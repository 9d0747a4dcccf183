"""The "Sequence diagram" tab: the Activity log's calls drawn, live, clickable, exportable.

The log itself (AppState.activity) is the truth: the diagram is rebuilt from it when a call
arrives or the log is cleared, at most once per event-loop turn, and not at all while the
tab is hidden (it catches up when shown). Choosing an arrow shows that call in the Activity
log through the window's public API (`PanelHost.select_activity`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tokenexplorer.atomic import write_bytes_atomic, write_text_atomic
from tokenexplorer.teaching.sequence import DEFAULT_LIMIT, build_sequence
from tokenexplorer.teaching.sequence_export import to_mermaid, to_svg
from tokenexplorer.ui import plain
from tokenexplorer.ui.cognito.widgets import set_tone
from tokenexplorer.ui.qt import QtCore, QtGui, QtWidgets
from tokenexplorer.ui.teaching.sequence_canvas import SequenceCanvas
from tokenexplorer.ui.teaching.sequence_paint import png_bytes, sequence_image

if TYPE_CHECKING:
    from tokenexplorer.activity import ActivityEntry
    from tokenexplorer.ui.state import AppState
    from tokenexplorer.ui.window_api import PanelHost

# (button text, accessible name, file filter, default file name)
EXPORTS = {
    "png": ("Export PNG…", "Export diagram as PNG", "PNG image (*.png)", "sequence.png"),
    "svg": ("Export SVG…", "Export diagram as SVG", "SVG image (*.svg)", "sequence.svg"),
    "mermaid": ("Export Mermaid…", "Export diagram as Mermaid", "Mermaid (*.mmd *.md)",
                "sequence.mmd"),
}


class SequencePanel(QtWidgets.QWidget):
    def __init__(self, state: AppState, host: PanelHost | None = None,
                 parent: QtWidgets.QWidget | None = None, limit: int = DEFAULT_LIMIT) -> None:
        super().__init__(parent)
        self.setAccessibleName("Sequence diagram")
        self.state, self.host, self.limit = state, host, limit
        self.canvas = SequenceCanvas()
        self.area = QtWidgets.QScrollArea()
        self.area.setAccessibleName("Sequence diagram area")
        self.area.setWidget(self.canvas)
        self.area.setBackgroundRole(QtGui.QPalette.ColorRole.Base)
        self.count_label = plain.label()
        self.count_label.setAccessibleName("Sequence diagram summary")
        self.buttons = {kind: plain.button(text, name)
                        for kind, (text, name, _f, _d) in EXPORTS.items()}
        self._lay_out()
        self._pending = QtCore.QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.rebuild)
        self._stale = True
        self.canvas.chosen.connect(self.choose)
        self.canvas.current_moved.connect(self._scroll_to)
        # The lifelines' names follow the scroll: redraw all, not just the strip exposed.
        self.area.verticalScrollBar().valueChanged.connect(lambda _v: self.canvas.update())
        for kind, button in self.buttons.items():
            button.clicked.connect(lambda _c=False, k=kind: self._ask_export(k))
        state.activity_added.connect(self._changed)
        state.activity_cleared.connect(self._changed)
        self.rebuild()

    def _lay_out(self) -> None:
        hint = plain.label("Each call goes from the app to a service; the dashed arrow back is "
                           "its answer. Click an arrow (or use the arrow keys and Enter) to "
                           "see the call in the Activity log.")
        hint.setWordWrap(True)
        set_tone(hint, "muted")
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.count_label, 1)
        for button in self.buttons.values():
            row.addWidget(button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(hint)
        layout.addWidget(self.area, 1)
        layout.addLayout(row)

    # -- keeping up with the log
    def _changed(self, *_: object) -> None:
        self._stale = True
        if self.isVisible() and not self._pending.isActive():
            self._pending.start()

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.rebuild()

    def rebuild(self) -> None:
        """The model again from the log, keeping the chosen arrow when it is still shown."""
        self._stale = False
        old = self.canvas.model
        kept = old.arrows[self.canvas.current] if self.canvas.current is not None else None
        entry = old.calls[kept.call].entry if kept is not None else None
        model = build_sequence(self.state.activity.entries(), self.limit)
        current = None
        for index, arrow in enumerate(model.arrows):
            if kept is not None and arrow.kind == kept.kind \
                    and model.calls[arrow.call].entry is entry:
                current = index
        at_end = self._scrolled_to_end()
        self.canvas.set_model(model, current)
        count = len(model.calls)
        summary = f"{count} call{'s' if count != 1 else ''}"
        self.count_label.setText(f"{summary}; {model.note}" if model.omitted else summary)
        for button in self.buttons.values():
            button.setEnabled(count > 0)
        if at_end:  # follow new calls, like the Activity log does
            QtCore.QTimer.singleShot(0, self, self._scroll_to_end)

    def _scrolled_to_end(self) -> bool:
        bar = self.area.verticalScrollBar()
        return bar.value() >= bar.maximum()

    def _scroll_to_end(self) -> None:
        bar = self.area.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _scroll_to(self, rect: QtCore.QRect) -> None:
        centre = rect.center()
        self.area.ensureVisible(centre.x(), centre.y(), rect.width() // 2 + 20,
                                  rect.height() // 2 + 20)

    # -- choosing a call
    def entry_of(self, call: int) -> ActivityEntry | None:
        calls = self.canvas.model.calls
        return calls[call].entry if 0 <= call < len(calls) else None

    def show_entry(self, entry: ActivityEntry) -> bool:
        """Point at this call's arrow (a lesson explaining it, say); False when not drawn."""
        if self._stale:
            self.rebuild()
        for index, arrow in enumerate(self.canvas.model.arrows):
            if arrow.kind == "call" and self.canvas.model.calls[arrow.call].entry is entry:
                self.canvas.move_to(index)
                return True
        return False

    def choose(self, call: int) -> None:
        entry = self.entry_of(call)
        if entry is None or self.host is None:
            return
        if not self.host.select_activity(entry):
            self.state.status_message.emit("That call is no longer in the Activity log.")

    # -- exports
    def _ask_export(self, kind: str) -> None:
        _text, name, filters, default = EXPORTS[kind]
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self, name, default, filters)
        if path:
            self.export(kind, Path(path))

    def export(self, kind: str, path: Path) -> bool:
        """Write the diagram as `kind` ("png", "svg", "mermaid") to `path`, atomically."""
        model = self.canvas.model
        writers: dict[str, Callable[[], None]] = {
            "png": lambda: write_bytes_atomic(path, png_bytes(
                sequence_image(model, self.palette()))),
            "svg": lambda: write_text_atomic(path, to_svg(model)),
            "mermaid": lambda: write_text_atomic(path, to_mermaid(model)),
        }
        try:
            writers[kind]()
        except OSError as exc:
            plain.warn(self, "Export failed", f"The diagram could not be written to {path}: "
                       f"{exc.strerror or exc}.")
            return False
        self.state.status_message.emit(f"Sequence diagram exported to {path}")
        return True


__all__ = ["EXPORTS", "SequencePanel"]
