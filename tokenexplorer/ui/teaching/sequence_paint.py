"""Paints a laid-out sequence model (teaching/sequence.py) with QPainter: on the canvas and
into a PNG. Colours follow the palette (dark mode), the answers' tones the app's ok/error
colours. All text is drawn with drawText: plain text, never markup."""

from __future__ import annotations

from dataclasses import dataclass

from tokenexplorer.teaching.sequence import BOX_H, MARGIN, NOTE_H, Arrow, SequenceModel
from tokenexplorer.ui.cognito.widgets import tone_colour
from tokenexplorer.ui.qt import Qt, QtCore, QtGui

HEAD = 9.0  # arrowhead length


@dataclass(frozen=True)
class Colours:
    background: QtGui.QColor
    text: QtGui.QColor
    box: QtGui.QColor
    line: QtGui.QColor
    ok: QtGui.QColor
    error: QtGui.QColor
    current: QtGui.QColor


def colours_for(palette: QtGui.QPalette) -> Colours:
    role = QtGui.QPalette.ColorRole
    current = QtGui.QColor(palette.color(role.Highlight))
    current.setAlpha(60)
    return Colours(palette.color(role.Base), palette.color(role.Text),
                   palette.color(role.AlternateBase), palette.color(role.Mid),
                   QtGui.QColor(tone_colour("ok")), QtGui.QColor(tone_colour("error")), current)


def _head(painter: QtGui.QPainter, arrow: Arrow, colour: QtGui.QColor) -> None:
    direction = 1.0 if arrow.x2 >= arrow.x1 else -1.0
    tip = QtCore.QPointF(arrow.x2, arrow.y)
    back = arrow.x2 - direction * HEAD
    painter.setBrush(colour)
    painter.drawPolygon(QtGui.QPolygonF([tip, QtCore.QPointF(back, arrow.y - 4),
                                         QtCore.QPointF(back, arrow.y + 4)]))


def arrow_rect(model: SequenceModel, arrow: Arrow) -> QtCore.QRectF:
    """The band an arrow and its text occupy (for highlighting and scrolling to it)."""
    low, high = sorted((arrow.x1, arrow.x2))
    half = model.column / 2
    return QtCore.QRectF(low - 6, arrow.y - 22, high - low + 12, 28).united(
        QtCore.QRectF((low + high) / 2 - half, arrow.y - 22, model.column, 28))


def _arrow(painter: QtGui.QPainter, model: SequenceModel, arrow: Arrow,
           colours: Colours) -> None:
    colour = colours.text if arrow.kind == "call" else (colours.ok if arrow.ok else colours.error)
    pen = QtGui.QPen(colour, 1.4)
    if arrow.kind == "answer":
        pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.drawLine(QtCore.QPointF(arrow.x1, arrow.y), QtCore.QPointF(arrow.x2, arrow.y))
    painter.setPen(QtGui.QPen(colour, 1))
    _head(painter, arrow, colour)
    middle = (arrow.x1 + arrow.x2) / 2
    band = QtCore.QRectF(middle - model.column, arrow.y - 21, 2 * model.column, 18)
    painter.drawText(band, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
                     arrow.text)


def paint_heads(painter: QtGui.QPainter, model: SequenceModel, colours: Colours,
                top: float = 0.0) -> None:
    """The lifelines' name boxes, `top` model pixels down (kept in sight when scrolled)."""
    box_w = model.column - MARGIN
    painter.fillRect(QtCore.QRectF(0, top, model.width, MARGIN + BOX_H + 4), colours.background)
    painter.setPen(QtGui.QPen(colours.text, 1))
    painter.setBrush(colours.box)
    for line in model.lifelines:
        box = QtCore.QRectF(line.x - box_w / 2, top + MARGIN, box_w, BOX_H)
        painter.drawRoundedRect(box, 4, 4)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), line.label)


def paint_sequence(painter: QtGui.QPainter, model: SequenceModel, colours: Colours,
                   current: int | None = None, empty_text: str = "") -> None:
    """The whole diagram at (0, 0), in model pixels; `current` highlights one arrow."""
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    painter.fillRect(QtCore.QRectF(0, 0, model.width, model.height), colours.background)
    bottom = model.height - MARGIN
    for line in model.lifelines:
        painter.setPen(QtGui.QPen(colours.line, 1, Qt.PenStyle.DashLine))
        painter.drawLine(QtCore.QPointF(line.x, MARGIN + BOX_H), QtCore.QPointF(line.x, bottom))
    paint_heads(painter, model, colours)
    painter.setPen(colours.text)
    if model.omitted:
        painter.drawText(QtCore.QPointF(MARGIN, MARGIN + BOX_H + NOTE_H), model.note)
    if not model.calls and empty_text:
        painter.drawText(QtCore.QRectF(MARGIN, MARGIN + BOX_H + 12, 520, 60),
                         int(Qt.TextFlag.TextWordWrap), empty_text)
    if current is not None and 0 <= current < len(model.arrows):
        painter.fillRect(arrow_rect(model, model.arrows[current]), colours.current)
    for arrow in model.arrows:
        _arrow(painter, model, arrow, colours)


def sequence_image(model: SequenceModel, palette: QtGui.QPalette,
                   scale: float = 2.0) -> QtGui.QImage:
    """The diagram as an image (`scale`× for a sharp projector or handout)."""
    width = max(1, round(model.width * scale))
    height = max(1, round(model.height * scale))
    image = QtGui.QImage(width, height, QtGui.QImage.Format.Format_ARGB32)
    image.fill(palette.color(QtGui.QPalette.ColorRole.Base))
    painter = QtGui.QPainter(image)
    try:
        painter.scale(scale, scale)
        paint_sequence(painter, model, colours_for(palette))
    finally:
        painter.end()
    return image


def png_bytes(image: QtGui.QImage) -> bytes:
    """`image` encoded as PNG, in memory (written with atomic.write_bytes_atomic)."""
    data = QtCore.QByteArray()
    buffer = QtCore.QBuffer(data)
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    writer = QtGui.QImageWriter(buffer, QtCore.QByteArray(b"PNG"))
    if not writer.write(image):
        raise OSError(f"the image could not be encoded as PNG ({writer.errorString()})")
    buffer.close()
    return bytes(data.data())


__all__ = ["Colours", "arrow_rect", "colours_for", "paint_heads", "paint_sequence", "png_bytes",
           "sequence_image"]
