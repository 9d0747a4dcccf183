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
    """A text stream whose writes lose every terminal control (colours included: the
    Printer writes its own beside this wrapper, see Printer.line)."""

    def __init__(self, inner: TextIO) -> None:
        self.inner = inner

    def write(self, text: str) -> int:
        _write(self.inner, terminal(text))
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
    """Human output of a command: colour only on a terminal and never with NO_COLOR.

    paint() marks our colours with a mark made afresh for each run; line() makes the whole
    line terminal-safe (every ESC, from anywhere, becomes visible) and only then turns the
    marks into colour codes. Outside text cannot guess the mark, so it cannot colour,
    move or rewrite anything on the terminal, whatever it holds."""

    def __init__(self, stream: TextIO) -> None:
        import os
        import secrets

        self.stream = stream
        self.colour = stream.isatty() and not os.environ.get("NO_COLOR")
        self._mark = f"<{secrets.token_hex(8)}>"

    def paint(self, text: str, code: str) -> str:
        return f"{self._mark}{code}m{text}{self._mark}0m" if self.colour else text

    def line(self, text: str = "") -> None:
        safe = terminal(text)
        if self.colour:
            safe = safe.replace(self._mark, "\033[")
        _write(raw_stream(self.stream), safe + "\n")


def _write(stream: Any, text: str) -> None:
    try:
        stream.write(text)
    except UnicodeEncodeError:  # a terminal in ASCII or Latin-1: escape what it lacks
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
