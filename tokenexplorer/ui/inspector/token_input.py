"""Where people paste: a plain-text box that decodes as they type (debounced) or paste.

Input larger than LARGE_INPUT is kept in memory and only a preview is shown: Qt lays a
long unbroken line out in one go, and a megabyte token would freeze the window for
seconds. Nothing typed here is ever written to disk.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tokenexplorer.tokens.limits import MAX_INPUT_BYTES
from tokenexplorer.ui.fonts import fixed_font
from tokenexplorer.ui.qt import QtCore, QtGui, QtWidgets, Signal

DEBOUNCE_MS = 250
LARGE_INPUT = 100_000  # characters
PREVIEW_CHARS = 2_000
MAX_FILE_BYTES = MAX_INPUT_BYTES


class InputFileError(Exception):
    """A dropped or opened file that cannot be used as input; the message says why."""


def read_text_file(path: str | Path) -> str:
    """The text of a file people dropped or opened, or InputFileError naming the problem."""
    from tokenexplorer.tokens.limits import InputTooLarge, read_bounded

    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputFileError(
                f"{path.name} is {size / 1e6:.1f} MB: too large for a token file "
                f"(limit {MAX_FILE_BYTES // (1024 * 1024)} MB)."
            )
        with path.open("rb") as handle:  # st_size may lie (/dev/zero, /proc): read bounded
            data = read_bounded(handle, MAX_FILE_BYTES, path.name)
    except InputTooLarge as error:
        raise InputFileError(f"{str(error)[:1].upper()}{str(error)[1:]}.") from None
    except OSError as error:
        raise InputFileError(f"Cannot read {path.name}: {error.strerror or error}.") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputFileError(
            f"{path.name} is not UTF-8 text (byte {error.start}): drop a text file that "
            "holds the token."
        ) from None


def local_file_from_mime(mime: QtCore.QMimeData) -> str | None:
    if mime.hasUrls():
        for url in mime.urls():
            if url.isLocalFile():
                return url.toLocalFile()
    return None


class TokenInput(QtWidgets.QPlainTextEdit):
    """Emits `text_settled` once typing pauses, at once after a paste or drop."""

    text_settled = Signal(str)
    file_problem = Signal(str)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Token input")
        self.setAccessibleDescription(
            "Paste a token, an Authorization header, a redirect URL or JSON holding tokens"
        )
        self.setPlaceholderText(
            "Paste a token, “Bearer …”, a redirect URL (…#id_token=…) or JSON with tokens "
            "(Ctrl+Shift+V pastes, or drop a file)"
        )
        self.setWordWrapMode(QtGui.QTextOption.WrapMode.WrapAnywhere)
        self.setTabChangesFocus(True)
        self.setFont(fixed_font())
        self._large_text: str | None = None
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._settle)
        self.textChanged.connect(self._on_text_changed)
        self._quiet = False
        self._masked = False  # shown through a mask (View → Mask personal data)

    # -- what the inspector reads ---------------------------------------------------------
    def token_text(self) -> str:
        """The whole input (also when only a preview of a large input is shown)."""
        if self._large_text is not None:
            return self._large_text
        return self.toPlainText()

    @property
    def is_large(self) -> bool:
        return self._large_text is not None

    def set_token_text(self, text: str, settle: bool = True) -> None:
        """Replace the input (as a paste would) and decode it now."""
        self._timer.stop()
        self._quiet = True
        self._masked = False
        try:
            if len(text) > LARGE_INPUT:
                self._large_text = text
                self.setReadOnly(True)
                self.setPlainText(self._preview(text))
            else:
                self._large_text = None
                self.setReadOnly(False)
                self.setPlainText(text)
        finally:
            self._quiet = False
        if settle:
            self._settle()

    def clear_input(self) -> None:
        self.set_token_text("")

    def show_masked(self, mask: Callable[[str], str] | None) -> None:
        """Masking on: the input shown through `mask`, read-only (the real text is kept and
        decoded, like a large input's); a paste, drop or Delete replaces it as usual.
        None: the real text shown again."""
        if mask is None:
            if self._masked:
                self._masked = False
                self.set_token_text(self.token_text(), settle=False)
            return
        text = self.token_text()
        self._masked = True
        self._quiet = True
        try:
            self._large_text = text
            self.setReadOnly(True)
            self.setPlainText(mask(text if len(text) <= LARGE_INPUT else self._preview(text)))
        finally:
            self._quiet = False

    def _preview(self, text: str) -> str:
        return (
            f"[Large input: {len(text):,} characters, held in memory and decoded below. "
            "Only the start is shown here so the window stays responsive. Paste or drop "
            "to replace it, or press Delete to clear.]\n\n"
            + text[:PREVIEW_CHARS] + " …"
        )

    # -- typing, pasting, dropping -------------------------------------------------------
    def _on_text_changed(self) -> None:
        if not self._quiet:
            self._timer.start()

    def _settle(self) -> None:
        self._timer.stop()
        self.text_settled.emit(self.token_text())

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        if self._large_text is not None and event.key() in (
            QtCore.Qt.Key.Key_Delete, QtCore.Qt.Key.Key_Backspace
        ):
            self.clear_input()
            return
        super().keyPressEvent(event)

    def canInsertFromMimeData(self, source: QtCore.QMimeData) -> bool:
        return local_file_from_mime(source) is not None or source.hasText()

    def insertFromMimeData(self, source: QtCore.QMimeData) -> None:
        path = local_file_from_mime(source)
        if path is not None:
            self.load_file(path)
            return
        text = source.text()
        if self._large_text is not None or len(text) + len(self.toPlainText()) > LARGE_INPUT:
            self.set_token_text(text)  # replace: a huge paste is a new input, not an edit
            return
        super().insertFromMimeData(source)
        self._settle()  # a paste decodes at once

    def dropEvent(self, event: QtGui.QDropEvent) -> None:
        mime = event.mimeData()
        path = local_file_from_mime(mime)
        if path is not None:
            event.acceptProposedAction()
            self.load_file(path)
            return
        if mime.hasText():
            event.acceptProposedAction()
            self.set_token_text(mime.text())  # a dropped token replaces the input
            return
        super().dropEvent(event)

    def load_file(self, path: str) -> bool:
        try:
            text = read_text_file(path)
        except InputFileError as error:
            self.file_problem.emit(str(error))
            return False
        self.set_token_text(text)
        return True
