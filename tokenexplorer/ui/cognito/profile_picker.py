"""The profile chooser and its buttons: pick, add, rename, duplicate, delete, import, sandbox.

Only the widgets: it says what the user asked for through signals and is told what to show;
the pane decides. Names are shown with bidi overrides and controls made visible.
"""

from __future__ import annotations

from collections.abc import Sequence

from tokenexplorer.cognito.profiles import Profile
from tokenexplorer.tokens.safe_text import visible
from tokenexplorer.ui import plain
from tokenexplorer.ui.cognito.flow_layout import FlowLayout
from tokenexplorer.ui.qt import QtWidgets, Signal

DRAFT_SUFFIX = "  (new, not saved)"


def _row(*widgets: QtWidgets.QWidget) -> QtWidgets.QHBoxLayout:
    row = QtWidgets.QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


class ProfilePicker(QtWidgets.QWidget):
    """The "Profile" combo (the draft of a new profile is its row with no name) and the
    buttons that manage profiles."""

    chosen = Signal(object)  # the name the user picked, None for the draft's row
    add_requested = Signal()
    rename_requested = Signal()
    duplicate_requested = Signal()
    delete_requested = Signal()
    import_requested = Signal()
    sandbox_requested = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._quiet = False
        self.combo = QtWidgets.QComboBox()
        self.combo.setAccessibleName("Profile")
        self.combo.setSizeAdjustPolicy(
            QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(12)
        combo_label = plain.label("&Profile")
        combo_label.setBuddy(self.combo)
        self.add_button = plain.button("Add…", "Add profile", "A new, empty profile")
        self.rename_button = plain.button("Rename…", "Rename profile", "Rename this profile")
        self.duplicate_button = plain.button("Duplicate…", "Duplicate profile", "Copy this profile")
        self.delete_button = plain.button("Delete", "Delete profile",
                                          "Delete this profile and its keyring entries")
        self.import_button = plain.button("Import Amplify…", "Import Amplify config",
                                          "aws-exports.js, amplifyconfiguration.json or "
                                          "amplify_outputs.json")
        self.sandbox_button = plain.button("Start sandbox", "Start sandbox",
                                           "A local Cognito + S3 emulator with a demo user")
        top = QtWidgets.QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(combo_label)
        top.addWidget(self.combo, 1)
        column = QtWidgets.QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        manage = FlowLayout()  # wraps in a narrow dock instead of cutting Delete off
        for widget in (self.add_button, self.rename_button, self.duplicate_button,
                       self.delete_button):
            manage.addWidget(widget)
        column.addLayout(manage)
        column.addLayout(_row(self.import_button, self.sandbox_button))
        self.combo.currentIndexChanged.connect(self._index_changed)
        for button, signal in ((self.add_button, self.add_requested),
                               (self.rename_button, self.rename_requested),
                               (self.duplicate_button, self.duplicate_requested),
                               (self.delete_button, self.delete_requested),
                               (self.import_button, self.import_requested),
                               (self.sandbox_button, self.sandbox_requested)):
            button.clicked.connect(signal)

    def _index_changed(self, index: int) -> None:
        if not self._quiet and index >= 0:
            self.chosen.emit(self.combo.itemData(index))

    def set_profiles(self, profiles: Sequence[Profile]) -> None:
        """Replace the rows (the first one is current; nothing is announced)."""
        self._quiet = True
        self.combo.clear()
        for profile in profiles:
            shown = visible(profile.name)
            self.combo.addItem(f"{shown}  [emulator]" if profile.is_sandbox else shown,
                               profile.name)
        self._quiet = False

    def names(self) -> list[str]:
        """The saved profiles' names (not the draft)."""
        return [self.combo.itemData(i) for i in range(self.combo.count())
                if self.combo.itemData(i) is not None]

    def select(self, name: str | None, *, announce: bool = True) -> None:
        """Make `name`'s row current (None: the draft's row); `chosen` follows a change only
        when `announce`."""
        self._quiet = not announce
        self.combo.setCurrentIndex(self.combo.findData(name))
        self._quiet = False

    def add_draft_row(self, name: str) -> None:
        self._quiet = True
        self.combo.addItem(f"{name}{DRAFT_SUFFIX}", None)
        self.combo.setCurrentIndex(self.combo.count() - 1)
        self._quiet = False

    def drop_draft_row(self) -> None:
        row = self.combo.findData(None)
        if row >= 0:
            self._quiet = True
            self.combo.removeItem(row)
            self._quiet = False

    def set_has_profile(self, has: bool) -> None:
        """Rename, Duplicate and Delete need a saved profile."""
        for widget in (self.rename_button, self.duplicate_button, self.delete_button):
            widget.setEnabled(has)

    def set_busy(self, busy: bool, has_profile: bool) -> None:
        """While a store change runs nothing else changes the profiles."""
        self.add_button.setEnabled(not busy)
        self.combo.setEnabled(not busy)
        self.set_has_profile(has_profile and not busy)

    def set_sandbox_busy(self, busy: bool) -> None:
        self.sandbox_button.setEnabled(not busy)
        self.sandbox_button.setText("Starting sandbox…" if busy else "Start sandbox")
