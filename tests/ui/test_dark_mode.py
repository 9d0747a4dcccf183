"""Dark mode: hints, links, warning colours and the signature banner read well (WCAG
contrast >= 4.5:1) when the app starts dark and when the palette switches while running."""

from __future__ import annotations

import re

import pytest

from tests.ui.conftest import wait_settled
from tokenexplorer.ui import theme
from tokenexplorer.ui.qt import Qt, QtGui, QtWidgets

ROLE = QtGui.QPalette.ColorRole
_SHEET_COLOUR = re.compile(r"color:\s*(#[0-9a-fA-F]{6})")


@pytest.fixture
def palette_restored(qapp):
    saved = QtGui.QPalette(QtWidgets.QApplication.palette())
    yield
    QtWidgets.QApplication.setPalette(saved)


def _background(widget: QtWidgets.QWidget) -> QtGui.QColor:
    """What is really behind a widget: the first one up that paints its own background."""
    current: QtWidgets.QWidget | None = widget.parentWidget()
    while current is not None:
        if current.autoFillBackground() or current.isWindow():
            return current.palette().color(current.backgroundRole())
        current = current.parentWidget()
    return widget.palette().color(ROLE.Window)


def _problems(window) -> list[str]:
    problems = []
    for label in window.findChildren(QtWidgets.QLabel):
        match = _SHEET_COLOUR.search(label.styleSheet())
        if not match or not label.isVisibleTo(window) or "background" in label.styleSheet():
            continue  # message boxes paint their own background (checked by the panels)
        ratio = theme.contrast_ratio(QtGui.QColor(match.group(1)), _background(label))
        if ratio < theme.READABLE:
            problems.append(f"hint {label.accessibleName() or label.text()[:30]!r}: {ratio:.1f}")
    banner = window.inspector.banner
    ratio = theme.contrast_ratio(banner.palette().color(ROLE.Window),
                                 banner.palette().color(ROLE.WindowText))
    if ratio < theme.READABLE:
        problems.append(f"signature banner: {ratio:.1f}")
    if theme.is_dark(QtWidgets.QApplication.palette()) != theme.is_dark(banner.palette()):
        problems.append("signature banner keeps the other theme's colours")
    details = window.inspector.details
    html = details.toHtml()
    links = re.findall(r"<a [^>]*href[^>]*>(?:<span [^>]*?)?[^>]*?color:\s*(#[0-9a-fA-F]{6})", html)
    if "<a " in html and not links:
        problems.append("claim details link: no colour found in its rich text")
    for colour in links:
        ratio = theme.contrast_ratio(QtGui.QColor(colour), details.palette().color(ROLE.Base))
        if ratio < theme.READABLE:
            problems.append(f"claim details link: {ratio:.1f}")
    model = window.inspector.tree.model()
    base = window.inspector.tree.palette().color(ROLE.Base)
    for row in range(model.rowCount()):
        parent = model.index(row, 0)
        for child in range(model.rowCount(parent)):
            brush = model.index(child, 1, parent).data(Qt.ItemDataRole.ForegroundRole)
            if isinstance(brush, QtGui.QBrush | QtGui.QColor):
                colour = brush.color() if isinstance(brush, QtGui.QBrush) else brush
                ratio = theme.contrast_ratio(colour, base)
                if ratio < theme.READABLE:
                    problems.append(f"flagged claim row {child}: {ratio:.1f}")
    return problems


def _with_link_shown(window) -> None:
    """Select `iss`, whose details carry a link to its documentation."""
    tree = window.inspector.tree
    model = tree.model()
    payload = next(model.index(r, 0) for r in range(model.rowCount())
                   if model.index(r, 0).data() == "Payload")
    iss = next(model.index(r, 0, payload) for r in range(model.rowCount(payload))
               if model.index(r, 0, payload).data() == "iss")
    tree.setCurrentIndex(iss)
    assert "<a " in window.inspector.details.toHtml()


def _full_window(qtbot):
    from tokenexplorer.ui.app import create_window, install_panels

    window = create_window(remember_layout=False, offline=True)
    qtbot.addWidget(window)
    window.show()
    state = install_panels(window)
    wait_settled(qtbot, window)
    _with_link_shown(window)
    return window, state


def _dark_with_default_links() -> QtGui.QPalette:
    """A dark palette as some desktops give it: Qt's default #0000ff links kept."""
    palette = theme.dark_palette()
    palette.setColor(ROLE.Link, QtGui.QColor("#0000ff"))
    return palette


@pytest.mark.parametrize("palette", [theme.dark_palette, _dark_with_default_links])
def test_starting_dark_everything_reads(qtbot, palette_restored, palette) -> None:
    QtWidgets.QApplication.setPalette(palette())
    window, state = _full_window(qtbot)
    try:
        assert _problems(window) == []
    finally:
        state.close()


def test_switching_to_dark_while_running_rethemes_at_once(qtbot, palette_restored) -> None:
    window, state = _full_window(qtbot)
    try:
        assert _problems(window) == []
        QtWidgets.QApplication.setPalette(_dark_with_default_links())
        qtbot.waitUntil(lambda: _problems(window) == [], timeout=2000)
        banner = window.inspector.banner
        assert theme.is_dark(banner.palette())
        QtWidgets.QApplication.setPalette(QtGui.QPalette(QtGui.QColor("#f4f4f4")))
        qtbot.waitUntil(lambda: _problems(window) == [], timeout=2000)
        assert not theme.is_dark(banner.palette())
    finally:
        state.close()
