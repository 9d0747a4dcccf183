"""`tokenexplorer diff TOKEN_A TOKEN_B [--json]`: what two tokens share and how they differ.

Exit status, as diff(1): 0 = the headers and payloads are the same, 1 = they differ,
2 = trouble (no token or several in an input, a token that will not decode, an encrypted
token, bad options). Decoding only: no keys, no network, no Qt, no boto3.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, TextIO

from tokenexplorer.commands.output import Printer

EXIT_SAME = 0
EXIT_DIFFERENT = 1
EXIT_TROUBLE = 2

CELL_CHARS = 48  # a value wider than this is cut in the human table (--json has it whole)
NAME_CHARS = 30
_COLOUR = {"added": "32", "removed": "31", "changed": "33", "same": "2"}
_ABSENT_MARK = "—"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    for name in ("token_a", "token_b"):
        parser.add_argument(name, metavar=name.upper(),
                            help="a token, Bearer header, redirect URL or JSON holding one "
                            "token, or a file holding it; '-': read stdin (for one of the two)")
    parser.add_argument("--json", action="store_true",
                        help='print {"header": [...], "payload": [...]}, one entry per name')
    parser.add_argument("--mask", action="store_true",
                        help="show personal data (emails, names, sub, account IDs…) as stable "
                        "pseudonyms, as decode --mask does")


class Trouble(ValueError):
    """Why the comparison cannot be made: printed, exit 2."""


def _where(argument: str, label: str) -> str:
    if argument == "-":
        return "stdin"
    if argument.lstrip().startswith(("eyJ", "{", "[")) or len(argument) >= 4096 \
            or not os.path.isfile(os.path.expanduser(argument)):
        return f"argument {label}"
    return f"file {argument}"


def load_token(argument: str, label: str):
    """The one token in `argument` (text, file or stdin), decoded; Trouble says what is wrong."""
    from tokenexplorer.commands.decode import InputError, _read_input
    from tokenexplorer.tokens.decode import decode
    from tokenexplorer.tokens.find import find_tokens
    from tokenexplorer.tokens.model import TokenDecodeError
    from tokenexplorer.tokens.safe_text import visible

    where = _where(argument, label)
    try:
        text = _read_input(argument)
    except InputError as error:
        raise Trouble(f"TOKEN_{label}: {error}") from None
    found = find_tokens(text)
    for notice in found.notices:
        print(f"tokenexplorer diff: TOKEN_{label}: note: {notice}", file=sys.stderr)
    if not found.candidates:
        raise Trouble(f"TOKEN_{label} ({where}): {found.problem}")
    if len(found.candidates) > 1:
        sources = ", ".join(visible(c.source) for c in found.candidates[:5])
        raise Trouble(f"TOKEN_{label} ({where}) holds {len(found.candidates)} tokens "
                      f"({sources}): give just one")
    candidate = found.candidates[0]
    source = where if candidate.source == "input" else f"{where}, {candidate.source}"
    try:
        return decode(candidate.raw, source)
    except TokenDecodeError as error:
        raise Trouble(f"cannot decode TOKEN_{label} ({visible(source)}): {error}") from None


def _cell(value: Any, present: bool) -> str:
    """One value on one safe line: strings bare, others as compact JSON, cut to CELL_CHARS."""
    from tokenexplorer.tokens.safe_text import visible

    if not present:
        return _ABSENT_MARK
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False,
                                                           separators=(",", ":"))
    text = visible(text)
    return text if len(text) <= CELL_CHARS else text[:CELL_CHARS - 1] + "…"


class _Printer(Printer):

    def section(self, title: str, rows, name_width: int, a_width: int) -> None:
        from tokenexplorer.tokens.safe_text import visible

        self.line(self.paint(title, "1"))
        if not rows:
            self.line("  (empty in both)")
        for row in rows:
            name = visible(row.name)
            name = name if len(name) <= NAME_CHARS else name[:NAME_CHARS - 1] + "…"
            status = self.paint(row.status.ljust(7), _COLOUR[row.status])
            a, b = _cell(row.a, row.in_a), _cell(row.b, row.in_b)
            text = f"  {status}  {name.ljust(name_width)}  {a.ljust(a_width)}  {b}"
            if row.note:
                text = f"{text}  {self.paint(row.note, '36')}"
            self.line(text.rstrip())


def print_human(diff, a, b, stream: TextIO) -> None:
    """A/B headings, then header and payload as aligned columns, then the counts."""
    from tokenexplorer.tokens.safe_text import visible

    printer = _Printer(stream)
    printer.line(f"A: {a.kind.label} from {visible(a.source)}")
    printer.line(f"B: {b.kind.label} from {visible(b.source)}")
    rows = (*diff.header, *diff.payload)
    name_width = min(NAME_CHARS, max((len(visible(r.name)) for r in rows), default=4))
    a_width = max((len(_cell(r.a, r.in_a)) for r in rows), default=1)
    for title, section in (("Header", diff.header), ("Payload", diff.payload)):
        printer.line()
        printer.section(title, section, name_width, a_width)
    printer.line()
    counts = diff.counts()
    printer.line(", ".join(f"{counts[s]} {s}" for s in ("changed", "added", "removed", "same")))


def _masked(diff, a, b):
    from dataclasses import replace

    from tokenexplorer.tokens.diff import mask_diff
    from tokenexplorer.tokens.masking import Masker

    masker = Masker()
    diff = mask_diff(diff, a, b, masker)
    return (diff, replace(a, source=masker.mask_text(a.source)),
            replace(b, source=masker.mask_text(b.source)))


def _compare(args: argparse.Namespace) -> int:
    from tokenexplorer.tokens.diff import EncryptedTokenError, diff_to_json, diff_tokens

    if args.token_a == "-" and args.token_b == "-":
        raise Trouble("stdin can hold only one of the two tokens: give the other as an "
                      "argument or a file")
    a = load_token(args.token_a, "A")
    b = load_token(args.token_b, "B")
    try:
        diff = diff_tokens(a, b)
    except EncryptedTokenError as error:
        raise Trouble(str(error)) from None
    if args.mask:
        diff, a, b = _masked(diff, a, b)
    if args.json:
        json.dump(diff_to_json(diff), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print_human(diff, a, b, sys.stdout)
    sys.stdout.flush()
    return EXIT_SAME if diff.same else EXIT_DIFFERENT


def run(args: argparse.Namespace) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        return _compare(args)
    except Trouble as error:
        print(f"tokenexplorer diff: {error}", file=sys.stderr)
        return EXIT_TROUBLE
    except BrokenPipeError:  # `| head`: the reader has gone, nothing left to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_TROUBLE
