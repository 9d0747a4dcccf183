"""Paints a Timeline (teaching/timeline.py): one lane per kind of thing, lifetimes as bars,
instants as ticks, local clock times on the axis and a "now" line. Text is plain drawText."""

from __future__ import annotations

from datetime import datetime

from tokenexplorer.teaching.timeline import Mark, Span, Timeline, build_timeline
from tokenexplorer.ui.cognito.widgets import tone_colour
from tokenexplorer.ui.qt import Qt, QtCore, QtGui, QtWidgets

LABEL_W = 130
LANE_H = 58
AXIS_H = 34
PAD = 12
TICK_STEPS = (1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600,
              43200, 86400)  # seconds between axis ticks
MIN_TICK_PX = 80


def tick_step(seconds: float, pixels: float) -> int:
    """The smallest step that keeps ticks at least MIN_TICK_PX apart."""
    for step in TICK_STEPS:
        if seconds / step * MIN_TICK_PX <= pixels:
            return step
    return TICK_STEPS[-1]


def clock(at: float, step: int) -> str:
    moment = datetime.fromtimestamp(at).astimezone()
    return moment.strftime("%H:%M:%S" if step < 60 else "%H:%M")


class TimelineCanvas(QtWidgets.QWidget):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Timeline drawing")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.timeline: Timeline = build_timeline([], [], None, 0.0)
        self.empty_text = ""
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding,
                           QtWidgets.QSizePolicy.Policy.Preferred)

    def set_timeline(self, timeline: Timeline, empty_text: str = "") -> None:
        lanes_before = len(self.timeline.lanes)
        self.timeline, self.empty_text = timeline, empty_text
        if len(timeline.lanes) != lanes_before:
            self.updateGeometry()
        self.update()

    def _line_h(self) -> int:
        return max(LANE_H, QtGui.QFontMetrics(self.font()).height() * 4)

    def sizeHint(self) -> QtCore.QSize:
        lanes = max(1, len(self.timeline.lanes))
        below = QtGui.QFontMetrics(self.font()).height() + 4  # the "now" label
        return QtCore.QSize(700, 2 * PAD + AXIS_H + lanes * self._line_h() + below)

    def minimumSizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(LABEL_W + 200, self.sizeHint().height())

    def x_of(self, at: float) -> float:
        left, right = LABEL_W + PAD, self.width() - PAD
        return left + self.timeline.fraction(at) * max(1, right - left)

    def paintEvent(self, _event: QtGui.QPaintEvent) -> None:
        painter = QtGui.QPainter(self)
        try:
            painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
            palette = self.palette()
            painter.fillRect(self.rect(), palette.color(QtGui.QPalette.ColorRole.Base))
            text = palette.color(QtGui.QPalette.ColorRole.Text)
            if self.timeline.empty:
                painter.setPen(text)
                painter.drawText(self.rect().adjusted(PAD, PAD, -PAD, -PAD),
                                 int(Qt.TextFlag.TextWordWrap), self.empty_text)
                return
            self._paint_axis(painter, text, palette.color(QtGui.QPalette.ColorRole.Mid))
            for row, lane in enumerate(self.timeline.lanes):
                self._paint_lane(painter, row, lane, text)
            self._paint_now(painter)
        finally:
            painter.end()

    def _lane_top(self, row: int) -> float:
        return PAD + AXIS_H + row * self._line_h()

    def _paint_axis(self, painter: QtGui.QPainter, text: QtGui.QColor,
                    grid: QtGui.QColor) -> None:
        line = self.timeline
        step = tick_step(line.end - line.start, self.width() - LABEL_W - 2 * PAD)
        bottom = self._lane_top(len(line.lanes))
        first = (int(line.start) // step + 1) * step
        for at in range(first, int(line.end) + 1, step):
            x = self.x_of(at)
            painter.setPen(QtGui.QPen(grid, 1, Qt.PenStyle.DotLine))
            painter.drawLine(QtCore.QPointF(x, PAD + AXIS_H - 6), QtCore.QPointF(x, bottom))
            painter.setPen(text)
            painter.drawText(QtCore.QRectF(x - 40, PAD, 80, AXIS_H - 8),
                             int(Qt.AlignmentFlag.AlignCenter), clock(at, step))

    def _paint_lane(self, painter: QtGui.QPainter, row: int, lane: str,
                    text: QtGui.QColor) -> None:
        top, height = self._lane_top(row), self._line_h()
        middle = top + height / 2
        painter.setPen(text)
        painter.drawText(QtCore.QRectF(PAD, top, LABEL_W - PAD, height),
                         int(Qt.AlignmentFlag.AlignVCenter), lane)
        for span in self.timeline.spans:
            if span.lane == lane:
                self._paint_span(painter, span, middle)
        marks = [mark for mark in self.timeline.marks if mark.lane == lane]
        for index, mark in enumerate(marks):
            self._paint_mark(painter, mark, middle, above=index % 2 == 0, text=text)

    def _paint_span(self, painter: QtGui.QPainter, span: Span, middle: float) -> None:
        colour = QtGui.QColor(self.palette().color(QtGui.QPalette.ColorRole.Highlight))
        colour.setAlpha(150 if span.current else 55)
        x1, x2 = self.x_of(span.start), self.x_of(span.end)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(QtCore.QRectF(x1, middle - 6, max(2.0, x2 - x1), 12), 3, 3)

    def _paint_mark(self, painter: QtGui.QPainter, mark: Mark, middle: float, *, above: bool,
                    text: QtGui.QColor) -> None:
        x = self.x_of(mark.at)
        tone = {"refresh": "ok", "sign-in": "ok", "expires": "error", "exp": "error"}
        colour = QtGui.QColor(tone_colour(tone[mark.label])) if mark.label in tone else text
        painter.setPen(QtGui.QPen(colour, 2))
        painter.drawLine(QtCore.QPointF(x, middle - 10), QtCore.QPointF(x, middle + 10))
        metrics = QtGui.QFontMetrics(self.font())
        y = middle - 13 if above else middle + 13 + metrics.ascent()
        width = metrics.horizontalAdvance(mark.label)
        left = min(max(x - width / 2, LABEL_W), self.width() - PAD - width)
        painter.drawText(QtCore.QPointF(left, y), mark.label)

    def _paint_now(self, painter: QtGui.QPainter) -> None:
        line = self.timeline
        x = self.x_of(line.now)
        colour = QtGui.QColor(tone_colour("warning"))
        bottom = self._lane_top(len(line.lanes))
        painter.setPen(QtGui.QPen(colour, 2))
        painter.drawLine(QtCore.QPointF(x, PAD + AXIS_H - 8), QtCore.QPointF(x, bottom))
        metrics = QtGui.QFontMetrics(self.font())
        width = metrics.horizontalAdvance("now")
        left = min(max(x - width / 2, LABEL_W), self.width() - PAD - width)
        painter.drawText(QtCore.QPointF(left, bottom + metrics.ascent() + 2), "now")


__all__ = ["TimelineCanvas", "clock", "tick_step"]
