"""A lesson read from data: steps, what each asks and explains, and the event it waits for.

The file format is documented in docs/lessons.md. Lesson files are data a teacher writes, so
they are checked here with plain messages (which lesson, which step, what is wrong) and never
run as code. `waits_for` is one condition or a list of them (any one will do). A condition
matches an AppEvent when the kind is the step's `event` and every
other key holds: a plain value must be equal, a list means any of its values, and
{"contains": X} / {"not": X} test a list field / an inequality.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tokenexplorer.explained import ExplainedError
from tokenexplorer.lessons.events import KINDS, AppEvent

MAX_STEPS = 40
MAX_TEXT = 2000
_TEXT_FIELDS = ("title", "do", "why", "explain")


class LessonError(ExplainedError, ValueError):
    """A lesson file is not a valid lesson; the message names the file and the step."""

    def __init__(self, message: str) -> None:
        super().__init__("InvalidLesson", message)


@dataclass(frozen=True)
class Condition:
    kind: str
    expect: tuple[tuple[str, Any], ...]

    def matches(self, event: AppEvent) -> bool:
        if event.kind != self.kind:
            return False
        return all(_holds(event.fields.get(name), want) for name, want in self.expect)


def _holds(value: Any, want: Any) -> bool:
    if isinstance(want, dict):
        if "contains" in want:
            return isinstance(value, list | tuple) and want["contains"] in value
        return value != want.get("not")
    if isinstance(want, list):
        return value in want
    return bool(value == want)


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    do: str  # what the learner does
    why: str  # why it matters, shown before it happens
    explain: str  # what just happened, shown after
    waits_for: tuple[Condition, ...]  # any one completes the step
    points_at: str | None = None  # a view to open with "Show me" ("Activity", "Compare", ...)

    def matches(self, event: AppEvent) -> bool:
        return any(condition.matches(event) for condition in self.waits_for)


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    summary: str
    steps: tuple[Step, ...]
    needs_sandbox: bool = False


def _text(data: dict[str, Any], key: str, where: str, required: bool = True) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise LessonError(f"{where}: '{key}' must be a non-empty text.")
    if len(value) > MAX_TEXT:
        raise LessonError(f"{where}: '{key}' is longer than {MAX_TEXT} characters.")
    return value.strip()


def _condition(data: Any, where: str) -> Condition:
    if not isinstance(data, dict) or data.get("event") not in KINDS:
        raise LessonError(f"{where}: 'waits_for' needs an 'event', one of {sorted(KINDS)}.")
    expect = []
    for name, want in data.items():
        if name == "event":
            continue
        if isinstance(want, dict) and not ({"contains"} == set(want) or {"not"} == set(want)):
            raise LessonError(f"{where}: '{name}' may use only 'contains' or 'not'.")
        expect.append((str(name), want))
    return Condition(str(data["event"]), tuple(expect))


def _step(data: Any, where: str) -> Step:
    if not isinstance(data, dict):
        raise LessonError(f"{where}: a step must be an object.")
    texts = {key: _text(data, key, where) for key in _TEXT_FIELDS}
    points_at = data.get("points_at")
    if points_at is not None and not isinstance(points_at, str):
        raise LessonError(f"{where}: 'points_at' must be a view name.")
    wanted = data.get("waits_for")
    conditions = wanted if isinstance(wanted, list) and wanted else [wanted]
    return Step(id=_text(data, "id", where),
                waits_for=tuple(_condition(c, where) for c in conditions),
                points_at=points_at, **texts)


def lesson_from_data(data: Any, source: str) -> Lesson:
    """A Lesson from parsed JSON; LessonError names `source` and the step on any problem."""
    if not isinstance(data, dict):
        raise LessonError(f"{source}: a lesson must be a JSON object.")
    steps = data.get("steps")
    if not isinstance(steps, list) or not 0 < len(steps) <= MAX_STEPS:
        raise LessonError(f"{source}: 'steps' must list 1 to {MAX_STEPS} steps.")
    built = tuple(_step(step, f"{source}, step {n}") for n, step in enumerate(steps, 1))
    ids = [step.id for step in built]
    if len(set(ids)) != len(ids):
        raise LessonError(f"{source}: two steps have the same 'id'.")
    return Lesson(id=_text(data, "id", source), title=_text(data, "title", source),
                  summary=_text(data, "summary", source), steps=built,
                  needs_sandbox=bool(data.get("needs_sandbox", False)))
