"""Colours chosen from the palette, chosen again whenever the palette changes.

A style sheet colour is fixed when it is set: a hint toned for a light palette stays dark
grey on a dark one after the desktop switches theme. `follow_palette(widget, apply)` runs
`apply` now and on every palette change the widget receives (the application's or a
window's, e.g. presenter mode's), never re-entrantly.
"""

from __future__ import annotations

from collections.abc import Callable

from tokenexplorer.ui.qt import QObject, QtCore, QtWidgets

_EVENTS = frozenset({QtCore.QEvent.Type.PaletteChange,
                     QtCore.QEvent.Type.ApplicationPaletteChange})


class _Follower(QObject):
    """One event filter for every following widget (parented to the application)."""

    def __init__(self, app: QtWidgets.QApplication) -> None:
        super().__init__(app)
        self._apply: dict[int, Callable[[], None]] = {}
        self._applying: set[int] = set()
        # A widget with a style sheet gets no PaletteChange when the application's palette
        # changes (its sheet pins its palette): the application says so here.
        app.paletteChanged.connect(lambda _palette: self._apply_all())

    def _apply_all(self) -> None:
        for key in list(self._apply):
            self._run(key)

    def _run(self, key: int) -> None:
        apply = self._apply.get(key)
        if apply is None or key in self._applying:
            return
        self._applying.add(key)  # the style sheet set by `apply` changes the palette too
        try:
            apply()
        finally:
            self._applying.discard(key)

    def add(self, widget: QtWidgets.QWidget, apply: Callable[[], None]) -> None:
        key = id(widget)
        if key not in self._apply:
            widget.installEventFilter(self)
            widget.destroyed.connect(lambda *_: self._apply.pop(key, None))
        self._apply[key] = apply

    def eventFilter(self, watched: QObject, event: QtCore.QEvent) -> bool:
        if event.type() in _EVENTS:
            self._run(id(watched))
        return False


_follower: _Follower | None = None


def follow_palette(widget: QtWidgets.QWidget, apply: Callable[[], None]) -> None:
    """Run `apply` now and whenever `widget`'s palette changes (until it is destroyed)."""
    global _follower
    app = QtWidgets.QApplication.instance()
    assert isinstance(app, QtWidgets.QApplication), "widgets need the QApplication"
    if _follower is None or _follower.parent() is not app:
        _follower = _Follower(app)
    _follower.add(widget, apply)
    apply()


__all__ = ["follow_palette"]
