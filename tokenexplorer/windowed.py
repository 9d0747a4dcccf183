"""Standard streams for a windowed start (Windows' pythonw / gui-scripts entry, PyInstaller's
console-less TokenExplorer.exe, an app launched from a desktop with no terminal).

There `sys.stdout` and `sys.stderr` are None: `print` silently drops text, but anything that
writes to the streams directly (faulthandler, warnings, a library's `sys.stderr.write`,
Qt's message handler through `print(..., file=sys.stderr)` in some paths) raises, and an
exception report is lost. The missing streams are pointed at one log file in the cache folder
instead, so the app keeps running and what it would have printed can be read afterwards.
Only what the app prints goes there; the app prints no tokens or secrets.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Literal, TextIO

LOG_NAME = "tokenexplorer-output.log"
MAX_LOG_BYTES = 1_000_000  # started afresh when bigger: a log must not grow without bound


def _open_log(folder: Path) -> TextIO:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / LOG_NAME
        mode: Literal["w", "a"] = "w" if path.exists() and \
            path.stat().st_size > MAX_LOG_BYTES else "a"
        return open(path, mode, encoding="utf-8", errors="replace", buffering=1)
    except OSError:
        return open(os.devnull, "w", encoding="utf-8")


def ensure_streams(folder: Path | None = None) -> Path | None:
    """Give a windowed process usable stdout/stderr; returns the log file used (None when
    both streams already existed, as in a terminal)."""
    if sys.stdout is not None and sys.stderr is not None:
        return None
    if folder is None:
        from tokenexplorer.paths import cache_dir

        folder = cache_dir()
    stream = _open_log(folder)
    if sys.stdout is None:
        sys.stdout = stream
    if sys.stderr is None:
        sys.stderr = stream
    name = stream.name
    return Path(name) if isinstance(name, str) and name != os.devnull else None
