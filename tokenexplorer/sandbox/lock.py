"""One engine per state folder: an OS lock on `engine.lock`, held by the engine process.

The OS releases it when the process ends however it ends, so a stale lock cannot outlive
its engine. The file holds `{"pid": N, "port": N}` so others can find the running engine.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import IO

LOCK_NAME = "engine.lock"


def _try_lock(handle: IO[str]) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)  # the same first byte in every process
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def acquire(state_dir: Path) -> IO[str] | None:
    """The held lock file (keep it open for the engine's life), or None when another
    process holds it."""
    state_dir.mkdir(parents=True, exist_ok=True)
    handle = open(state_dir / LOCK_NAME, "a+", encoding="utf-8")  # noqa: SIM115
    if not _try_lock(handle):
        handle.close()
        return None
    return handle


def record(handle: IO[str], port: int) -> None:
    handle.seek(0)
    handle.truncate()
    handle.write(json.dumps({"pid": os.getpid(), "port": port}))
    handle.flush()


def holder(state_dir: Path) -> dict[str, int] | None:
    """{"pid", "port"} of the engine running on `state_dir`, or None when none is."""
    path = state_dir / LOCK_NAME
    if not path.exists():
        return None
    handle = acquire(state_dir)
    if handle is not None:
        handle.close()  # nobody held it
        return None
    try:
        answer = json.loads(path.read_text(encoding="utf-8") or "{}")
        return {"pid": int(answer["pid"]), "port": int(answer["port"])}
    except (OSError, ValueError, KeyError, TypeError):
        return {"pid": 0, "port": 0}  # held, but still starting
