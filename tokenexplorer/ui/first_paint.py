"""Run work just after a widget's first paint: the one start-up mechanism.

Start-up is ordered "paint the token, then build the rest" (the panels, the icon,
verification's imports). This module is the only place that knows how "after the paint"
is detected: an event filter sees the widget's first Paint event and the callback runs on
the next turn of the event loop, once the whole paint pass is done. A widget that never
paints (a window started minimised) gets the callback after FALLBACK_MS anyway.
"""

from __future__ import annotations

from collections.abc import Callable

from tokenexplorer.ui.qt import QObject, QtCore, QtWidgets

FALLBACK_MS = 1000


class _FirstPaint(QObject):
    """The widget's child: if the widget goes first, so do its timers and the callback."""

    def __init__(self, widget: QtWidgets.QWidget, callback: Callable[[], object],
                 fallback_ms: int) -> None:
        super().__init__(widget)
        self._widget = widget
        self._callback = callback
        # Both timers are children: they go with this object, whatever happens first.
        self._fallback = self._timer(fallback_ms)
        self._after_paint = self._timer(0)
        widget.installEventFilter(self)
        self._fallback.start()

    def _timer(self, interval_ms: int) -> QtCore.QTimer:
        timer = QtCore.QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval_ms)
        timer.timeout.connect(self._fire)
        return timer

    def eventFilter(self, watched: QObject, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.Paint:
            self._after_paint.start()  # runs after the whole paint pass
        return False

    def _fire(self) -> None:
        """Once: whichever timer comes first stops the other and the watching."""
        self._fallback.stop()
        self._after_paint.stop()
        self._widget.removeEventFilter(self)
        # It stays, inert, as the widget's child until the widget goes: deleteLater() from
        # its own timer's slot made PySide 6.11 crash at interpreter exit.
        self._callback()


def after_first_paint(widget: QtWidgets.QWidget, callback: Callable[[], object],
                      fallback_ms: int = FALLBACK_MS) -> None:
    """Call `callback` once, just after `widget` next paints (or after `fallback_ms`)."""
    _FirstPaint(widget, callback, fallback_ms)


__all__ = ["FALLBACK_MS", "after_first_paint"]
