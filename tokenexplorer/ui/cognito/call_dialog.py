"""The dialog base the Cognito dialogs share: one CallRunner, a busy row, an inline message,
[Back] … Cancel <primary> buttons, and a height that follows its content."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tokenexplorer.tokens.safe_text import visible
from tokenexplorer.ui.cognito.background_calls import AuthHolder, CallRunner
from tokenexplorer.ui.cognito.widgets import (
    BusyRow,
    InlineMessage,
    emulator_badge,
    emulator_caution,
    focus_ring,
    where_label,
)
from tokenexplorer.ui.qt import Qt, QtCore, QtGui, QtWidgets
from tokenexplorer.ui.tasks import TaskContext

if TYPE_CHECKING:
    from tokenexplorer.cognito.auth import CodeDelivery
    from tokenexplorer.cognito.profiles import Profile


class CallDialog(QtWidgets.QDialog):
    """A dialog that makes its calls through one CallRunner.

    Cancel first stops a running call (the dialog stays open for a retry); with nothing
    running it closes the dialog. Closing always lets go of the running call.

    The dialog's height follows its content: Qt sizes a top-level window from its layout's
    minimum, which ignores how tall word-wrapped labels become at the window's width, so an
    error message appearing squashed the fields above it. `fit_to_contents` (run on every
    layout change and resize) keeps the window at least as tall as the content needs at its
    current width.
    """

    def __init__(self, parent: QtWidgets.QWidget | None, *, title: str, name: str,
                 min_width: int) -> None:
        super().__init__(parent)
        self.setWindowTitle(visible(title))  # holds the profile's name
        self.setAccessibleName(f"{name} dialog")
        self.setMinimumWidth(min_width)
        self.message = InlineMessage(name=f"{name} message")
        self.busy = BusyRow()
        self.runner = CallRunner(self, self.busy, self.message)
        self.runner.busy_changed.connect(self._busy_changed)

    def event(self, event: QtCore.QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QtCore.QEvent.Type.LayoutRequest:
            self.fit_to_contents()
        return handled

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit_to_contents()  # wrapped labels need another height at this width

    def fit_to_contents(self) -> None:
        """Grow (never shrink) the window to the height its content needs at this width,
        and make that the minimum, so no field is squashed and no label clipped."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        width = self.width()
        needed = layout.totalMinimumSize().height()
        if layout.hasHeightForWidth():
            needed = max(needed, layout.totalHeightForWidth(width))
        if self.minimumHeight() != needed:
            self.setMinimumHeight(needed)
        if self.height() < needed:
            self.resize(width, needed)

    def _busy_changed(self, busy: bool) -> None:
        """Subclasses disable their inputs while a call runs."""

    def submit(self) -> None:
        """The primary button's action (Enter): subclasses run their current step."""

    def _back(self) -> None:
        """The Back button's action, for dialogs that have one."""

    def _request_new_code(self, holder: AuthHolder, username: str) -> None:
        """ResendConfirmationCode for `username`; says where the new code went."""

        def work(_ctx: TaskContext) -> CodeDelivery | None:
            return holder.get().resend_code(username)

        def sent(delivery: CodeDelivery | None) -> None:
            self.message.show_message(
                "ok", delivery.describe() if delivery else "A new code was requested.")

        self.runner.run("Asking for a new code (ResendConfirmationCode)…", work, sent)

    def _button_row(self, primary_text: str, *, back: bool = False) -> QtWidgets.QHBoxLayout:
        """[Back]  …  Cancel  <primary>: the primary is the default button (Enter)."""
        row = QtWidgets.QHBoxLayout()
        buttons = []
        if back:
            self.back_button = _plain_button("Back")
            self.back_button.clicked.connect(self._back)
            row.addWidget(self.back_button)
            buttons.append(self.back_button)
        row.addStretch(1)
        self.cancel_button = _plain_button("Cancel")
        self.cancel_button.clicked.connect(self._cancel_clicked)
        self.primary = QtWidgets.QPushButton(primary_text)
        self.primary.setDefault(True)
        self.primary.clicked.connect(self.submit)
        row.addWidget(self.cancel_button)
        row.addWidget(self.primary)
        focus_ring(*buttons, self.cancel_button, self.primary)
        return row

    def _lay_out(self, body: list[QtWidgets.QWidget], buttons: QtWidgets.QLayout, *,
                 profile: Profile | None = None, emulator: bool = False) -> None:
        """Where (profile, emulator badge and caution), the body, message, busy row, buttons."""
        layout = QtWidgets.QVBoxLayout(self)
        if profile is not None:
            top = QtWidgets.QHBoxLayout()
            top.addWidget(where_label(profile), 1)
            if emulator:
                top.addWidget(emulator_badge(), 0, Qt.AlignmentFlag.AlignTop)
            layout.addLayout(top)
            if emulator:
                layout.addWidget(emulator_caution())
        for widget in body:
            layout.addWidget(widget)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def _cancel_clicked(self) -> None:
        if not self.runner.cancel():
            self.reject()

    def reject(self) -> None:
        self.runner.cancel(quiet=True)
        super().reject()


def _plain_button(text: str) -> QtWidgets.QPushButton:
    """A button that Enter never triggers (only the dialog's primary button is default)."""
    button = QtWidgets.QPushButton(text)
    button.setAccessibleName(text)
    button.setAutoDefault(False)
    return button
