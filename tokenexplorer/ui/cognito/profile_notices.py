"""The notices around the profile form: the first-run welcome and the emulator warning."""

from __future__ import annotations

from tokenexplorer.cognito.profiles import Profile
from tokenexplorer.ui import plain
from tokenexplorer.ui.cognito.widgets import emulator_badge, helper_text, set_tone
from tokenexplorer.ui.qt import Qt, QtWidgets, Signal

SANDBOX_TEXT = "Start the sandbox (no AWS account)"
SANDBOX_TIP = "A local Cognito + S3 emulator with a demo user"
EMULATOR_TEXT = ("A local emulator, not AWS: anyone can forge its tokens, and it does not check "
                 "SRP proofs or codes.")


def _big_button(text: str, name: str) -> QtWidgets.QPushButton:
    widget = QtWidgets.QPushButton(text)
    widget.setAccessibleName(name)
    widget.setMinimumHeight(int(widget.sizeHint().height() * 1.5))
    bold = widget.font()
    bold.setBold(True)
    widget.setFont(bold)
    return widget


class WelcomeBox(QtWidgets.QFrame):
    """First run (no profile): the two ways in, big and plain — never an empty form."""

    sandbox_requested = Signal()
    add_requested = Signal()
    import_requested = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Get started")
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        column = QtWidgets.QVBoxLayout(self)
        column.setSpacing(6)
        title = plain.label("Get started")
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        title.setFont(font)
        column.addWidget(title)
        self.sandbox_button = _big_button(SANDBOX_TEXT, "Start the sandbox")
        self.sandbox_button.setToolTip(SANDBOX_TIP)
        self.sandbox_button.setDefault(True)
        self.sandbox_button.clicked.connect(self.sandbox_requested)
        column.addWidget(self.sandbox_button)
        column.addWidget(helper_text("A local emulator on this machine with a demo user "
                                     "and password filled in: sign in within seconds."))
        add = _big_button("Add a pool…", "Add a pool")
        add.setToolTip("Your own Cognito user pool: pool ID and app client ID")
        add.clicked.connect(self.add_requested)
        column.addWidget(add)
        link = QtWidgets.QPushButton("or import an Amplify config file…")
        link.setAccessibleName("Import Amplify config (get started)")
        link.setFlat(True)
        link.setCursor(Qt.CursorShape.PointingHandCursor)
        link.setStyleSheet("QPushButton { color: palette(link); "
                           "text-decoration: underline; text-align: left; }")
        link.clicked.connect(self.import_requested)
        column.addWidget(link)

    def set_sandbox_busy(self, busy: bool) -> None:
        self.sandbox_button.setEnabled(not busy)
        self.sandbox_button.setText("Starting the sandbox…" if busy else SANDBOX_TEXT)


class EmulatorNotice(QtWidgets.QWidget):
    """"EMULATOR — not AWS" and why that matters, shown for a sandbox profile only."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.badge = emulator_badge("EMULATOR — not AWS")
        self.text = plain.label()
        self.text.setWordWrap(True)
        set_tone(self.text, "warning")
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.text, 1)

    def show_for(self, profile: Profile | None) -> None:
        sandbox = profile is not None and profile.is_sandbox
        self.setVisible(sandbox)
        if sandbox:
            from tokenexplorer.cognito.sandbox import EMULATOR_WARNING

            self.text.setText(EMULATOR_TEXT)
            self.text.setToolTip(EMULATOR_WARNING)
            self.text.setAccessibleDescription(EMULATOR_WARNING)
