"""The Lessons pane: pick a lesson, read what to do and why, and watch it tick by itself.

Steps complete from what really happens (lessons/progress.py fed by EventFeed), never from a
"done" button. After a step, the pane says what just happened and offers "Show me" (the
view the step points at). Lesson texts are data: shown as plain text.
"""

from __future__ import annotations

from tokenexplorer.lessons.events import AppEvent
from tokenexplorer.lessons.library import LessonLibrary, load_library
from tokenexplorer.lessons.progress import Completed, LessonProgress
from tokenexplorer.ui.lessons.event_feed import EventFeed
from tokenexplorer.ui.plain import button
from tokenexplorer.ui.qt import Qt, QtWidgets
from tokenexplorer.ui.state import AppState
from tokenexplorer.ui.window_events import WindowEvents

DONE, CURRENT, WAITING = "✓", "→", "·"


def _label(name: str) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setAccessibleName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class LessonsPane(QtWidgets.QWidget):
    def __init__(self, state: AppState, window_events: WindowEvents,
                 library: LessonLibrary | None = None,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Lessons")
        self._events = window_events
        self._library = library or load_library()
        self._progress = {lesson.id: LessonProgress(lesson) for lesson in self._library.lessons}
        self._last: Completed | None = None
        self._build()
        self._feed = EventFeed(state, window_events, self.feed, self)
        self._choose(0)

    def _build(self) -> None:
        self.picker = QtWidgets.QComboBox()
        self.picker.setAccessibleName("Lesson")
        for lesson in self._library.lessons:
            self.picker.addItem(lesson.title, lesson.id)
        self.picker.currentIndexChanged.connect(self._choose)
        self.summary = _label("Lesson summary")
        self.steps = QtWidgets.QListWidget()
        self.steps.setAccessibleName("Lesson steps")
        self.current = _label("Current step")
        self.happened = _label("What just happened")
        self.show_me = button("Show me", "Show me", "Open the view this step is about")
        self.reset_step = button("Reset step", "Reset step",
                                 "Do the selected step (or the current one) again")
        self.restart = button("Restart lesson", "Restart lesson")
        self.show_me.clicked.connect(self._show_me)
        self.reset_step.clicked.connect(self._reset_step)
        self.restart.clicked.connect(self._restart)
        self.problems = _label("Lesson problems")
        self.problems.setText("\n".join(self._library.problems))
        self.problems.setVisible(bool(self._library.problems))
        buttons = QtWidgets.QHBoxLayout()
        for push in (self.show_me, self.reset_step, self.restart):
            buttons.addWidget(push)
        buttons.addStretch(1)
        layout = QtWidgets.QVBoxLayout(self)
        for widget in (self.picker, self.summary, self.steps, self.current, self.happened):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addWidget(self.problems)
        self.steps.setMinimumHeight(80)

    # -- state ------------------------------------------------------------------------
    def progress(self) -> LessonProgress | None:
        lesson_id = self.picker.currentData()
        return self._progress.get(lesson_id) if isinstance(lesson_id, str) else None

    def feed(self, event: AppEvent) -> None:
        """Offer `event` to the lesson on screen; a completed step is explained."""
        progress = self.progress()
        completed = progress.feed(event) if progress is not None else None
        if completed is not None:
            self._last = completed
            self._render()

    def _choose(self, _index: int) -> None:
        self._last = None
        self._render()

    def _restart(self) -> None:
        progress = self.progress()
        if progress is not None:
            progress.reset()
            self._last = None
            self._render()

    def _reset_step(self) -> None:
        progress = self.progress()
        if progress is None:
            return
        row = self.steps.currentRow()
        index = progress.current_index if row < 0 else row
        if index is None:
            index = len(progress.lesson.steps) - 1
        progress.reset_to(index)
        self._last = None
        self._render()

    def _show_me(self) -> None:
        step = self._last.step if self._last is not None else None
        progress = self.progress()
        if step is None and progress is not None:
            step = progress.current
        if step is not None and step.points_at:
            self._events.show_view_requested.emit(step.points_at)

    # -- rendering --------------------------------------------------------------------
    def _render(self) -> None:
        progress = self.progress()
        self.steps.clear()
        if progress is None:
            self.summary.setText("No lessons found.")
            self.current.clear()
            self.happened.clear()
            return
        lesson = progress.lesson
        note = (" (runs on the sandbox: Pool pane → Start the sandbox)"
                if lesson.needs_sandbox else "")
        self.summary.setText(lesson.summary + note)
        for index, step in enumerate(lesson.steps):
            mark = DONE if progress.is_done(index) else (
                CURRENT if index == progress.current_index else WAITING)
            item = QtWidgets.QListWidgetItem(f"{mark} {index + 1}. {step.title}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole,
                         f"Step {index + 1}, {step.title}: "
                         f"{'done' if mark == DONE else 'now' if mark == CURRENT else 'later'}")
            self.steps.addItem(item)
        now = progress.current
        if now is None:
            self.current.setText("Lesson complete. Restart it or choose another.")
        else:
            self.current.setText(f"Now: {now.title}\n\nDo: {now.do}\n\nWhy: {now.why}")
        last = self._last
        self.happened.setText(f"What just happened ({last.step.title}): {last.step.explain}"
                              if last is not None else "")
        self.happened.setVisible(last is not None)
        pointed = last.step if last is not None else now
        self.show_me.setEnabled(bool(pointed and pointed.points_at))
