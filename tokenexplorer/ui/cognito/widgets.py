"""Small widgets the Cognito dialogs share: inline messages, a busy row, error wording.

One place decides how an error from a background call is shown, so every dialog says
"what went wrong" in the same plain words and keeps the original Cognito code a click away.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tokenexplorer.tokens.safe_text import shorten, visible
from tokenexplorer.ui import plain
from tokenexplorer.ui.cognito.emulator_wording import EMULATOR_CAUTION
from tokenexplorer.ui.errors import PlainError
from tokenexplorer.ui.palette_follow import follow_palette
from tokenexplorer.ui.qt import Qt, QtGui, QtWidgets
from tokenexplorer.ui.theme import is_dark

if TYPE_CHECKING:
    from tokenexplorer.cognito.profiles import Profile

# A server's error message can be any length: past this it is cut (saying how much), so
# the dialog showing it still fits a 768-pixel-high screen.
MESSAGE_LIMIT = 500

_COLOURS = {
    "error": ("#8a1c1c", "#fdecea"),
    "warning": ("#7a4b00", "#fff4e0"),
    "info": ("#1d4f7a", "#e8f1fb"),
    "ok": ("#1e5e2a", "#e7f5ea"),
}


# Text colours on the window background, (light palette, dark palette): both ≥ 4.5:1.
_TONES = {
    "warning": ("#7a4b00", "#ffc266"),
    "error": ("#8a1c1c", "#ff8a80"),
    "ok": ("#1e5e2a", "#8fd19e"),
}


# Dialog buttons drawn with a visible keyboard-focus ring and a marked default button: some
# styles (Fusion on a bare X server) show neither, so Tab-walking was blind.
_BUTTON_STYLE = (
    "QPushButton { padding: 5px 14px; border: 1px solid palette(mid); border-radius: 3px;"
    " background: palette(button); color: palette(button-text); }"
    "QPushButton:default { border: 1px solid palette(highlight); }"
    "QPushButton:focus { border: 2px solid palette(highlight); padding: 4px 13px;"
    " background: palette(midlight); }"
    "QPushButton:pressed { background: palette(midlight); }"
)


def focus_ring(*buttons: QtWidgets.QPushButton) -> None:
    """Give dialog buttons a visible focus ring (and the default button its mark)."""
    for button in buttons:
        button.setStyleSheet(_BUTTON_STYLE)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def _palette() -> QtGui.QPalette:
    # The application's palette, not the widget's: a widget's own palette already carries
    # the colour a previous style sheet gave it.
    return QtGui.QGuiApplication.palette()


def tone_colour(kind: str, widget: QtWidgets.QWidget | None = None) -> str:
    """A text colour for `kind` ("muted", "warning", "error", "ok") that reads well on this
    palette: muted is the text colour moved 30% towards the background (not the disabled
    grey, which says "unavailable")."""
    if kind == "muted":
        palette = _palette()
        text = palette.color(QtGui.QPalette.ColorRole.WindowText)
        back = palette.color(QtGui.QPalette.ColorRole.Window)
        mixed = [round(a * 0.7 + b * 0.3) for a, b in
                 zip((text.red(), text.green(), text.blue()),
                     (back.red(), back.green(), back.blue()), strict=True)]
        return "#{:02x}{:02x}{:02x}".format(*mixed)
    light, dark = _TONES.get(kind, _TONES["warning"])
    return dark if is_dark(_palette()) else light


def set_tone(label: QtWidgets.QLabel, kind: str = "") -> None:
    """Colour a helper or warning line for the palette ("" = normal text), again whenever
    the palette changes (a light/dark switch while running)."""
    def apply() -> None:
        sheet = f"color: {tone_colour(kind, label)};" if kind else ""
        if label.styleSheet() != sheet:
            label.setStyleSheet(sheet)

    follow_palette(label, apply)


def helper_text(text: str = "", name: str = "") -> QtWidgets.QLabel:
    """A wrapped helper line in a muted but readable colour."""
    label = plain.label(text)
    label.setWordWrap(True)
    if name:
        label.setAccessibleName(name)
    set_tone(label, "muted")
    return label


def emulator_caution() -> QtWidgets.QLabel:
    """The one-line warning every dialog talking to an emulator shows under its header."""
    label = plain.label(EMULATOR_CAUTION)
    label.setWordWrap(True)
    label.setAccessibleName("Emulator caution")
    set_tone(label, "warning")
    return label


def where_label(profile: Profile) -> QtWidgets.QLabel:
    """'Profile “X” · pool … · app client …' on lines that break between the parts, never
    inside an ID."""
    # names and IDs come from files and servers: bidi and controls shown, as in claims
    name, pool, client = (visible(text or "")
                          for text in (profile.name, profile.user_pool_id, profile.client_id))
    label = QtWidgets.QLabel(
        f"Profile “{_html(name)}”<br>pool&nbsp;<span style='white-space:nowrap'>{_html(pool)}"
        f"</span><br>app&nbsp;client&nbsp;<span style='white-space:nowrap'>{_html(client)}"
        "</span>")
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setAccessibleName("Pool profile")
    label.setAccessibleDescription(f"Profile {name}, pool {pool}, app client {client}")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    set_tone(label, "muted")
    return label


def _html(text: str) -> str:
    return plain.escape(text)


class InlineMessage(QtWidgets.QFrame):
    """A coloured one-paragraph message under a field or at the top of a page.

    `show_error(PlainError)` adds a "Details" link revealing the original code.
    """

    def __init__(self, parent: QtWidgets.QWidget | None = None, *, name: str = "Message") -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.level = ""
        self._label = plain.label()
        self._label.setWordWrap(True)
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._details = QtWidgets.QToolButton()
        self._details.setText("Details")
        self._details.setAccessibleName("Error details")
        self._details.setCheckable(True)
        self._details.setAutoRaise(True)
        self._code = plain.label()
        self._code.setWordWrap(True)
        self._code.setAccessibleName("Error code")
        self._code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._code.hide()
        self._details.toggled.connect(self._code.setVisible)
        row = QtWidgets.QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self._label, 1)
        row.addWidget(self._details, 0, Qt.AlignmentFlag.AlignTop)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(8, 5, 8, 5)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self._code)
        self.clear()

    def text(self) -> str:
        return self._label.text()

    def code_text(self) -> str:
        return self._code.text()

    def show_message(self, level: str, text: str, code: str | None = None) -> None:
        fg, bg = _COLOURS.get(level, _COLOURS["info"])
        self.level = level
        self.setStyleSheet(
            f"InlineMessage {{ background: {bg}; border: 1px solid {fg}; border-radius: 4px; }}"
            f" QLabel {{ color: {fg}; background: transparent; border: none; }}"
        )
        text = shorten(text, MESSAGE_LIMIT)
        self._label.setText(text)
        self.setAccessibleDescription(text)
        self._details.setChecked(False)
        self._details.setVisible(bool(code))
        self._code.setText(f"Original code: {shorten(code, 200)}" if code else "")
        self.show()

    def show_error(self, error: PlainError) -> None:
        self.show_message("error", error.message, error.code)

    def clear(self) -> None:
        self.level = ""
        self._label.clear()
        self._code.clear()
        self.hide()


class FieldNote(QtWidgets.QLabel):
    """A small inline note under a form field: red for errors, amber for warnings."""

    def __init__(self, field_name: str) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setAccessibleName(f"{field_name} message")
        self.level = ""
        self.hide()

    def set_problems(self, problems: list[tuple[str, str]]) -> None:
        """`problems`: (level, message) pairs; errors first."""
        if not problems:
            self.level = ""
            self.clear()
            self.hide()
            return
        problems = sorted(problems, key=lambda p: p[0] != "error")
        self.level = problems[0][0]
        prefix = "✖ " if self.level == "error" else "⚠ "
        set_tone(self, "error" if self.level == "error" else "warning")
        self.setText("\n".join(prefix + message for _, message in problems))
        self.setAccessibleDescription(self.text())
        self.show()


class BusyRow(QtWidgets.QWidget):
    """"Working…" with an indeterminate bar; shown while a background call runs."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._label = plain.label()
        self._bar = QtWidgets.QProgressBar()
        self._bar.setRange(0, 0)
        self._bar.setTextVisible(False)
        self._bar.setMaximumHeight(10)
        self._bar.setAccessibleName("Working")
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._label)
        layout.addWidget(self._bar, 1)
        self.hide()

    def start(self, text: str) -> None:
        self._label.setText(text)
        self.show()

    def stop(self) -> None:
        self.hide()

    def text(self) -> str:
        return self._label.text() if self.isVisible() else ""


def combo_box(name: str) -> QtWidgets.QComboBox:
    """A combo box that asks for the width of a few characters, not of its longest item
    (a long sign-in flow made the combo wider than its dialog, cut off at the edge); the
    open list still shows every item in full. Set before the first size query: Qt keeps
    the first minimum size it computed."""
    combo = QtWidgets.QComboBox()
    combo.setAccessibleName(name)
    combo.setSizeAdjustPolicy(
        QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(16)
    return combo


def line_edit(name: str, *, secret: bool = False, placeholder: str = "") -> QtWidgets.QLineEdit:
    """A line edit with an accessible name (echo hidden for a secret)."""
    edit = QtWidgets.QLineEdit()
    edit.setAccessibleName(name)
    if secret:
        edit.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def code_edit(name: str) -> QtWidgets.QLineEdit:
    """A one-time-code field: digits, a little larger and spaced, at most 12 characters."""
    edit = line_edit(name, placeholder="123456")
    edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
    edit.setMaxLength(12)
    font = edit.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setLetterSpacing(QtGui.QFont.SpacingType.AbsoluteSpacing, 2)
    edit.setFont(font)
    return edit


def buddy_label(text: str, buddy: QtWidgets.QWidget) -> QtWidgets.QLabel:
    """A form label whose mnemonic (&X) moves the focus to `buddy`."""
    label = plain.label(text)
    label.setBuddy(buddy)
    return label


def heading(text: str) -> QtWidgets.QLabel:
    label = plain.label(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.25)
    font.setBold(True)
    label.setFont(font)
    return label


def explanation(text: str) -> QtWidgets.QLabel:
    label = plain.label(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def emulator_badge(text: str = "EMULATOR") -> QtWidgets.QLabel:
    """The visible label on anything that talks to the local emulator."""
    from tokenexplorer.cognito.sandbox import EMULATOR_WARNING

    badge = plain.label(text)
    badge.setAccessibleName("Emulator warning")
    badge.setToolTip(EMULATOR_WARNING)
    badge.setAccessibleDescription(EMULATOR_WARNING)
    badge.setStyleSheet(
        "QLabel { background: #b35900; color: white; font-weight: bold; "
        "padding: 2px 6px; border-radius: 3px; }"
    )
    badge.setSizePolicy(QtWidgets.QSizePolicy.Policy.Maximum,
                        QtWidgets.QSizePolicy.Policy.Fixed)
    return badge
