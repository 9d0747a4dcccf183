"""The drawn sequence diagram: one focusable widget, clickable arrows, arrow keys between them.

It only draws the model it is given and says which call the user chose (`chosen`); the
panel (sequence_view.py) builds the model and shows the call in the Activity log. Text is
laid out for a 13 px font; with a larger window font (zoom, presenter mode) the whole
drawing scales with it.
"""

from __future__ import annotations

from tokenexplorer.teaching.sequence import SequenceModel, arrow_near, build_sequence
from tokenexplorer.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from tokenexplorer.ui.teaching.sequence_paint import (
    arrow_rect,
    colours_for,
    paint_heads,
    paint_sequence,
)

BASE_PX = 13
EMPTY_TEXT = ("No calls yet. Sign in, get AWS credentials or list S3: each call is drawn "
              "here as it is made.")


class SequenceCanvas(QtWidgets.QWidget):
    chosen = Signal(int)  # index of the call (SequenceModel.calls) picked by click or Enter
    current_moved = Signal(QtCore.QRect)  # the current arrow's place, to scroll to

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Sequence diagram calls")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.model: SequenceModel = build_sequence([])
        self.current: int | None = None  # index into model.arrows
        self._apply_size()

    # -- model and scale
    def scale(self) -> float:
        pixels = QtGui.QFontInfo(self.font()).pixelSize()
        return max(1.0, pixels / BASE_PX)

    def set_model(self, model: SequenceModel, current: int | None = None) -> None:
        self.model = model
        self.current = current if current is not None and 0 <= current < len(model.arrows) \
            else None
        self._apply_size()
        self._describe()
        self.update()

    def _apply_size(self) -> None:
        scale = self.scale()
        self.setFixedSize(round(self.model.width * scale), round(self.model.height * scale))

    def changeEvent(self, event: QtCore.QEvent) -> None:
        if event.type() == QtCore.QEvent.Type.FontChange:
            self._apply_size()
        super().changeEvent(event)

    def current_call(self) -> int | None:
        return self.model.arrows[self.current].call if self.current is not None else None

    # -- painting
    def paintEvent(self, _event: QtGui.QPaintEvent) -> None:
        painter = QtGui.QPainter(self)
        try:
            painter.scale(self.scale(), self.scale())
            font = QtGui.QFont(self.font())
            font.setPixelSize(BASE_PX)
            painter.setFont(font)
            colours = colours_for(self.palette())
            paint_sequence(painter, self.model, colours, self.current, EMPTY_TEXT)
            if self.hasFocus() and self.current is not None:
                rect = arrow_rect(self.model, self.model.arrows[self.current])
                painter.setPen(QtGui.QPen(self.palette().color(
                    QtGui.QPalette.ColorRole.Highlight), 1, Qt.PenStyle.DotLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(rect)
            seen_top = self.visibleRegion().boundingRect().top() / self.scale()
            if seen_top > 0:  # scrolled down: the names stay in sight
                paint_heads(painter, self.model, colours, seen_top)
        finally:
            painter.end()

    # -- moving and choosing
    def move_to(self, index: int) -> None:
        if not self.model.arrows:
            return
        self.current = max(0, min(index, len(self.model.arrows) - 1))
        self._describe()
        self.update()
        rect = arrow_rect(self.model, self.model.arrows[self.current])
        scale = self.scale()
        self.current_moved.emit(QtCore.QRectF(rect.x() * scale, rect.y() * scale,
                                              rect.width() * scale,
                                              rect.height() * scale).toAlignedRect())

    def _describe(self) -> None:
        arrows = self.model.arrows
        if self.current is None or not arrows:
            count = len(self.model.calls)
            self.setAccessibleDescription(
                f"{count} call{'s' if count != 1 else ''}; arrow keys move between them, "
                "Enter shows one in the Activity log" if count else EMPTY_TEXT)
            return
        arrow = arrows[self.current]
        call = self.model.calls[arrow.call]
        service = self.model.lifelines[call.lifeline].label
        what = (f"call to {service}: {arrow.text}" if arrow.kind == "call"
                else f"answer from {service}: {arrow.text}")
        self.setAccessibleDescription(f"Arrow {self.current + 1} of {len(arrows)}, {what}")

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        key = event.key()
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -1,
                Qt.Key.Key_Left: -1}.get(Qt.Key(key))
        if step is not None and self.model.arrows:
            last = len(self.model.arrows) - 1
            self.move_to((0 if step > 0 else last) if self.current is None
                         else self.current + step)
        elif key == Qt.Key.Key_Home:
            self.move_to(0)
        elif key == Qt.Key.Key_End:
            self.move_to(len(self.model.arrows) - 1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current is not None:
            self.chosen.emit(self.model.arrows[self.current].call)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def arrow_at(self, point: QtCore.QPointF) -> int | None:
        """The index of the arrow drawn at widget `point`, or None."""
        scale = self.scale()
        arrow = arrow_near(self.model, point.x() / scale, point.y() / scale)
        return None if arrow is None else self.model.arrows.index(arrow)

    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        index = self.arrow_at(event.position())
        if index is not None:
            self.move_to(index)
            self.chosen.emit(self.model.arrows[index].call)
        event.accept()


__all__ = ["EMPTY_TEXT", "SequenceCanvas"]
