"""What a view has put on screen, kept unmasked and shown through the window's masking.

A view writes its text here (`show(widget, text)`) instead of straight into the widget:
the text is formatted through the MaskingView now, and again whenever masking is switched,
so the view re-renders without being asked and without anyone reading widgets back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from tokenexplorer.ui.masking_view import MaskingView
from tokenexplorer.ui.qt import QObject, QtWidgets, is_alive


class _HasText(Protocol):
    def setText(self, text: str, /) -> None: ...


class MaskedTexts(QObject):
    """The texts of one view: (where it goes, how it is rendered), re-rendered on a switch."""

    def __init__(self, masking: MaskingView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.masking = masking
        self._shown: dict[object, tuple[QObject | None, Callable[[str], object],
                                        Callable[[], str]]] = {}
        masking.changed.connect(lambda _on: self.render_all())

    def put(self, key: object, setter: Callable[[str], object], render: Callable[[], str],
            owner: QObject | None = None) -> None:
        """Show `render()` with `setter` now and on every masking switch (`key`: one slot;
        `owner`: the widget written to, forgotten once Qt deleted it)."""
        self._shown[key] = (owner, setter, render)
        setter(render())

    def show(self, widget: _HasText, text: str, name: str = "") -> None:
        """`widget.setText(text)`, masked while masking is on; `name` a field name that
        makes the whole value personal ("username", "IdentityId", "AccessKeyId")."""
        masking = self.masking
        owner = widget if isinstance(widget, QObject) else None
        if name:
            self.put(widget, widget.setText, lambda: str(masking.value(name, text)), owner)
        else:
            self.put(widget, widget.setText, lambda: masking.text(text), owner)

    def tooltip(self, widget: QtWidgets.QWidget, text: str) -> None:
        from tokenexplorer.ui import plain

        self.put((widget, "tooltip"), lambda tip: plain.set_tooltip(widget, tip),
                 lambda: self.masking.text(text), widget)

    def render_all(self) -> None:
        for key, (owner, setter, render) in list(self._shown.items()):
            if owner is not None and not is_alive(owner):
                del self._shown[key]
                continue
            setter(render())


__all__ = ["MaskedTexts"]
