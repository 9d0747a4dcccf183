"""The *Sandbox inbox* dock: the email and SMS the sandbox's Cognito would have sent.

While the dock is visible it reads the inbox off the GUI thread every POLL_MS (one read at
a time; none while hidden), lists the messages (to, subject, how long ago) and shows the
selected one's body as plain text. "Copy code" copies only the code, only when pressed.
What is read and shown is the core's (`sandbox.inbox`): plain, bounded text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from tokenexplorer.sandbox.inbox import InboxError, InboxMessage, read_inbox
from tokenexplorer.ui import plain
from tokenexplorer.ui.cognito.widgets import helper_text, set_tone
from tokenexplorer.ui.errors import error_text
from tokenexplorer.ui.qt import Qt, QtCore, QtGui, QtWidgets
from tokenexplorer.ui.tasks import Task, TaskContext, run_task

POLL_MS = 2_000
EMPTY_TEXT = ("No messages yet. Sign up or reset a password: the code Cognito would email "
              "appears here.")
STOPPED_TEXT = ("The sandbox is not running, so there is no inbox to read. Start it and "
                "its mail appears here.")
NO_SANDBOX_TEXT = "No sandbox yet. Start one: the code Cognito would email appears here."
NO_MESSAGE_TEXT = "Choose a message to read it."

# Where the inbox is now: the sandbox's endpoint URL, or None when there is none.
EndpointSource = Callable[[], str | None]


def ago(moment: datetime | None, now: datetime | None = None) -> str:
    """"just now", "12 s ago", "3 min ago", "2 h ago", else the local date and time."""
    if moment is None:
        return "time unknown"
    seconds = ((now or datetime.now(UTC)) - moment).total_seconds()
    if seconds < 5:
        return "just now"
    if seconds < 60:
        return f"{int(seconds)} s ago"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86_400:
        return f"{int(seconds // 3600)} h ago"
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def row_text(message: InboxMessage, now: datetime | None = None) -> str:
    return f"{message.subject or '(no subject)'}\n{message.to or '?'} · {ago(message.time, now)}"


class InboxDock(QtWidgets.QWidget):
    """The dock's widget; `endpoint()` says which sandbox to read (asked at every poll)."""

    def __init__(self, endpoint: EndpointSource, parent: QtWidgets.QWidget | None = None,
                 *, interval_ms: int = POLL_MS, start: Callable[[], object] | None = None
                 ) -> None:
        super().__init__(parent)
        self.setAccessibleName("Sandbox inbox")
        self._endpoint = endpoint
        self._start = start  # the app's one way to start the sandbox (CognitoUi.start_sandbox)
        self._task: Task | None = None
        self._pinned = False  # the user chose a message: new mail does not move the selection
        self.messages: list[InboxMessage] = []
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self._build()

    def _build(self) -> None:
        self.status = helper_text("Reading the inbox…", "Inbox status")
        self.start_button = plain.button("Start the sandbox", "Start the sandbox (inbox)",
                                         "Start the local emulator; its mail appears here")
        self.start_button.hide()
        self.start_button.clicked.connect(self._start_sandbox)
        self.list = QtWidgets.QListWidget()
        self.list.setAccessibleName("Messages")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.currentRowChanged.connect(self._chosen)
        self.body = QtWidgets.QPlainTextEdit()  # plain text whatever the body holds
        self.body.setReadOnly(True)
        self.body.setAccessibleName("Message body")
        self.body.setPlaceholderText(NO_MESSAGE_TEXT)
        self.code_label = plain.label("")
        self.code_label.setAccessibleName("Code")
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bold = self.code_label.font()
        bold.setBold(True)
        self.code_label.setFont(bold)
        self.copy_button = plain.button("Copy code", "Copy code",
                                        "Copy the selected message's code (only the code)")
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy_code)
        self.refresh_button = plain.button("Refresh", "Refresh inbox", "Read the inbox now")
        self.refresh_button.clicked.connect(self.poll)
        self.note = helper_text("", "Inbox note")
        actions = QtWidgets.QHBoxLayout()
        actions.setContentsMargins(0, 0, 0, 0)
        for widget in (self.code_label, self.copy_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.note)
        actions.addWidget(self.refresh_button)
        reader = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(reader)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.body, 1)
        column.addLayout(actions)
        self.split = QtWidgets.QSplitter(Qt.Orientation.Horizontal)
        self.split.setAccessibleName("Inbox panes")
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.list)
        self.split.addWidget(reader)
        self.split.setStretchFactor(0, 2)
        self.split.setStretchFactor(1, 3)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        top = QtWidgets.QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.status, 1)
        top.addWidget(self.start_button)
        layout.addLayout(top)
        layout.addWidget(self.split, 1)

    # -- polling: only while shown, one read at a time

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        self.timer.start()
        self.poll()

    def hideEvent(self, event: QtGui.QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)

    @property
    def polling(self) -> bool:
        return self.timer.isActive()

    @property
    def reading(self) -> bool:
        return self._task is not None

    def poll(self) -> None:
        """Read the inbox now, unless a read is under way."""
        if self._task is not None:
            return
        url = self._endpoint()
        if url is None:
            self._show_state(NO_SANDBOX_TEXT, "muted", offer_start=True)
            self._show_messages([])
            return

        def work(_ctx: TaskContext) -> list[InboxMessage] | InboxError:
            try:
                return read_inbox(url, timeout=3)
            except InboxError as error:  # expected (a stopped sandbox): no traceback logged
                return error

        self._task = run_task(self, work, name="sandbox-inbox", on_result=self._got,
                              on_error=self._failed, on_done=self._read_done)

    def _read_done(self) -> None:
        self._task = None

    def _got(self, messages: list[InboxMessage] | InboxError) -> None:
        if isinstance(messages, InboxError):
            self._failed(messages)
            return
        if not messages:
            self._show_state(EMPTY_TEXT, "muted")
        else:
            count = len(messages)
            self._show_state(f"{count} message{'s' if count != 1 else ''}, newest first. "
                             "A local emulator: nothing was really sent.", "muted")
        self._show_messages(messages)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, InboxError) and exc.is_transport:
            self._show_state(STOPPED_TEXT, "warning", offer_start=True)
        else:
            self._show_state(error_text(exc), "warning")
        self._show_messages([])

    def _show_state(self, text: str, tone: str, *, offer_start: bool = False) -> None:
        self.status.setText(text)
        set_tone(self.status, tone)
        self.start_button.setVisible(offer_start and self._start is not None)

    def _start_sandbox(self) -> None:
        """The app's start path; the button says "Starting…" until that task ends."""
        if self._start is None:
            return
        task = self._start()
        if isinstance(task, Task):
            self.start_button.setEnabled(False)
            self.start_button.setText("Starting the sandbox…")
            task.done.connect(self._start_done)

    def _start_done(self) -> None:
        self.start_button.setEnabled(True)
        self.start_button.setText("Start the sandbox")
        self.poll()

    # -- the list and the selected message

    def _show_messages(self, messages: list[InboxMessage]) -> None:
        now = datetime.now(UTC)
        if messages == self.messages:  # only the "… ago" texts move on
            for row, message in enumerate(messages):
                item = self.list.item(row)
                if item is not None:
                    item.setText(row_text(message, now))
            return
        chosen = self.selected() if self._pinned else None
        self.messages = list(messages)
        self.list.blockSignals(True)
        self.list.clear()
        for message in self.messages:
            item = QtWidgets.QListWidgetItem(row_text(message, now))
            item.setToolTip(plain.tooltip(f"{message.medium} to {message.to}"))
            self.list.addItem(item)
        # The user's message stays chosen; otherwise the newest is shown (new mail, new code).
        self._pinned = chosen in self.messages
        row = self.messages.index(chosen) if chosen in self.messages else (0 if messages else -1)
        self.list.setCurrentRow(row)
        self.list.blockSignals(False)
        self._selected(row)

    def selected(self) -> InboxMessage | None:
        row = self.list.currentRow()
        return self.messages[row] if 0 <= row < len(self.messages) else None

    def _chosen(self, row: int) -> None:
        """The user picked a row (programmatic changes run with signals blocked)."""
        self._pinned = row >= 0
        self._selected(row)

    def _selected(self, _row: int) -> None:
        message = self.selected()
        self.note.clear()
        if message is None:
            self.body.clear()
            self.code_label.clear()
            self.copy_button.setEnabled(False)
            return
        self.body.setPlainText(f"To: {message.to}\nSubject: {message.subject}\n\n{message.body}")
        self.code_label.setText(f"Code: {message.code}" if message.code else "No code found")
        self.copy_button.setEnabled(bool(message.code))

    def copy_code(self) -> None:
        """Only the selected message's code goes to the clipboard, and only now."""
        message = self.selected()
        if message is None or not message.code:
            return
        clipboard = QtGui.QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(message.code)
            self.note.setText("Code copied.")
