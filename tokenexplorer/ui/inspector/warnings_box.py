"""The verdict's warnings, right under the signature banner: always seen with the verdict.

A green "Signature valid" for a token signed with moto's public key, or checked against an
emulator's JWKS, means nothing outside that emulator: the warning must not sit below the
checks' scrollbar. Plain text (warnings quote header values an attacker chose).
"""

from __future__ import annotations

from tokenexplorer.ui import theme
from tokenexplorer.ui.qt import Qt, QtGui, QtWidgets


class WarningsBox(QtWidgets.QLabel):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Signature warnings")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAutoFillBackground(True)
        self.setMargin(6)
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored,
                           QtWidgets.QSizePolicy.Policy.Minimum)
        self._warnings: list[str] = []
        self.show_warnings([])

    def warnings(self) -> list[str]:
        return list(self._warnings)

    def show_warnings(self, warnings: list[str]) -> None:
        self._warnings = list(warnings)
        text = "\n".join(f"⚠ {warning}" for warning in warnings)
        self.setText(text)
        self.setAccessibleDescription(text)
        self.setVisible(bool(warnings))
        self._apply_colours()
        self._fit_height()

    def _fit_height(self) -> None:
        """A splitter column ignores a wrapped label's height for its width: ask for it."""
        if self._warnings and self.width() > 0:
            needed = self.heightForWidth(self.width())
            if needed > 0 and needed != self.minimumHeight():
                self.setMinimumHeight(needed)

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def _apply_colours(self) -> None:
        base = QtWidgets.QApplication.palette(self)
        background, foreground = theme.message_colours("warning", base)
        palette = QtGui.QPalette(base)
        palette.setColor(QtGui.QPalette.ColorRole.Window, background)
        palette.setColor(QtGui.QPalette.ColorRole.WindowText, foreground)
        self.setPalette(palette)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (event.Type.ApplicationPaletteChange, event.Type.PaletteChange):
            self._apply_colours()  # the same palette again sends no event: no recursion
