"""The CLI's last resort: an unexpected exception becomes one plain line and exit 70.

A traceback would show a user internals (and perhaps a secret in an exception's text), so
only the exception's type and where it happened are printed; the message itself stays out.
TOKENEXPLORER_DEBUG=1 re-raises for developers. Exit 70 (EX_SOFTWARE) is distinct from 1
(failed) and 2 (bad input), so tests that expect 0/1/2 fail on such a bug.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback

EXIT_INTERNAL = 70
EXIT_BAD_INPUT = 2
EXIT_PIPE_GONE = 1

log = logging.getLogger("tokenexplorer.cli")


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [frame for frame in frames if "tokenexplorer" in frame.filename] or frames
    if not ours:
        return "unknown place"
    frame = ours[-1]
    return f"{os.path.basename(frame.filename)}:{frame.lineno}"


def internal_error(command: str | None, exc: Exception) -> int:
    """Say in one line that this is a bug (type and place only) and return EXIT_INTERNAL."""
    if os.environ.get("TOKENEXPLORER_DEBUG"):
        raise exc
    log.debug("unexpected exception in %s", command or "the window", exc_info=exc)
    prefix = f"tokenexplorer {command}" if command else "tokenexplorer"
    print(f"{prefix}: internal error ({type(exc).__name__} at {_where(exc)}); this is a bug, "
          "please report it (TOKENEXPLORER_DEBUG=1 shows the details).", file=sys.stderr)
    return EXIT_INTERNAL


def bad_input(command: str | None, exc: Exception) -> int:
    """Input no command could read (not UTF-8, nested beyond any real file): one line, exit 2."""
    prefix = f"tokenexplorer {command}" if command else "tokenexplorer"
    if isinstance(exc, UnicodeDecodeError):
        why = "the input is not UTF-8 text"
    elif isinstance(exc, ValueError):  # InputTooLong: its message says what
        why = str(exc)
    else:
        why = "the input is nested too deeply to be read"
    print(f"{prefix}: {why}.", file=sys.stderr)
    return EXIT_BAD_INPUT


def stdout_gone() -> int:
    """The reader of stdout went away (`| head`): nothing left to say, and no noise at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    return EXIT_PIPE_GONE
