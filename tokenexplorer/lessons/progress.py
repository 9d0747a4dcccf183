"""Where a learner is in a lesson: which steps are done, which one waits.

Only the current step listens: an event that happened before a step became current does not
complete it (the learner must do it now, having read why). Resetting a step makes it current
again and forgets the steps after it, so a lesson can be replayed from any point.
"""

from __future__ import annotations

from dataclasses import dataclass

from tokenexplorer.lessons.events import AppEvent
from tokenexplorer.lessons.model import Lesson, Step


@dataclass(frozen=True)
class Completed:
    index: int
    step: Step
    finished: bool  # the lesson's last step


class LessonProgress:
    def __init__(self, lesson: Lesson) -> None:
        self.lesson = lesson
        self._done = 0  # steps before this index are done

    @property
    def current_index(self) -> int | None:
        """The step waiting for its event; None once the lesson is finished."""
        return self._done if self._done < len(self.lesson.steps) else None

    @property
    def current(self) -> Step | None:
        index = self.current_index
        return None if index is None else self.lesson.steps[index]

    @property
    def finished(self) -> bool:
        return self.current_index is None

    def is_done(self, index: int) -> bool:
        return index < self._done

    def feed(self, event: AppEvent) -> Completed | None:
        """Complete the current step when `event` is the one it waits for."""
        step = self.current
        if step is None or not step.matches(event):
            return None
        index = self._done
        self._done += 1
        return Completed(index, step, self.finished)

    def reset_to(self, index: int) -> None:
        """Make step `index` current again; it and the steps after it are undone."""
        if not 0 <= index < len(self.lesson.steps):
            raise IndexError(index)
        self._done = min(self._done, index)

    def reset(self) -> None:
        self._done = 0
