"""Categorised logging with secrets redacted (after qutebrowser's utils/log.py).

Each part of the app logs to its own category (`tokenexplorer.cognito`, …), so a log
file says where a line came from. Every record passes through `RedactingFilter`, which
uses the Activity log's rules (tokenexplorer.redaction): tokens, passwords, secrets and
SRP values never reach the file. No Qt here; the UI routes Qt's messages in (ui/crash.py).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from io import TextIOWrapper
from pathlib import Path

from tokenexplorer.redaction import is_secret_key, redact, redact_text

ROOT = "tokenexplorer"
LOG_FILE_NAME = "tokenexplorer.log"
MAX_BYTES = 1_000_000  # per file; with BACKUPS rotated copies, at most ~4 MB on disk
BACKUPS = 3
DEBUG_ENV = "TOKENEXPLORER_DEBUG"
FORMAT = "%(asctime)s %(levelname)-8s %(name)s: %(message)s"

root = logging.getLogger(ROOT)
tokens = logging.getLogger(f"{ROOT}.tokens")
cognito = logging.getLogger(f"{ROOT}.cognito")
aws = logging.getLogger(f"{ROOT}.aws")
keyring = logging.getLogger(f"{ROOT}.keyring")
ui = logging.getLogger(f"{ROOT}.ui")
qt = logging.getLogger(f"{ROOT}.qt")
sandbox = logging.getLogger(f"{ROOT}.sandbox")
crash = logging.getLogger(f"{ROOT}.crash")
cli = logging.getLogger(f"{ROOT}.cli")
CATEGORIES = ("tokens", "cognito", "aws", "keyring", "ui", "qt", "sandbox", "crash", "cli")

_installed: list[logging.Handler] = []  # the handlers setup() added, for shutdown()
_file_path: Path | None = None
_debug = False  # what the last setup() chose, so a later setup (the GUI's) keeps it


def _safe_arg(value: object) -> object:
    return redact(value) if isinstance(value, (dict, list, tuple)) else value


def _message(record: logging.LogRecord) -> str:
    """The record's text with structured arguments redacted first (keyed rules)."""
    args = record.args
    if isinstance(args, dict):
        record.args = {k: redact(v, str(k)) if is_secret_key(str(k)) else _safe_arg(v)
                       for k, v in args.items()}
    elif args:
        record.args = tuple(_safe_arg(arg) for arg in args)
    try:
        return record.getMessage()
    except (TypeError, ValueError, KeyError):  # a bad format string: keep what there is
        return f"{record.msg} {record.args!r}"


class RedactingFilter(logging.Filter):
    """Masks secrets in the message, its arguments, the traceback and the stack, once per
    record (in place, so every handler after it sees only the redacted text)."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "tokenexplorer_redacted", False):
            return True
        record.msg = redact_text(_message(record))
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_text(record.exc_text)
        if record.stack_info:
            record.stack_info = redact_text(record.stack_info)
        record.tokenexplorer_redacted = True
        return True


def debug_requested() -> bool:
    """`--debug` was given to the CLI entry, or TOKENEXPLORER_DEBUG is set."""
    return _debug or os.environ.get(DEBUG_ENV, "").strip().lower() not in ("", "0", "false", "no")


class _StartupBuffer(logging.Handler):
    """Holds the first records (redacted) until the log file opens, then hands them over."""

    LIMIT = 1000

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < self.LIMIT:
            self.records.append(record)


def _take_buffered() -> list[logging.LogRecord]:
    for handler in _installed:
        if isinstance(handler, _StartupBuffer):
            return handler.records
    return []


def _remove_installed() -> None:
    global _file_path
    for handler in _installed:
        root.removeHandler(handler)
        handler.close()
    _installed.clear()
    _file_path = None


def _add(handler: logging.Handler, level: int) -> None:
    handler.setLevel(level)
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    _installed.append(handler)


def _open_file(folder: Path, max_bytes: int, backups: int) -> logging.Handler | None:
    from logging.handlers import RotatingFileHandler  # ~15 ms to import: only when used

    class PrivateRotatingFile(RotatingFileHandler):
        """Readable by the user only, like the rest of our files (rotation opens anew)."""

        def _open(self) -> TextIOWrapper:
            stream = super()._open()
            with contextlib.suppress(OSError):
                os.chmod(self.baseFilename, 0o600)
            return stream

    try:
        folder.mkdir(parents=True, exist_ok=True)
        return PrivateRotatingFile(folder / LOG_FILE_NAME, maxBytes=max_bytes,
                                   backupCount=backups, encoding="utf-8")
    except OSError:  # a read-only or full disk must not stop the app
        return None


def setup(*, to_file: bool, debug: bool = False, folder: Path | None = None,
          max_bytes: int = MAX_BYTES, backups: int = BACKUPS) -> Path | None:
    """Configure the `tokenexplorer` loggers; returns the log file, or None.

    Safe to call again (it replaces what it set before) and when sys.stderr is None
    (Windows GUI): stderr is only used with `debug` and when it exists. Without a file
    nothing is printed: the CLI stays quiet, the records go nowhere."""
    global _file_path, _debug
    early = _take_buffered()
    _remove_installed()
    _debug = debug
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    root.propagate = False
    _add(logging.NullHandler(), logging.DEBUG)  # never Python's last-resort stderr printer
    if debug and sys.stderr is not None:
        _add(logging.StreamHandler(sys.stderr), logging.DEBUG)
    if not to_file:
        return None
    if folder is None:
        from tokenexplorer.paths import log_dir

        folder = log_dir()
    handler = _open_file(folder, max_bytes, backups)
    if handler is None:
        return None
    _add(handler, logging.DEBUG if debug else logging.INFO)
    for record in early:
        if record.levelno >= handler.level:
            handler.handle(record)
    _file_path = folder / LOG_FILE_NAME
    root.info("logging to %s", _file_path)
    return _file_path


def buffer_until_file(debug: bool = False) -> None:
    """Keep records in memory until setup(to_file=True): the GUI opens its file after the
    first paint, and nothing logged before that is lost."""
    setup(to_file=False, debug=debug)
    _add(_StartupBuffer(), logging.DEBUG)


def log_file() -> Path | None:
    """The file setup() writes to, or None when there is none."""
    return _file_path


def shutdown() -> None:
    """Remove and close what setup() added (tests; the end of the process)."""
    global _debug
    _remove_installed()
    _debug = False


def setup_cli(args: list[str]) -> list[str]:
    """The CLI entry's one call: `--debug` (or TOKENEXPLORER_DEBUG=1) logs to the file and
    to stderr; otherwise nothing is logged. Returns `args` without `--debug`."""
    debug = "--debug" in args or debug_requested()
    rest = [arg for arg in args if arg != "--debug"]
    setup(to_file=debug, debug=debug)
    return rest
