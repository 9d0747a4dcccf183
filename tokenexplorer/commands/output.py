"""The one way CLI text reaches a terminal: every write made terminal-safe.

`cli.main` wraps stdout and stderr in `TerminalSafe` for every command, so a server's
error message, a claim, a profile name or a user name cannot carry ESC, BEL, C1 or bidi
controls to the terminal (OSC 52 would write the clipboard), whichever print it goes
through. Machine output (`--json`, `--format env|process`) is written with `machine()`:
exact bytes when piped (what `eval` or the AWS CLI reads), terminal-safe on a terminal.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from tokenexplorer.tokens.safe_text import shorten, terminal, visible


class TerminalSafe:
    """A text stream whose writes lose every terminal control (our own colours excepted)."""

    def __init__(self, inner: TextIO) -> None:
        self.inner = inner

    def write(self, text: str) -> int:
        safe = terminal(text, keep_colours=True)
        try:
            self.inner.write(safe)
        except UnicodeEncodeError:  # a terminal in ASCII or Latin-1: escape what it lacks
            encoding = getattr(self.inner, "encoding", None) or "ascii"
            self.inner.write(safe.encode(encoding, "backslashreplace").decode(encoding))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding, buffer, …
        return getattr(self.inner, name)


def shown(text: object, limit: int | None = 200) -> str:
    """Outside text for one line of a message: controls and newlines visible (a value cannot
    fake a line of our output), shortened unless `limit` is None."""
    text = str(text)
    return visible(text if limit is None else shorten(text, limit))


def raw_stream(stream: Any) -> Any:
    """The stream under any TerminalSafe wrapper."""
    while isinstance(stream, TerminalSafe):
        stream = stream.inner
    return stream


def machine(text: str) -> None:
    """Machine-readable `text` on stdout: unchanged for a pipe or file, safe on a terminal."""
    stream = raw_stream(sys.stdout)
    isatty = getattr(stream, "isatty", None)
    stream.write(terminal(text) if isatty and isatty() else text)


@contextmanager
def terminal_safe_streams() -> Iterator[None]:
    """stdout and stderr wrapped for the duration (restored after, for in-process callers)."""
    saved = sys.stdout, sys.stderr
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, TerminalSafe):
            setattr(sys, name, TerminalSafe(stream))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


class Printer:
    """Human output of a command: colour only on a terminal and never with NO_COLOR."""

    def __init__(self, stream: TextIO) -> None:
        import os

        self.stream = stream
        self.colour = stream.isatty() and not os.environ.get("NO_COLOR")

    def paint(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.colour else text

    def line(self, text: str = "") -> None:
        self.stream.write(text + "\n")
