"""Who the app is to the desktop: name, version, icon, and the .desktop entry it belongs to.

`apply_app_identity(app)` is called once on the QApplication before any window exists, so
every window gets the icon (title bar, task bar, Alt-Tab) and Wayland/X11 task bars match
windows to the installed `tokenexplorer.desktop` entry (the same name as the binary, which
is what X11's WM_CLASS becomes).
"""

from __future__ import annotations

import functools

from tokenexplorer import APP_ID, APP_NAME, __version__
from tokenexplorer.resources import resource_path
from tokenexplorer.ui.qt import QtGui, QtWidgets

DESKTOP_FILE_NAME = APP_ID  # packaging/tokenexplorer.desktop, installed as tokenexplorer.desktop
ORGANIZATION_NAME = APP_ID
ICON_RESOURCE = ("icons", "tokenexplorer.svg")


@functools.cache
def app_icon() -> QtGui.QIcon:
    """The app icon, from the SVG in resources/ (drawn at any size by Qt's SVG icon engine).

    Returns a null icon (never raises) when the SVG or the SVG plugin is missing: the smoke
    test reports that, the app still starts."""
    try:
        path = resource_path(*ICON_RESOURCE)
    except FileNotFoundError:
        return QtGui.QIcon()
    icon = QtGui.QIcon(str(path))
    if icon.isNull() or icon.pixmap(32, 32).isNull():
        return QtGui.QIcon()
    return icon


def apply_app_identity(app: QtWidgets.QApplication) -> None:
    """Name, version, desktop entry and icon for the whole application."""
    app.setApplicationName(APP_ID)  # settings/config paths use the short id
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(ORGANIZATION_NAME)
    QtGui.QGuiApplication.setDesktopFileName(DESKTOP_FILE_NAME)
    icon = app_icon()
    if not icon.isNull():
        app.setWindowIcon(icon)
