"""View → Zoom in / Zoom out / Reset zoom: every text and icon of the application scaled.

The application font is the one knob: widgets and dialogs made later inherit it. Widgets
that set their own font (a bold title, the monospace raw view) are rescaled by the same
ratio when the zoom changes, and a QProxyStyle scales icon sizes. The steps and bounds
are policy (tokenexplorer/zoom_steps.py). The chosen zoom is remembered in the layout
settings, like the window geometry; presenter mode zooms without remembering.
"""

from __future__ import annotations

from collections.abc import Callable

from tokenexplorer import zoom_steps
from tokenexplorer.ui.qt import QObject, Qt, QtCore, QtGui, QtWidgets, Signal

SETTING = "view/zoom_percent"
_BASE_PROPERTY = "tokenexplorerBasePointSize"  # the unzoomed font size, kept on the app
_ZOOM_PROPERTY = "tokenexplorerZoomPercent"  # the zoom the app font has now
_SCALED_METRICS = frozenset({
    QtWidgets.QStyle.PixelMetric.PM_SmallIconSize, QtWidgets.QStyle.PixelMetric.PM_LargeIconSize,
    QtWidgets.QStyle.PixelMetric.PM_ButtonIconSize, QtWidgets.QStyle.PixelMetric.PM_TabBarIconSize,
    QtWidgets.QStyle.PixelMetric.PM_ToolBarIconSize,
    QtWidgets.QStyle.PixelMetric.PM_MessageBoxIconSize,
    QtWidgets.QStyle.PixelMetric.PM_ListViewIconSize,
    QtWidgets.QStyle.PixelMetric.PM_IndicatorWidth, QtWidgets.QStyle.PixelMetric.PM_IndicatorHeight,
    QtWidgets.QStyle.PixelMetric.PM_ExclusiveIndicatorWidth,
    QtWidgets.QStyle.PixelMetric.PM_ExclusiveIndicatorHeight,
})


class ZoomStyle(QtWidgets.QProxyStyle):
    """The platform style with icon (and check box) sizes scaled by the zoom factor."""

    factor = 1.0

    def pixelMetric(self, metric: QtWidgets.QStyle.PixelMetric,
                    option: QtWidgets.QStyleOption | None = None,
                    widget: QtWidgets.QWidget | None = None) -> int:
        value = super().pixelMetric(metric, option, widget)
        if metric in _SCALED_METRICS and self.factor != 1.0:
            return round(value * self.factor)
        return value


def _application() -> QtWidgets.QApplication:
    app = QtWidgets.QApplication.instance()
    assert isinstance(app, QtWidgets.QApplication), "zoom needs the QApplication"
    return app


def current_percent() -> int:
    """The zoom the application's font has now (100 before any zoom)."""
    app = QtWidgets.QApplication.instance()
    value = app.property(_ZOOM_PROPERTY) if app is not None else None
    return zoom_steps.parse_percent(value) or zoom_steps.DEFAULT


def base_point_size(app: QtWidgets.QApplication) -> float:
    """The application font's size before any zoom (recorded the first time it is asked)."""
    value = app.property(_BASE_PROPERTY)
    if isinstance(value, float | int) and value > 0:
        return float(value)
    size = app.font().pointSizeF()
    size = size if size > 0 else 9.0
    app.setProperty(_BASE_PROPERTY, size)
    return size


def _zoom_style(app: QtWidgets.QApplication) -> ZoomStyle:
    style = app.style()
    if isinstance(style, ZoomStyle):
        return style
    proxy = ZoomStyle()  # wraps the platform's default style; the application owns it
    app.setStyle(proxy)
    return proxy


def apply_percent(percent: int) -> int:
    """Scale the application to `percent` (clamped); returns the zoom applied."""
    app = _application()
    percent = zoom_steps.clamp(percent)
    old = current_percent()
    base = base_point_size(app)
    style = _zoom_style(app)
    if percent == old and style.factor == percent / 100:
        return percent
    ratio = percent / old
    own_fonts = [(widget, widget.font()) for widget in app.allWidgets()
                 if widget.testAttribute(Qt.WidgetAttribute.WA_SetFont)]
    style.factor = percent / 100
    font = app.font()
    font.setPointSizeF(base * percent / 100)
    app.setFont(font)
    # Qt posts the font change to each widget: deliver it now, so the style change below
    # makes widgets recompute their hints with the new font, not the old one.
    QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.ApplicationFontChange)
    app.setProperty(_ZOOM_PROPERTY, percent)
    for widget, own in own_fonts:
        if own.pointSizeF() > 0:
            own.setPointSizeF(own.pointSizeF() * ratio)
            widget.setFont(own)
    restyle_all()
    return percent


def restyle_all() -> None:
    """Tell every widget its style's metrics changed, as a style change does: a QTabWidget
    lays out its tab bar again, a QComboBox forgets its cached size hints, only then."""
    for widget in QtWidgets.QApplication.allWidgets():
        QtWidgets.QApplication.sendEvent(widget, QtCore.QEvent(QtCore.QEvent.Type.StyleChange))


class ViewZoom(QObject):
    """The window's zoom: its actions' target, remembered in the layout settings."""

    changed = Signal(int)  # the percent now applied

    def __init__(self, parent: QObject | None = None,
                 settings: Callable[[], QtCore.QSettings] | None = None,
                 initial: int | None = None) -> None:
        """`settings` None: nothing is read or written (screenshots, tests)."""
        super().__init__(parent)
        self._settings = settings
        self._remembering = True  # presenter mode holds the setting while it runs
        saved = settings().value(SETTING) if settings is not None else None
        start = initial if initial is not None else zoom_steps.parse_percent(saved)
        self._percent = apply_percent(start or zoom_steps.DEFAULT)

    @property
    def percent(self) -> int:
        return self._percent

    def set_percent(self, percent: int, remember: bool = True) -> int:
        """Zoom to `percent`; `remember=False` (presenter mode) leaves the setting alone."""
        self._percent = apply_percent(percent)
        if remember and self._settings is not None:
            settings = self._settings()
            settings.setValue(SETTING, self._percent)
            settings.sync()
        self.changed.emit(self._percent)
        return self._percent

    def zoom_in(self) -> int:
        return self.set_percent(zoom_steps.zoom_in(self._percent), self._remembering)

    def zoom_out(self) -> int:
        return self.set_percent(zoom_steps.zoom_out(self._percent), self._remembering)

    def reset(self) -> int:
        return self.set_percent(zoom_steps.DEFAULT, self._remembering)

    def hold_setting(self, held: bool) -> None:
        """While held (presenter mode), zoom changes are not written to the settings."""
        self._remembering = not held


def add_zoom_actions(menu: QtWidgets.QMenu, zoom: ViewZoom,
                     owner: QtWidgets.QWidget) -> tuple[QtGui.QAction, ...]:
    """Zoom in (Ctrl+= and Ctrl++), Zoom out (Ctrl+-), Reset zoom (Ctrl+0) in `menu`."""
    key = QtGui.QKeySequence
    made = []
    for text, name, slot, keys in (
            ("Zoom &in", "Zoom in", zoom.zoom_in, [key("Ctrl+="), key("Ctrl++"),
                                                  key(key.StandardKey.ZoomIn)]),
            ("Zoom &out", "Zoom out", zoom.zoom_out, [key("Ctrl+-"),
                                                     key(key.StandardKey.ZoomOut)]),
            ("Reset &zoom", "Reset zoom", zoom.reset, [key("Ctrl+0")])):
        action = menu.addAction(text)
        action.setObjectName(name)
        action.setToolTip(name)
        unique = list(dict.fromkeys(k for k in keys if not k.isEmpty()))
        action.setShortcuts(unique)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False, slot=slot: slot())
        owner.addAction(action)
        made.append(action)
    return tuple(made)


__all__ = ["SETTING", "ViewZoom", "ZoomStyle", "add_zoom_actions", "apply_percent",
           "base_point_size", "current_percent", "restyle_all"]
