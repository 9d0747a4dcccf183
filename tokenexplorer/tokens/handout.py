"""File → Export handout: a token (or a comparison) as Markdown, for a class to keep.

Claims come with their meaning from the catalogue and human times. Claim names and values
are hostile: each is put in a code span (no HTML, no links, no emphasis in any CommonMark
or GFM renderer), with control and bidi characters shown, pipes escaped so a value never
breaks the table, and long values cut. Masking (a tokens.masking.Masker) is applied to
every name, value and meaning when given. Qt-free; the PNG beside it is made by the UI.
"""

from __future__ import annotations

import re
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from tokenexplorer.atomic import write_bytes_atomic, write_text_atomic
from tokenexplorer.tokens.comparison import ABSENT, Comparison, rows, summary, value_text
from tokenexplorer.tokens.diff import ADDED, REMOVED
from tokenexplorer.tokens.explain import build_tree
from tokenexplorer.tokens.model import DecodedToken, Report, TreeNode
from tokenexplorer.tokens.safe_text import visible
from tokenexplorer.tokens.times import format_utc

if TYPE_CHECKING:
    from tokenexplorer.tokens.masking import Masker

VALUE_CHARS = 300  # a value in the handout is cut here
MAX_ROWS = 500  # per section: a token with more claims is cut, saying how many were left out
_PUNCTUATION = re.compile(r"([\\`*_\[\]<>()#+!|~&])")
_AUTOLINK = re.compile(r"(?i)(?<=www)\.|(?<=:)//")  # GFM links bare URLs: break them
_BACKTICKS = re.compile(r"`+")


def md_text(text: str) -> str:
    """Our own words (titles, meanings) as Markdown text: punctuation escaped, one line."""
    escaped = _PUNCTUATION.sub(r"\\\1", visible(text))
    return _AUTOLINK.sub(lambda m: "\\" + "\\".join(m.group()), escaped)


def md_code(text: str, limit: int = VALUE_CHARS) -> str:
    """Untrusted text as an inline code span that is safe inside a table cell."""
    shown = visible(text[: limit * 2])
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    shown = shown.replace("|", "\\|")
    if not shown:
        return "(empty)"
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(shown)), default=0) + 1)
    pad = " " if shown[0] in "` " or shown[-1] in "` " else ""
    return f"{fence}{pad}{shown}{pad}{fence}"


def _table(headings: tuple[str, ...], lines: Sequence[tuple[str, ...]]) -> list[str]:
    out = ["| " + " | ".join(headings) + " |", "|" + "---|" * len(headings)]
    out += ["| " + " | ".join(cells) + " |" for cells in lines[:MAX_ROWS]]
    if len(lines) > MAX_ROWS:
        out.append(f"\n{len(lines) - MAX_ROWS} more rows left out.")
    return out


def _node_value(node: TreeNode) -> str:
    if isinstance(node.raw, dict | list):
        return value_text(node.raw, limit=VALUE_CHARS)
    return node.value


def _masked_token(token: DecodedToken, masker: Masker) -> DecodedToken:
    header = masker.mask_claims(token.header)
    payload = masker.mask_claims(token.payload) if token.payload is not None else None
    return replace(token, header=header, payload=payload, source=masker.mask_text(token.source))


def _intro(title: str, masked: bool, image: str | None, now: float) -> list[str]:
    lines = [f"# {md_text(title)}", "",
             f"Made with Token Explorer on {format_utc(now)}. Times are in UTC."]
    if masked:
        lines += ["", "Personal data is masked: names, emails, IDs and the like are replaced "
                      "by stable pseudonyms."]
    if image:
        lines += ["", f"![{md_text(title)}]({urllib.parse.quote(image)})"]
    return lines


def _verdict(report: Report, masker: Masker | None) -> list[str]:
    """The signature verdict, the checks and the warnings. Their sentences quote the token
    (a kid, an iss), so they are code spans too: no link can be made of them."""
    def said(text: str) -> str:
        return md_code(masker.mask_text(text) if masker is not None else text, 600)

    signature = report.signature
    lines = ["", "## Verification", "",
             f"Signature: **{md_text(str(signature.status))}**: {said(signature.reason)}"]
    if signature.key_source:
        lines += ["", f"Key source: {said(signature.key_source)}"]
    if report.checks:
        results = {True: "passed", False: "**failed**", None: "not run"}
        cells = [(md_code(c.name, 60), results[c.ok], said(c.detail)) for c in report.checks]
        lines += ["", *_table(("Check", "Result", "Detail"), cells)]
    for warning in report.warnings[:50]:
        lines += ["", f"Warning: {said(warning)}"]
    return lines


def token_markdown(token: DecodedToken, *, masker: Masker | None = None,
                   image: str | None = None, now: float | None = None,
                   report: Report | None = None) -> str:
    """The token's verdict (when `report` is given, for this token), then its header,
    payload and signature as tables: name, value, meaning."""
    now = time.time() if now is None else now
    shown = _masked_token(token, masker) if masker is not None else token
    lines = _intro(f"Token handout: {token.kind.label}", masker is not None, image, now)
    if report is not None and report.token.raw == token.raw:
        lines += _verdict(report, masker)
    for section in build_tree(shown, now):
        lines += ["", f"## {md_text(section.name)}", "", md_text(section.meaning), ""]
        if not section.children:
            lines.append(md_code(section.value))
            continue
        cells = []
        for node in section.children:
            meaning = masker.mask_text(node.meaning) if masker is not None else node.meaning
            why = f" **{md_text(node.why)}**" if node.why else ""
            cells.append((md_code(node.name, 100), md_code(_node_value(node)),
                          md_text(meaning) + why))
        lines += _table(("Name", "Value", "Meaning"), cells)
    return "\n".join(lines) + "\n"


def comparison_markdown(comparison: Comparison, *, masker: Masker | None = None,
                        image: str | None = None, now: float | None = None,
                        only_differences: bool = False) -> str:
    """Token A and B aligned: status, name, both values and the time difference (only the
    names that differ with `only_differences`, as the view shows them)."""
    from tokenexplorer.tokens.diff import mask_diff

    now = time.time() if now is None else now
    a, b, diff = comparison.a.token, comparison.b.token, comparison.diff
    if a is None or b is None or diff is None:
        raise ValueError("there is no comparison to export: two readable tokens are needed")
    if masker is not None:
        diff = mask_diff(diff, a, b, masker)
    lines = _intro("Comparison handout", masker is not None, image, now)
    lines += ["", md_text(f"Token A: {a.kind.label}. Token B: {b.kind.label}. "
                          f"{summary(diff)}.")]
    if only_differences:
        lines += ["", "Only the names that differ are listed."]
    shown = rows(diff, only_differences)
    for section in ("Header", "Payload"):
        cells = [(md_text(row.marker), md_code(row.name, 100),
                  ABSENT if row.status == ADDED else md_code(row.full_a),
                  ABSENT if row.status == REMOVED else md_code(row.full_b), md_text(row.note))
                 for row in shown if row.section == section]
        lines += ["", f"## {section}", ""]
        lines += _table(("Status", "Name", "Token A", "Token B", "Difference"), cells) \
            if cells else ["(no differences)" if only_differences else "(empty in both)"]
    return "\n".join(lines) + "\n"


def write_handout(markdown_path: Path, markdown: str, png: bytes | None) -> Path | None:
    """Both files written atomically, the PNG (beside it, same name) first; its path."""
    image = markdown_path.with_suffix(".png") if png is not None else None
    if image is not None and png is not None:
        write_bytes_atomic(image, png, 0o644)
    write_text_atomic(markdown_path, markdown, 0o644)
    return image


def image_name(markdown_path: Path) -> str:
    """The PNG's file name as the Markdown refers to it (beside the .md)."""
    return markdown_path.with_suffix(".png").name


__all__ = ["comparison_markdown", "image_name", "md_code", "md_text", "token_markdown",
           "write_handout"]
