"""A sequence model as Mermaid text and as SVG, both built as text (no external libraries).

Operation and outcome text are hostile server text: in Mermaid every character outside a
small safe set becomes an entity code (`#35;`), so no `;`, `#`, newline, `<br>` or arrow
syntax can end a message or start a new statement; in SVG text is XML-escaped and only
characters XML 1.0 allows are kept. Lifeline labels are ours (or reduced to safe characters).
"""

from __future__ import annotations

import re

from tokenexplorer.teaching.sequence import BOX_H, MARGIN, NOTE_H, Arrow, SequenceModel

_MERMAID_SAFE = re.compile(r"[A-Za-z0-9 _.\-/(),]")
# Characters XML 1.0 forbids in a document (kept out even though `visible` shows controls).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def mermaid_text(text: str) -> str:
    """Message or label text for Mermaid: unsafe characters as `#<decimal>;` entity codes."""
    return "".join(c if _MERMAID_SAFE.fullmatch(c) else f"#{ord(c)};" for c in text).strip() \
        or "#63;"


def to_mermaid(model: SequenceModel) -> str:
    """`sequenceDiagram` text: participants in order, then a call and an answer per entry."""
    lines = ["sequenceDiagram"]
    for line in model.lifelines:
        lines.append(f"    participant {line.id} as {mermaid_text(line.label)}")
    if model.omitted:
        lines.append(f"    Note over {model.lifelines[0].id}: {mermaid_text(model.note)}")
    app = model.lifelines[0].id
    for call in model.calls:
        far = model.lifelines[call.lifeline].id
        lines.append(f"    {app}->>{far}: {mermaid_text(call.operation)}")
        back = "-->>" if call.entry.ok else "--x"
        lines.append(f"    {far}{back}{app}: {mermaid_text(call.outcome)}")
    return "\n".join(lines) + "\n"


def xml_text(text: str) -> str:
    """Text safe inside an XML element or a double-quoted attribute."""
    text = _NOT_XML.sub("\ufffd", text)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


_SVG_STYLE = (
    "<style>"
    ".box{fill:#eef3fb;stroke:#35557f}"
    ".life{stroke:#8a9bb0;stroke-dasharray:4 4}"
    ".call{stroke:#1d3557;marker-end:url(#head)}"
    ".ok{stroke:#2a7a3b;stroke-dasharray:6 3;marker-end:url(#head-ok)}"
    ".err{stroke:#b3261e;stroke-dasharray:6 3;marker-end:url(#head-err)}"
    ".label{fill:#1d3557}.ok-t{fill:#2a7a3b}.err-t{fill:#b3261e}.note{fill:#5f6b7a}"
    "</style>"
)


def _marker(ident: str, colour: str) -> str:
    return (f'<marker id="{ident}" markerWidth="10" markerHeight="8" refX="9" refY="4" '
            f'orient="auto"><path d="M0,0 L10,4 L0,8 z" fill="{colour}"/></marker>')


def _svg_arrow(arrow: Arrow) -> list[str]:
    css = "call" if arrow.kind == "call" else ("ok" if arrow.ok else "err")
    text_css = "label" if arrow.kind == "call" else ("ok-t" if arrow.ok else "err-t")
    middle = (arrow.x1 + arrow.x2) / 2
    return [
        f'<line class="{css}" x1="{arrow.x1:g}" y1="{arrow.y:g}" x2="{arrow.x2:g}" '
        f'y2="{arrow.y:g}"/>',
        f'<text class="{text_css}" x="{middle:g}" y="{arrow.y - 5:g}" '
        f'text-anchor="middle">{xml_text(arrow.text)}</text>',
    ]


def to_svg(model: SequenceModel) -> str:
    """A standalone SVG document of the diagram (13 px sans-serif, white background)."""
    width, height = f"{model.width:g}", f"{model.height:g}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="13">',
        "<title>Sequence diagram</title>",
        _SVG_STYLE,
        "<defs>" + _marker("head", "#1d3557") + _marker("head-ok", "#2a7a3b")
        + _marker("head-err", "#b3261e") + "</defs>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    box_w = model.column - MARGIN
    bottom = model.height - MARGIN
    for line in model.lifelines:
        left = line.x - box_w / 2
        parts.append(f'<line class="life" x1="{line.x:g}" y1="{MARGIN + BOX_H:g}" '
                     f'x2="{line.x:g}" y2="{bottom:g}"/>')
        parts.append(f'<rect class="box" x="{left:g}" y="{MARGIN}" width="{box_w:g}" '
                     f'height="{BOX_H}" rx="4"/>')
        parts.append(f'<text class="label" x="{line.x:g}" y="{MARGIN + BOX_H / 2 + 5:g}" '
                     f'text-anchor="middle">{xml_text(line.label)}</text>')
    if model.omitted:
        parts.append(f'<text class="note" x="{MARGIN}" y="{MARGIN + BOX_H + NOTE_H:g}">'
                     f"{xml_text(model.note)}</text>")
    for arrow in model.arrows:
        parts.extend(_svg_arrow(arrow))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


__all__ = ["mermaid_text", "to_mermaid", "to_svg", "xml_text"]
