"""Where downloads go, and what happens when a file of that name is already there.

The core decides every local name (through `local_names`, so a key never chooses a path
outside the folder) and what "keep both" calls the new file ("name (1).ext"); the UI only
asks the user. Nothing already on disk is replaced unless the choice for it is REPLACE:
a file written with another choice is linked into place, which fails if a file of that
name appeared meanwhile, instead of renamed over it.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import Protocol, TypeVar

from tokenexplorer.aws.local_names import (
    MAX_NAME_BYTES,
    UnsafeName,
    file_name_for_key,
    inside,
    safe_relative_parts,
)
from tokenexplorer.aws.s3_errors import S3Error

FALLBACK_FOLDER = "Token Explorer downloads"
MAX_TREE_OBJECTS = 100_000  # a folder download lists at most this many objects
_CASE_BLIND = os.name == "nt" or sys.platform == "darwin"  # their usual file systems
T = TypeVar("T")


class Sized(Protocol):
    """What planning needs of an object: its key and size (S3Object, a table row)."""

    @property
    def key(self) -> str: ...

    @property
    def size(self) -> int: ...


class Choice(Enum):
    """What to do when the target name is taken."""

    REPLACE = "replace"
    KEEP_BOTH = "keep both"
    SKIP = "skip"


@dataclass(frozen=True)
class PlannedFile:
    """One object and where it goes. `exists`: a file of that name is there already."""

    key: str
    size: int
    target: Path
    exists: bool = False
    known_size: bool = False  # size just read with HEAD (s3transfer may trust it)
    choice: Choice | None = None  # decided for an existing target; None = no conflict

    @property
    def display_name(self) -> str:
        return self.target.name


Decide = Callable[[PlannedFile], Choice]


def default_download_folder(candidates: Iterable[str | os.PathLike[str] | None] = ()) -> Path:
    """The user's Downloads folder: the first existing candidate (Qt's DownloadLocation
    from the UI), else platformdirs' answer, else a new folder in the home folder. Never
    the home folder itself: a download there mixes with dotfiles and documents."""
    home = Path.home().resolve()
    tried = list(candidates)
    with contextlib.suppress(Exception):
        import platformdirs

        tried.append(platformdirs.user_downloads_dir())
    for candidate in tried:
        if not candidate:
            continue
        path = Path(candidate)
        with contextlib.suppress(OSError):
            if path.is_dir() and path.resolve() != home:
                return path
    fallback = home / FALLBACK_FOLDER
    with contextlib.suppress(OSError):
        fallback.mkdir(mode=0o700, exist_ok=True)
    return fallback


def taken_key(path: Path) -> str:
    """How a path counts as taken: case-folded where the file system ignores case."""
    return str(path).casefold() if _CASE_BLIND else str(path)


def keep_both_name(target: Path, taken: set[str] | None = None) -> Path:
    """`name (1).ext`, `name (2).ext`, … : the first that neither exists nor is `taken`
    (planned for another file of this download). `.tar.gz`-style endings stay together."""
    taken = taken if taken is not None else set()
    name = target.name
    suffixes = target.suffixes[-2:] if name.lower().endswith(
        (".tar.gz", ".tar.bz2", ".tar.xz", ".tar.zst")) else target.suffixes[-1:]
    ending = "".join(suffixes) if len("".join(suffixes)) < len(name) else ""
    stem = name[:len(name) - len(ending)] if ending else name
    for number in range(1, 100_000):
        mark = f" ({number})"
        room = MAX_NAME_BYTES - len((mark + ending).encode("utf-8"))
        short = stem.encode("utf-8")[:room].decode("utf-8", errors="ignore").rstrip(". ")
        candidate = target.with_name(f"{short}{mark}{ending}")
        if taken_key(candidate) not in taken and not os.path.lexists(candidate):
            return candidate
    raise S3Error("exists", f"No free name like {name} in {target.parent}.")


def _planned(key: str, size: int, dest: Path, parts: list[str], known: bool) -> PlannedFile:
    try:
        target = inside(dest, parts)
    except UnsafeName as exc:
        raise S3Error("unsafe_name", f"The object {key!r} was not saved: {exc}") from None
    return PlannedFile(key, size, target, os.path.lexists(target), known)


def plan_files(items: Sequence[Sized], dest_dir: Path | str, *,
               fresh: Iterable[int] = ()) -> list[PlannedFile]:
    """Single objects (S3Object-likes with key and size) into `dest_dir`, each under its
    last key segment made safe. `fresh`: ids of items whose size was just read."""
    dest = require_folder(dest_dir)
    fresh_ids = set(fresh)
    return [_planned(i.key, i.size, dest, [file_name_for_key(i.key)], id(i) in fresh_ids)
            for i in items]


def plan_tree(items: Iterable[Sized], folder_prefix: str,
              dest_dir: Path | str) -> list[PlannedFile]:
    """Every object under `folder_prefix` into `dest_dir/<folder name>/…`, keeping the
    structure below it, each segment made safe. Folder markers (keys ending in /) are
    not files and are left out."""
    dest = require_folder(dest_dir)
    parent = folder_prefix.rstrip("/").rpartition("/")[0]
    base = parent + "/" if parent else ""
    return [_planned(i.key, i.size, dest, safe_relative_parts(i.key, base), False)
            for i in items if not i.key.endswith("/")]


def require_folder(dest_dir: Path | str) -> Path:
    dest = Path(dest_dir)
    if not dest.is_dir():
        raise S3Error("no_such_folder", f"The download folder {dest} does not exist.")
    return dest


def conflicts(plan: Sequence[PlannedFile]) -> list[PlannedFile]:
    """The planned files whose name is taken on disk (the ones to ask about)."""
    return [p for p in plan if p.exists]


def resolve(plan: Sequence[PlannedFile], decide: Decide | Choice | None) -> list[PlannedFile]:
    """Each file with its final target and choice; skipped files are left out.

    `decide` is asked once per file whose name is taken on disk (a Choice applies to all);
    None refuses to touch any existing file (S3Error "exists"). Two keys that come out as
    the same local name (`a\\b` and `a_b`, or `A` and `a` on a case-blind disk) are never
    a question: the later one is kept as "name (1)"."""
    if decide is None and conflicts(plan):
        names = ", ".join(p.display_name for p in conflicts(plan)[:5])
        raise S3Error("exists", f"{names} already exist(s); choose replace, keep both or skip.")
    taken: set[str] = set()
    final: list[PlannedFile] = []
    for item in plan:
        choice = None
        if item.exists:
            choice = decide if isinstance(decide, Choice) else decide(item)  # type: ignore[misc]
            if choice is Choice.SKIP:
                continue
        target = item.target
        if choice is Choice.KEEP_BOTH or taken_key(target) in taken:
            target = keep_both_name(target, taken)
            choice = choice or Choice.KEEP_BOTH
        taken.add(taken_key(target))
        final.append(replace(item, target=target, choice=choice))
    return final


def place(tmp: Path | str, item: PlannedFile, taken: set[str] | None = None) -> Path:
    """Move the finished temporary file to its target. Only REPLACE may replace a file;
    otherwise the file is linked into place, which never goes over a file that appeared
    since the plan: KEEP_BOTH then takes the next free name, anything else raises."""
    target = item.target
    if item.choice is Choice.REPLACE:
        os.replace(tmp, target)
        return target
    while True:
        try:
            os.link(tmp, target)
        except FileExistsError:
            target = _next_name(item, target, taken)
            continue
        except OSError:  # no hard links here (FAT, some network shares)
            if os.path.lexists(target):
                target = _next_name(item, target, taken)
            os.replace(tmp, target)
            return target
        os.unlink(tmp)
        return target


def _next_name(item: PlannedFile, target: Path, taken: set[str] | None) -> Path:
    if item.choice is not Choice.KEEP_BOTH:
        raise S3Error("exists", f"{target.name} appeared in {target.parent} during the "
                      "download; it was not replaced.")
    return keep_both_name(target, taken)


def make_parents(dest_dir: Path | str, item: PlannedFile) -> None:
    """Create the item's folders below `dest_dir`, checking again that they stay inside."""
    relative = item.target.relative_to(Path(dest_dir).resolve())
    inside(dest_dir, list(relative.parts))
    try:
        item.target.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise S3Error("exists", f"{item.key!r} needs a folder {item.target.parent.name} "
                      "where a file of that name is.") from None


def bounded(objects: Iterator[T], limit: int = MAX_TREE_OBJECTS) -> list[T]:
    """At most `limit` objects of a folder listing; S3Error past that (say it, don't hang)."""
    taken: list[T] = []
    for item in objects:
        if len(taken) >= limit:
            raise S3Error("too_many", f"The folder holds more than {limit:,} objects; "
                          "download a smaller folder.")
        taken.append(item)
    return taken
