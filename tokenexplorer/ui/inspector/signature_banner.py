"""The signature verdict at a glance: one word, a colour, a one-line reason, the key used.

While keys are being fetched it shows "checking" with a busy bar and a Cancel button.
"""

from __future__ import annotations

from tokenexplorer.tokens.model import SignatureResult
from tokenexplorer.ui import plain, theme
from tokenexplorer.ui.qt import Qt, QtGui, QtWidgets, Signal

_SYMBOL = {
    "valid": "✔",
    "invalid": "✖",
    "unsecured": "✖",
    "key not found": "⚠",
    "unsupported algorithm": "⚠",
    "not checked": "–",
    "checking": "…",
}


class SignatureBanner(QtWidgets.QFrame):
    cancel_requested = Signal()
    hmac_requested = Signal()  # "Use an HMAC secret": the token is HS*, no secret chosen

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Signature status")
        self.setObjectName("signatureBanner")
        self.setAutoFillBackground(True)
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        self._status = "not checked"

        self.verdict_label = plain.label()
        self.verdict_label.setAccessibleName("Signature verdict")
        font = self.verdict_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.verdict_label.setFont(font)
        self.reason_label = plain.label()
        self.reason_label.setAccessibleName("Signature reason")
        self.reason_label.setWordWrap(True)
        self.reason_label.setTextFormat(Qt.TextFormat.PlainText)
        self.reason_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.source_label = plain.label()
        self.source_label.setAccessibleName("Signature key source")
        self.source_label.setWordWrap(True)
        self.source_label.setTextFormat(Qt.TextFormat.PlainText)
        self.busy_bar = QtWidgets.QProgressBar()
        self.busy_bar.setAccessibleName("Key fetch progress")
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumHeight(8)
        self.busy_bar.setTextVisible(False)
        self.cancel_button = QtWidgets.QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel key fetch")
        self.cancel_button.setToolTip("Stop fetching keys (Esc)")
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.hmac_button = QtWidgets.QPushButton("Use an HMAC secret")
        self.hmac_button.setAccessibleName("Use an HMAC secret")
        self.hmac_button.setToolTip("Choose HMAC secret as the key source and type the secret")
        self.hmac_button.clicked.connect(self.hmac_requested)
        self.hmac_button.setVisible(False)

        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.verdict_label, 1)
        top.addWidget(self.cancel_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.source_label)
        hmac_row = QtWidgets.QHBoxLayout()
        hmac_row.addWidget(self.hmac_button)
        hmac_row.addStretch(1)
        layout.addLayout(hmac_row)
        layout.addWidget(self.busy_bar)
        self.show_result(None)

    @property
    def status(self) -> str:
        return self._status

    def text(self) -> str:
        """Everything the banner says, for screen readers and tests."""
        parts = [self.verdict_label.text(), self.reason_label.text(), self.source_label.text()]
        return " — ".join(part for part in parts if part)

    def show_checking(self, fetching: bool, what: str = "") -> None:
        self.hmac_button.setVisible(False)
        self._set("checking", "Checking signature…",
                  what or ("Fetching keys…" if fetching else "Checking…"), "")
        self.busy_bar.setVisible(fetching)
        self.cancel_button.setVisible(fetching)

    def show_result(self, result: SignatureResult | None, fallback_source: str = "") -> None:
        """`fallback_source` names the chosen key source when the result names none."""
        self.busy_bar.setVisible(False)
        self.cancel_button.setVisible(False)
        self.hmac_button.setVisible(False)
        if result is None:
            self._set("not checked", "No token", "Paste a token to check its signature.", "")
            return
        status = str(result.status)
        used = result.key_source or fallback_source
        source = f"Key source: {used}" if used else ""
        self._set(status, f"Signature {status}", result.reason, source)

    def offer_hmac(self, shown: bool) -> None:
        self.hmac_button.setVisible(shown)

    def show_error(self, message: str) -> None:
        self.hmac_button.setVisible(False)
        self.busy_bar.setVisible(False)
        self.cancel_button.setVisible(False)
        self._set("not checked", "Signature not checked", message, "")

    def _set(self, status: str, verdict: str, reason: str, source: str) -> None:
        self._status = status
        self.verdict_label.setText(f"{_SYMBOL.get(status, '')} {verdict}".strip())
        self.reason_label.setText(reason)
        self.source_label.setText(source)
        self.source_label.setVisible(bool(source))
        self.setAccessibleDescription(self.text())
        self._apply_colours()
        self._fit_height()

    def _fit_height(self) -> None:
        """Wrapped labels need more height when narrow; a splitter column ignores that and
        would squeeze the lines over each other: the banner asks for its real height."""
        layout = self.layout()
        if layout is None:
            return
        needed = layout.totalHeightForWidth(self.width())
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def _apply_colours(self) -> None:
        palette = QtWidgets.QApplication.palette(self)
        background, foreground = theme.status_colours(self._status, palette)
        own = QtGui.QPalette(palette)
        own.setColor(QtGui.QPalette.ColorRole.Window, background)
        own.setColor(QtGui.QPalette.ColorRole.WindowText, foreground)
        self.setPalette(own)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        # PaletteChange too: a palette switched at run time reaches a widget as that (the
        # application's change is announced to windows only). Setting the same palette again
        # sends no event, so this does not recurse.
        if event.type() in (event.Type.ApplicationPaletteChange, event.Type.StyleChange,
                            event.Type.PaletteChange):
            self._apply_colours()
