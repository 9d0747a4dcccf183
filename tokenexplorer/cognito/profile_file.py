"""Reading profiles.json without ever losing it: a file that cannot be read is set aside.

A file that is not UTF-8, not JSON or not a profiles document is moved to
`profiles.json.corrupt-<timestamp>` (kept, never deleted) and the reason is given in words;
`keep_copy` keeps a copy beside a file that is read only in part (newer format, bad entries).
What the entries mean is `profiles.Profile`'s business, not this module's.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

from tokenexplorer.atomic import write_text_atomic

log = logging.getLogger(__name__)


def _stamped(path: Path, kind: str) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.{kind}-{stamp}")
    counter = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.{kind}-{stamp}-{counter}")
        counter += 1
    return candidate


def keep_copy(path: Path, kind: str) -> Path:
    """Keep a copy of `path` as `<name>.<kind>-<timestamp>` (best effort); its path."""
    target = _stamped(path, kind)
    try:
        write_text_atomic(target, path.read_text(encoding="utf-8", errors="replace"))
    except OSError as exc:
        log.warning("could not keep a copy of %s: %s", path, exc)
    return target


def set_aside(path: Path, why: str) -> str:
    """Move an unreadable file out of the way; what happened, in words."""
    target = _stamped(path, "corrupt")
    try:
        path.replace(target)
        kept = f"it was kept as {target}"
    except OSError as exc:
        kept = f"it could not be moved aside ({exc.strerror}) and was left in place"
    problem = (f"The saved profiles in {path} could not be loaded: {why}; {kept}. "
               "Starting with no saved profiles.")
    log.info("%s", problem)
    return problem


def _parse_file(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, None
    except UnicodeDecodeError:
        return None, "it is not UTF-8 text"
    except OSError as exc:
        return None, f"it could not be read ({exc.strerror or 'a file system error'})"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, f"it is not valid JSON (line {exc.lineno})"
    except RecursionError:
        return None, "it is nested too deeply to be a profiles file"
    if not isinstance(data, dict) or not isinstance(data.get("profiles", []), list):
        return None, "it does not hold a list of profiles"
    return data, None


def read_document(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    """The profiles document at `path` and a problem to tell the user: (None, None) when
    there is no file; (None, problem) when it could not be read and was set aside."""
    data, why = _parse_file(path)
    if why is not None:
        return None, set_aside(path, why)
    return data, None
