"""About dialog and app identity: versions from metadata, licences listed, accessible names."""

from __future__ import annotations

from importlib import metadata

from tokenexplorer import APP_NAME, __version__
from tokenexplorer.ui import about
from tokenexplorer.ui.app_identity import DESKTOP_FILE_NAME, app_icon, apply_app_identity
from tokenexplorer.ui.qt import QtGui, QtWidgets


def _named(widget: QtWidgets.QWidget, name: str) -> QtWidgets.QWidget:
    found = [w for w in widget.findChildren(QtWidgets.QWidget) if w.accessibleName() == name]
    assert len(found) == 1, f"{name!r}: {len(found)} widgets"
    return found[0]


def test_about_lists_components_with_their_installed_versions(qtbot):
    dialog = about.AboutDialog()
    qtbot.addWidget(dialog)
    assert _named(dialog, "Version").text() == f"Version {__version__}"
    tree = _named(dialog, "Bundled components")
    rows = {
        tree.topLevelItem(i).text(0): (tree.topLevelItem(i).text(1), tree.topLevelItem(i).text(2))
        for i in range(tree.topLevelItemCount())
    }
    assert rows["Qt / PySide6"] == (metadata.version("PySide6-Essentials"), "LGPL-3.0-only")
    assert rows["boto3"] == (metadata.version("boto3"), "Apache-2.0")
    assert rows["PyJWT"] == (metadata.version("PyJWT"), "MIT")
    assert rows["keyring"][1] == "MIT"
    assert rows["ministack (sandbox engine)"] == (metadata.version("ministack"), "MIT")
    assert "moto (sandbox emulator)" not in rows
    for name in ("cryptography", "platformdirs", "segno (QR codes)"):
        assert rows[name][0] != "not installed", name


def test_about_is_keyboard_usable_and_copies_only_versions(qtbot):
    dialog = about.AboutDialog()
    qtbot.addWidget(dialog)
    for name in ("Links", "Close", "Copy version details", "About Qt", "Token Explorer icon"):
        _named(dialog, name)
    assert not _named(dialog, "Token Explorer icon").pixmap().isNull()
    qtbot.mouseClick(_named(dialog, "Copy version details"), QtGui.Qt.MouseButton.LeftButton)
    copied = QtGui.QGuiApplication.clipboard().text()
    assert copied.startswith(f"{APP_NAME} {__version__}")
    assert f"boto3: {metadata.version('boto3')} (Apache-2.0)" in copied


def _ink(widget: QtWidgets.QWidget) -> tuple[int, int]:
    """(distinct colours, pixels that differ from the widget's most common colour) of what
    the widget draws: text or an image shows up as many colours and many such pixels."""
    image = widget.grab().toImage()
    counts: dict[int, int] = {}
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = image.pixel(x, y)
            counts[pixel] = counts.get(pixel, 0) + 1
    background = max(counts.values()) if counts else 0
    return len(counts), sum(counts.values()) - background


def test_about_renders_its_icon_and_text(qtbot):
    dialog = about.show_about_dialog()
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    image = dialog.grab().toImage()
    assert image.width() >= 560 and image.height() >= 480
    colours, _ = _ink(dialog)
    assert colours >= 20, "the dialog rendered (nearly) blank"
    icon_colours, icon_ink = _ink(_named(dialog, "Token Explorer icon"))
    assert icon_colours >= 10 and icon_ink >= 500, "the icon did not render"
    for name in ("Application name", "Version", "Description"):
        label = _named(dialog, name)
        assert label.isVisible() and label.text(), name
        label_colours, label_ink = _ink(label)
        assert label_colours >= 3 and label_ink >= 20 * len(label.text().split()[0]), (
            f"{name}: no text drawn ({label_colours} colours, {label_ink} ink pixels)"
        )


def test_app_identity_sets_name_version_icon_and_desktop_entry(qapp):
    saved = (qapp.applicationName(), qapp.applicationDisplayName(), qapp.organizationName(),
             QtGui.QGuiApplication.desktopFileName(), qapp.windowIcon())
    try:
        apply_app_identity(qapp)
        assert qapp.applicationDisplayName() == APP_NAME
        assert qapp.applicationVersion() == __version__
        assert QtGui.QGuiApplication.desktopFileName() == DESKTOP_FILE_NAME == "tokenexplorer"
        assert not qapp.windowIcon().isNull()
        assert not app_icon().pixmap(16, 16).isNull()
    finally:
        qapp.setApplicationName(saved[0])
        qapp.setApplicationDisplayName(saved[1])
        qapp.setOrganizationName(saved[2])
        QtGui.QGuiApplication.setDesktopFileName(saved[3])
        qapp.setWindowIcon(saved[4])
