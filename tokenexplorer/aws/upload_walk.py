"""Which local files a folder upload sends, and under which keys.

A folder can hold symbolic links to anywhere (`~/.ssh`, `/`): uploading through them would
publish files the user never chose. Unless `follow_links` is set, a link is not followed:
links to files inside the folder are uploaded (their content is the folder's), links to
folders are not descended, and links that point outside the folder (or nowhere) are
skipped and reported. With `follow_links`, links are followed, each real folder once.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from tokenexplorer.aws.s3_errors import S3Error


@dataclass
class UploadPlan:
    files: list[tuple[Path, str]] = field(default_factory=list)  # (local file, key)
    skipped_links: list[Path] = field(default_factory=list)  # not followed, not uploaded


def _key_prefix(prefix: str) -> str:
    prefix = prefix.lstrip("/")
    return prefix if not prefix or prefix.endswith("/") else prefix + "/"


def _inside(path: Path, root: Path) -> bool:
    real = Path(os.path.realpath(path))
    return real == root or real.is_relative_to(root)


def walk_folder(folder: Path, key_base: str, plan: UploadPlan, follow_links: bool) -> None:
    """Add the files under `folder` (keys: key_base + path relative to folder's parent)."""
    root = Path(os.path.realpath(folder))
    seen = {root}
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError:
            plan.skipped_links.append(current)  # unreadable: said, not silently dropped
            continue
        for entry in entries:
            path = Path(entry.path)
            key = key_base + path.relative_to(folder.parent).as_posix()
            if entry.is_symlink():
                if not follow_links:
                    if entry.is_file() and _inside(path, root):
                        plan.files.append((Path(os.path.realpath(path)), key))  # read once
                    else:
                        plan.skipped_links.append(path)
                    continue
                real = Path(os.path.realpath(path))
                if not real.exists():
                    plan.skipped_links.append(path)
                    continue
                if real.is_dir():
                    if real not in seen:
                        seen.add(real)
                        stack.append(path)
                    continue
            if entry.is_dir(follow_symlinks=follow_links):
                real = Path(os.path.realpath(path))
                if real not in seen:
                    seen.add(real)
                    stack.append(path)
            elif entry.is_file(follow_symlinks=follow_links):
                plan.files.append((Path(os.path.realpath(path)), key))
    plan.files.sort(key=lambda pair: pair[1])


def plan_upload(prefix: str, paths: Sequence[Path | str], *,
                follow_links: bool = False) -> UploadPlan:
    """Files (taken as chosen, links included: the user picked them) and folders (walked
    as above) to upload under `prefix`; folders keep their own name."""
    base = _key_prefix(prefix)
    plan = UploadPlan()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            walk_folder(path, base, plan, follow_links)
        elif path.is_file():  # a chosen link is read through its target, opened once
            plan.files.append((Path(os.path.realpath(path)), base + path.name))
        else:
            raise S3Error("no_such_file", f"{path} is not a file or folder that can be read.")
    return plan


def open_planned(path: Path, follow_links: bool) -> BinaryIO:
    """Open a planned file for reading, once: the upload reads this handle, never the path
    again. Without `follow_links`, a file swapped for a symbolic link after planning is
    refused (O_NOFOLLOW), and anything but a regular file is refused either way."""
    import os
    import stat

    flags = os.O_RDONLY | (0 if follow_links else getattr(os, "O_NOFOLLOW", 0))
    descriptor = os.open(path, flags)
    handle = os.fdopen(descriptor, "rb")
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        handle.close()
        raise OSError(f"{path} is no longer a regular file")
    return handle
