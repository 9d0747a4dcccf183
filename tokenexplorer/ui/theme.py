"""Colours that read well on the current palette, light or dark.

Nothing here is hard-wired to a light background: every colour is chosen from the
palette's window colour, so the system's dark theme (or a palette change while running)
keeps segments, flags and the signature banner readable.
"""

from __future__ import annotations

from tokenexplorer.ui.qt import QtGui

# (light-theme colour, dark-theme colour) for each raw-token segment.
_SEGMENT_COLOURS: dict[str, tuple[str, str]] = {
    "header": ("#c62828", "#ff8a80"),
    "payload": ("#6a1b9a", "#e1a6f5"),
    "signature": ("#0d47a1", "#82b1ff"),
    "encrypted_key": ("#00695c", "#64dfc4"),
    "iv": ("#8d5300", "#ffc46b"),
    "ciphertext": ("#6a1b9a", "#e1a6f5"),
    "tag": ("#0d47a1", "#82b1ff"),
}
_FALLBACK_SEGMENT = ("#37474f", "#cfd8dc")

# Signature verdict -> (light background, light text, dark background, dark text).
_STATUS_COLOURS: dict[str, tuple[str, str, str, str]] = {
    "valid": ("#dff3e2", "#1b5e20", "#1e3d24", "#b9f0c2"),
    "invalid": ("#fde0df", "#b71c1c", "#4a1d1d", "#ffb4ab"),
    "unsecured": ("#fde0df", "#b71c1c", "#4a1d1d", "#ffb4ab"),
    "key not found": ("#fff1d6", "#7a4a00", "#453314", "#ffd8a0"),
    "unsupported algorithm": ("#fff1d6", "#7a4a00", "#453314", "#ffd8a0"),
    "not checked": ("#eceff1", "#37474f", "#2f3438", "#d5dde2"),
    "checking": ("#e3f0fb", "#0d47a1", "#1c2e40", "#b7d7f7"),
}

# Row flags from the core ("warning" / "error") and message kinds ("info").
_FLAG_COLOURS: dict[str, tuple[str, str]] = {
    "error": ("#b71c1c", "#ff8a80"),
    "warning": ("#8a5000", "#ffcc80"),
    "info": ("#0d47a1", "#90caf9"),
    "ok": ("#1b5e20", "#a5d6a7"),
}
_MESSAGE_BACKGROUNDS: dict[str, tuple[str, str]] = {
    "error": ("#fde0df", "#4a1d1d"),
    "warning": ("#fff1d6", "#453314"),
    "info": ("#e3f0fb", "#1c2e40"),
}


def is_dark(palette: QtGui.QPalette) -> bool:
    """True when the window background is dark (system dark theme or a dark palette)."""
    return palette.color(QtGui.QPalette.ColorRole.Window).lightnessF() < 0.5


def _pick(pair: tuple[str, str], palette: QtGui.QPalette) -> QtGui.QColor:
    return QtGui.QColor(pair[1] if is_dark(palette) else pair[0])


def segment_colour(segment: str, palette: QtGui.QPalette) -> QtGui.QColor:
    return _pick(_SEGMENT_COLOURS.get(segment, _FALLBACK_SEGMENT), palette)


def segment_highlight(segment: str, palette: QtGui.QPalette) -> QtGui.QColor:
    """A soft background behind the segment the claims tree points at."""
    colour = QtGui.QColor(segment_colour(segment, palette))
    colour.setAlpha(70 if is_dark(palette) else 45)
    return colour


def status_colours(status: str, palette: QtGui.QPalette) -> tuple[QtGui.QColor, QtGui.QColor]:
    """(background, text) for a signature verdict."""
    light_bg, light_fg, dark_bg, dark_fg = _STATUS_COLOURS.get(
        status, _STATUS_COLOURS["not checked"]
    )
    if is_dark(palette):
        return QtGui.QColor(dark_bg), QtGui.QColor(dark_fg)
    return QtGui.QColor(light_bg), QtGui.QColor(light_fg)


def flag_colour(flag: str, palette: QtGui.QPalette) -> QtGui.QColor:
    return _pick(_FLAG_COLOURS.get(flag, _FLAG_COLOURS["info"]), palette)


def message_colours(kind: str, palette: QtGui.QPalette) -> tuple[QtGui.QColor, QtGui.QColor]:
    """(background, text) for the input message area."""
    background = _pick(_MESSAGE_BACKGROUNDS.get(kind, _MESSAGE_BACKGROUNDS["info"]), palette)
    return background, flag_colour(kind, palette)


def _luminance(colour: QtGui.QColor) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(colour.red()) + 0.7152 * channel(colour.green())
            + 0.0722 * channel(colour.blue()))


def contrast_ratio(first: QtGui.QColor, second: QtGui.QColor) -> float:
    """WCAG 2 contrast ratio (1 to 21); 4.5 is the least for normal text."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


READABLE = 4.5
_LINK_COLOURS = ("#0b57d0", "#8ab4f8")  # (on light, on dark)


def link_colour(palette: QtGui.QPalette) -> QtGui.QColor:
    """The palette's link colour when it reads on the palette's base, else one that does:
    many dark palettes keep Qt's default #0000ff links (about 2:1 on a dark base)."""
    link = palette.color(QtGui.QPalette.ColorRole.Link)
    base = palette.color(QtGui.QPalette.ColorRole.Base)
    if contrast_ratio(link, base) >= READABLE:
        return link
    return QtGui.QColor(_LINK_COLOURS[1] if base.lightnessF() < 0.5 else _LINK_COLOURS[0])


def dark_palette() -> QtGui.QPalette:
    """A dark palette like a desktop dark theme: used to check that the UI reads in dark mode."""
    role = QtGui.QPalette.ColorRole
    palette = QtGui.QPalette()
    colours = {
        role.Window: "#2b2d30", role.WindowText: "#e6e6e6", role.Base: "#1e1f22",
        role.AlternateBase: "#26282b", role.ToolTipBase: "#3c3f41", role.ToolTipText: "#e6e6e6",
        role.Text: "#e6e6e6", role.Button: "#35373a", role.ButtonText: "#e6e6e6",
        role.BrightText: "#ff6b6b", role.Link: "#8ab4f8", role.Highlight: "#2f65ca",
        role.HighlightedText: "#ffffff", role.PlaceholderText: "#8c8f94", role.Mid: "#45484c",
        role.Dark: "#1a1b1d", role.Light: "#4a4d51", role.Midlight: "#3d4043",
        role.Shadow: "#0f0f10",
    }
    for colour_role, value in colours.items():
        palette.setColor(colour_role, QtGui.QColor(value))
    group = QtGui.QPalette.ColorGroup.Disabled
    for colour_role in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group, colour_role, QtGui.QColor("#7d8085"))
    return palette
