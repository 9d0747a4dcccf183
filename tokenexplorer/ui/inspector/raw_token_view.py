"""The raw token with each segment in its own colour, linked to the claims tree.

Selecting a tree row highlights the segment it came from; clicking a segment asks for the
matching top-level row. A segment longer than SEGMENT_LIMIT is shown with its middle left
out (laying out megabytes of unbroken text would freeze the window); "Copy raw token"
still copies all of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tokenexplorer.tokens.model import Segment
from tokenexplorer.ui import theme
from tokenexplorer.ui.fonts import fixed_font
from tokenexplorer.ui.qt import Qt, QtGui, QtWidgets, Signal

SEGMENT_LIMIT = 4000
HEAD, TAIL = 3000, 600


@dataclass(frozen=True)
class _Shown:
    name: str
    start: int  # position in the displayed text
    end: int


class RawTokenView(QtWidgets.QPlainTextEdit):
    segment_clicked = Signal(str)
    copy_token_requested = Signal()  # the whole token, also the parts not shown

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Raw token")
        self.setAccessibleDescription("The token as sent, each segment in its own colour")
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setWordWrapMode(QtGui.QTextOption.WrapMode.WrapAnywhere)
        self.setUndoRedoEnabled(False)
        self.setFont(fixed_font())
        self.setPlaceholderText("The raw token appears here, its parts coloured.")
        self._raw = ""
        self._segments: tuple[Segment, ...] = ()
        self._shown: list[_Shown] = []
        self._highlighted: str | None = None
        self._filling = False
        self.cursorPositionChanged.connect(self._on_cursor_moved)

    @property
    def raw(self) -> str:
        return self._raw

    def segment_names(self) -> list[str]:
        return [shown.name for shown in self._shown]

    def highlighted_segment(self) -> str | None:
        return self._highlighted

    def set_token(self, raw: str, segments: Sequence[Segment]) -> None:
        self._raw = raw
        self._segments = tuple(segments)
        self._highlighted = None
        self._render()

    def clear_token(self) -> None:
        self.set_token("", ())

    def _render(self) -> None:
        self._filling = True
        try:
            pieces: list[tuple[str, str | None]] = []  # (text, segment name or None)
            position = 0
            for segment in sorted(self._segments, key=lambda s: s.start):
                if segment.start > position:
                    pieces.append((self._raw[position:segment.start], None))
                pieces.extend(_elide(self._raw[segment.start:segment.end], segment.name))
                position = max(position, segment.end)
            if position < len(self._raw):
                pieces.append((self._raw[position:], None))
            self.setPlainText("")
            self._shown = []
            cursor = QtGui.QTextCursor(self.document())
            palette = self.palette()
            plain = QtGui.QTextCharFormat()
            plain.setForeground(palette.color(QtGui.QPalette.ColorRole.PlaceholderText))
            offset = 0
            for text, name in pieces:
                fmt = QtGui.QTextCharFormat(plain)
                if name is not None and not text.startswith(" …"):
                    fmt = QtGui.QTextCharFormat()
                    fmt.setForeground(theme.segment_colour(name, palette))
                elif name is not None:
                    fmt.setFontItalic(True)
                cursor.insertText(text, fmt)
                if name is not None:
                    if self._shown and self._shown[-1].name == name \
                            and self._shown[-1].end == offset:
                        self._shown[-1] = _Shown(name, self._shown[-1].start, offset + len(text))
                    else:
                        self._shown.append(_Shown(name, offset, offset + len(text)))
                offset += len(text)
            self.moveCursor(QtGui.QTextCursor.MoveOperation.Start)
        finally:
            self._filling = False
        self._apply_highlight()

    def contextMenuEvent(self, event: QtGui.QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        menu.addSeparator()
        action = menu.addAction("Copy whole raw token")
        action.setEnabled(bool(self._raw))
        action.triggered.connect(self.copy_token_requested)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def segment_at(self, position: int) -> str | None:
        for shown in self._shown:
            if shown.start <= position < shown.end:
                return shown.name
        return None

    def highlight_segment(self, name: str | None) -> None:
        if name == self._highlighted:
            return
        self._highlighted = name
        self._apply_highlight()
        start = next((shown.start for shown in self._shown if shown.name == name), None)
        if start is not None and not self.hasFocus():  # never move the user's own cursor
            self._filling = True  # a scroll, not a click: no segment_clicked
            try:
                cursor = self.textCursor()
                cursor.setPosition(start)
                self.setTextCursor(cursor)
                self.ensureCursorVisible()
            finally:
                self._filling = False

    def _apply_highlight(self) -> None:
        selections = []
        for shown in self._shown:
            if shown.name != self._highlighted:
                continue
            selection = QtWidgets.QTextEdit.ExtraSelection()
            cursor = QtGui.QTextCursor(self.document())
            cursor.setPosition(shown.start)
            cursor.setPosition(shown.end, QtGui.QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format.setBackground(theme.segment_highlight(shown.name, self.palette()))
            selection.format.setFontUnderline(True)
            selections.append(selection)
        self.setExtraSelections(selections)

    def _on_cursor_moved(self) -> None:
        if self._filling:
            return
        cursor = self.textCursor()
        if cursor.hasSelection():
            return
        name = self.segment_at(cursor.position())
        if name is not None:
            self.segment_clicked.emit(name)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (event.Type.PaletteChange, event.Type.ApplicationPaletteChange) \
                and self._raw and not self._filling:
            self._render()


def _elide(text: str, name: str) -> list[tuple[str, str]]:
    if len(text) <= SEGMENT_LIMIT:
        return [(text, name)]
    hidden = len(text) - HEAD - TAIL
    return [
        (text[:HEAD], name),
        (f" …{hidden:,} characters not shown… ", name),
        (text[-TAIL:], name),
    ]
