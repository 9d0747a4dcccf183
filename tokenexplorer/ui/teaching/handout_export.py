"""File → Export handout…: the token shown (or the comparison, on the Compare tab) as
Markdown and a PNG of the view, side by side (the Markdown shows the picture).

The words are the core's (tokens/handout.py); this module picks what is current, grabs
the view and asks where to save. With a Masker the Markdown is masked; the picture is of
the view as shown (masked when the window masks it).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from tokenexplorer.ui import plain
from tokenexplorer.ui.qt import QtCore, QtWidgets

if TYPE_CHECKING:
    from tokenexplorer.tokens.masking import Masker
    from tokenexplorer.tokens.model import Report

NOTE_MS = 6000


class HandoutHost(Protocol):
    """What the export asks of the window (a part of PanelHost)."""

    def current_tab(self) -> QtWidgets.QWidget | None: ...
    def inspected_token(self) -> str | None: ...
    def inspected_report(self) -> Report | None: ...
    def show_status(self, text: str, timeout_ms: int = ...) -> None: ...


class NothingToExport(ValueError):
    """No token (or no comparison) is shown: said to the user."""


def png_of(widget: QtWidgets.QWidget) -> bytes:
    """The widget as it is on screen, as PNG bytes."""
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    widget.grab().save(buffer, "PNG")
    return bytes(buffer.data().data())


def handout_markdown(host: HandoutHost, image: str, masker: Masker | None = None) -> str:
    """The Markdown for what is current; NothingToExport when there is nothing."""
    from tokenexplorer.tokens.handout import comparison_markdown, token_markdown
    from tokenexplorer.ui.teaching.compare_view import CompareView

    view = host.current_tab()
    if isinstance(view, CompareView):
        comparison = view.comparison
        if comparison is None or comparison.diff is None:
            raise NothingToExport("Compare two readable tokens first.")
        return comparison_markdown(comparison, masker=masker, image=image,
                                   only_differences=view.only_differences.isChecked())
    raw = host.inspected_token()
    if raw is None:
        raise NothingToExport("Open a token first: there is nothing to export.")
    from tokenexplorer.tokens.decode import decode
    from tokenexplorer.tokens.model import TokenDecodeError

    try:
        token = decode(raw)
    except TokenDecodeError:
        raise NothingToExport("The token shown cannot be decoded: nothing to export.") from None
    return token_markdown(token, masker=masker, image=image, report=host.inspected_report())


def markdown_path(path: Path) -> Path:
    """`path`, ending in .md (the PNG is the same name ending in .png)."""
    return path if path.suffix.lower() == ".md" else path.with_name(path.name + ".md")


def export_handout(host: HandoutHost, path: Path, masker: Masker | None = None) -> Path:
    """Write `path` (.md) and the PNG beside it; returns the PNG's path. Raises
    NothingToExport or OSError."""
    from tokenexplorer.tokens.handout import image_name, write_handout

    path = markdown_path(path)
    markdown = handout_markdown(host, image_name(path), masker)
    view = host.current_tab()
    image = write_handout(path, markdown, png_of(view) if view is not None else None)
    return image if image is not None else path


def ask_and_export(host: HandoutHost, parent: QtWidgets.QWidget,
                   masker: Masker | None = None) -> Path | None:
    """The menu action: ask where, export, say what happened (never a traceback)."""
    name, _ = QtWidgets.QFileDialog.getSaveFileName(
        parent, "Export handout", str(Path.home() / "handout.md"), "Markdown (*.md)")
    if not name:
        return None
    path = markdown_path(Path(name))
    picture = path.with_suffix(".png")
    standard = QtWidgets.QMessageBox.StandardButton
    if picture.exists() and plain.ask(
            parent, "Export handout", f"{picture.name} exists beside it. Replace it with the "
            "handout's picture?", default=standard.No) != standard.Yes:
        return None
    try:
        image = export_handout(host, path, masker)
    except NothingToExport as error:
        host.show_status(str(error), NOTE_MS)
        return None
    except OSError as error:
        plain.warn(parent, "Export handout",
                   f"Could not write the handout: {error.strerror or error}")
        return None
    host.show_status(f"Handout written: {path.name} and {image.name}", NOTE_MS)
    return image
