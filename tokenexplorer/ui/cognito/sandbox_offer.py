""""The sandbox is not running." with a "Start the sandbox" button, in the profile pane.

Selecting the Sandbox profile while its engine is down (the app was restarted, the engine
stopped) would otherwise fail only at the first sign-in. The pane asks `check(profile)`;
whether the endpoint answers is found out off the GUI thread (a TCP connect, no request),
and the notice shows only if that profile is still the one shown. The button asks, through
`start_requested`, for the app's one start path (CognitoUi.start_sandbox).
"""

from __future__ import annotations

from tokenexplorer.cognito.profiles import Profile
from tokenexplorer.ui import plain
from tokenexplorer.ui.cognito.widgets import set_tone
from tokenexplorer.ui.qt import QtWidgets, Signal
from tokenexplorer.ui.tasks import TaskContext, run_task

DOWN_TEXT = "The sandbox is not running."
START_TEXT = "Start the sandbox"


class SandboxOffer(QtWidgets.QFrame):
    """The non-modal notice; hidden unless the shown Sandbox profile's endpoint is down."""

    start_requested = Signal()
    answered = Signal(str, bool)  # (endpoint, answers): each check's outcome, stale ones too

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Sandbox not running")
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        self.text = plain.label(DOWN_TEXT)
        self.text.setAccessibleName("Sandbox status")
        self.text.setWordWrap(True)
        set_tone(self.text, "warning")
        self.button = plain.button(START_TEXT, START_TEXT,
                                   "Start the local emulator this profile points at")
        self.button.clicked.connect(self.start_requested)
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        row.addWidget(self.text, 1)
        row.addWidget(self.button)
        self._checking: str | None = None  # the endpoint whose answer is awaited / shown
        self.hide()

    @property
    def checking(self) -> bool:
        """True while the answer for the shown profile is awaited."""
        return self._checking is not None

    def check(self, profile: Profile | None) -> None:
        """Hide, then show again if `profile` is the Sandbox one and nothing answers there."""
        self.hide()
        url = profile.endpoint_url if profile is not None and profile.is_sandbox else None
        self._checking = url
        if url is None:
            return

        def work(_ctx: TaskContext) -> bool:
            from tokenexplorer.cognito.sandbox import endpoint_answers

            return endpoint_answers(url)

        run_task(self, work, name="sandbox-answers",
                 on_result=lambda answers: self._answered(url, bool(answers)),
                 on_error=lambda _exc: self._answered(url, False))

    def _answered(self, url: str, answers: bool) -> None:
        self.answered.emit(url, answers)
        if url != self._checking:  # another profile was chosen meanwhile
            return
        self._checking = None
        self.setVisible(not answers)

    def set_busy(self, busy: bool) -> None:
        """While the sandbox starts the button says so (and cannot be pressed twice)."""
        self.button.setEnabled(not busy)
        self.button.setText("Starting the sandbox…" if busy else START_TEXT)
