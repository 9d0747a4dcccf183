"""A tab page or dock whose real widget is built the first time it is shown.

The window mounts every panel at start-up, but most of them (the Credentials and S3 tabs,
a dock the saved layout keeps closed) are not on screen then: a LazyPage stands in for
each, costing one empty widget, and calls its factory on the first show (or when asked
through `widget()`, e.g. to open the tab from a menu).
"""

from __future__ import annotations

from collections.abc import Callable

from tokenexplorer.ui.qt import QtGui, QtWidgets, Signal


class LazyPage(QtWidgets.QWidget):
    built = Signal(QtWidgets.QWidget)  # the real widget, once made

    def __init__(self, name: str, factory: Callable[[], QtWidgets.QWidget]) -> None:
        super().__init__()
        self.setAccessibleName(f"{name} page")
        self._name = name
        self._factory: Callable[[], QtWidgets.QWidget] | None = factory
        self._widget: QtWidgets.QWidget | None = None
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def is_built(self) -> bool:
        return self._widget is not None

    def widget(self) -> QtWidgets.QWidget:
        """The real widget, built now if it was not yet."""
        if self._widget is None:
            factory, self._factory = self._factory, None
            assert factory is not None  # set until the first build
            widget = factory()
            if not widget.accessibleName():
                widget.setAccessibleName(self._name)
            layout = self.layout()
            assert layout is not None  # made in __init__
            layout.addWidget(widget)
            if self.isVisible():  # built from showEvent: the children were shown already
                widget.show()
            self._widget = widget
            self.built.emit(widget)
        return self._widget

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        self.widget()
        super().showEvent(event)


__all__ = ["LazyPage"]
