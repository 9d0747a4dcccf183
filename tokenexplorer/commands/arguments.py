"""What every command's argument parser shares: one-line usage errors, checked profile names.

A usage error is one line on stderr and exit 2 (argparse's usage block is what --help is
for). Every argument that names a profile (`--profile`, `--name`, `NAME`, `NEW_NAME`) is
checked by the same rules a saved profile obeys, so a name that cannot be a profile (control
characters, bytes that are not UTF-8, too long) is bad input, said as such, before any
command looks it up.
"""

from __future__ import annotations

import argparse
from typing import Any, NoReturn

PROFILE_NAME_DESTS = frozenset({"profile", "name", "new_name"})
MAX_LINE_CHARS = 65_536  # a password, code or secret; /dev/zero never ends a line


class InputTooLong(ValueError):
    """A line of stdin longer than any answer could be: bad input (exit 2)."""


def read_line(stream: Any, what: str) -> str:
    """One line of `stream`, at most MAX_LINE_CHARS (else InputTooLong), without its end."""
    line = stream.readline(MAX_LINE_CHARS + 1)
    if len(line) > MAX_LINE_CHARS:
        raise InputTooLong(f"the {what} on stdin is longer than {MAX_LINE_CHARS:,} characters")
    return line


class OneLineParser(argparse.ArgumentParser):
    """argparse with usage errors in one line (still exit 2), and the name check on every
    argument that names a profile. Sub-command parsers are of this class too (argparse makes
    them with the parent's class), so a command's new flags are checked without listing them."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see '{self.prog} --help')\n")

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        action = super().add_argument(*args, **kwargs)
        if action.dest in PROFILE_NAME_DESTS and action.type is None:
            action.type = profile_name
        return action


def profile_name(text: str) -> str:
    """argparse type: `text` if it can be a profile's name, else a one-line ArgumentTypeError."""
    from tokenexplorer.cognito import ids
    from tokenexplorer.tokens.safe_text import shorten, visible

    if any("\ud800" <= ch <= "\udfff" for ch in text):
        raise argparse.ArgumentTypeError("the profile name is not valid UTF-8 text")
    problems = ids.errors_only(ids.validate_profile_fields(name=text))
    if problems:
        shown = visible(shorten(text, 60))
        raise argparse.ArgumentTypeError(f"{shown!r} cannot be a profile name: "
                                         f"{problems[0].message}")
    return text
