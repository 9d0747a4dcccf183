"""The lessons that ship with the app (resources/lessons/*.json) and any a teacher adds.

A broken lesson file is reported by name and skipped: one bad file must not hide the others.
Files are bounded in size before parsing (a lesson is a few kilobytes).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tokenexplorer.lessons.model import Lesson, LessonError, lesson_from_data

MAX_FILE_BYTES = 256 * 1024


@dataclass(frozen=True)
class LessonLibrary:
    lessons: tuple[Lesson, ...]
    problems: tuple[str, ...]  # one plain line per file that could not be read


def load_lesson(path: Path) -> Lesson:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise LessonError(f"{path.name}: cannot be read ({exc.strerror}).") from None
    if len(raw) > MAX_FILE_BYTES:
        raise LessonError(f"{path.name}: larger than {MAX_FILE_BYTES // 1024} KB.")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise LessonError(f"{path.name}: not valid JSON ({exc}).") from None
    return lesson_from_data(data, path.name)


def load_library(*folders: Path) -> LessonLibrary:
    """Every *.json lesson in `folders` (default: the shipped ones), sorted by file name."""
    if not folders:
        from tokenexplorer.resources import resource_path

        folders = (resource_path("lessons"),)
    lessons: list[Lesson] = []
    problems: list[str] = []
    seen: set[str] = set()
    for folder in folders:
        for path in sorted(folder.glob("*.json")) if folder.is_dir() else ():
            try:
                lesson = load_lesson(path)
            except LessonError as exc:
                problems.append(exc.message)
                continue
            if lesson.id in seen:
                problems.append(f"{path.name}: another lesson already has the id '{lesson.id}'.")
                continue
            seen.add(lesson.id)
            lessons.append(lesson)
    return LessonLibrary(tuple(lessons), tuple(problems))
