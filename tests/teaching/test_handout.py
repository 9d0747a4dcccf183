"""The handout's Markdown, rendered by GitHub's own cmark-gfm: hostile claims stay text."""

from __future__ import annotations

import base64
import json
import re

import cmarkgfm
from cmarkgfm.cmark import Options

from tokenexplorer.tokens.comparison import compare_texts
from tokenexplorer.tokens.decode import decode
from tokenexplorer.tokens.handout import (
    comparison_markdown,
    md_code,
    token_markdown,
    write_handout,
)
from tokenexplorer.tokens.masking import Masker

NOW = 1_800_000_000
HOSTILE = {
    "<b>n|ame</b>": "x",
    "html": "<img src=x onerror=alert(1)><script>alert(2)</script>",
    "link": "[click me](http://evil.example/steal) and <http://evil.example>",
    "bare": "www.evil.example http://evil.example/a",
    "pipes": "a|b|c\\|d",
    "ticks": "``` fenced ` and `` pairs",
    "lines": "line one\n| forged | row |\n\n# heading",
    "bidi": "safe\u202egnp.exe",
    "emphasis": "**bold** _it_ ~~gone~~",
    "long": "L" * 5000,
}


def b64(value: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


def token(payload: dict, header: dict | None = None) -> str:
    return f"{b64(header or {'alg': 'RS256', 'kid': 'k'})}.{b64(payload)}.c2ln"


def render(markdown: str) -> str:
    """GFM with tables and autolinks, and raw HTML let through: the strictest reader."""
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def payload_rows(html: str) -> list[list[str]]:
    table = html.split("<h2>Payload</h2>", 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    return [re.findall(r"<td>(.*?)</td>", row, re.S) for row in body.split("<tr>")[1:]]


def test_hostile_claim_values_stay_plain_text_in_their_cells():
    claims = {"sub": "s-1", "token_use": "id", "exp": NOW + 3600, **HOSTILE}
    markdown = token_markdown(decode(token(claims)), now=NOW)
    html = render(markdown)
    assert "<a " not in html and "<img" not in html and "<script" not in html
    assert "<b>" not in html and "<strong>" not in html and "<em>" not in html
    assert "<del>" not in html and "<h1>Token" in html and html.count("<h1>") == 1
    rows = payload_rows(html)
    assert len(rows) == len(claims) and all(len(cells) == 3 for cells in rows)
    cells = {re.sub(r"</?code>", "", name): value for name, value, _ in rows}
    assert cells["&lt;b&gt;n|ame&lt;/b&gt;"] == "<code>x</code>"
    assert cells["pipes"] == "<code>a|b|c\\|d</code>"
    assert cells["ticks"] == "<code>``` fenced ` and `` pairs</code>"
    assert cells["lines"] == "<code>line one\\n| forged | row |\\n\\n# heading</code>"
    assert cells["bidi"] == "<code>safe⟨U+202E⟩gnp.exe</code>" and "\u202e" not in markdown
    assert cells["long"] == f"<code>{'L' * 299}…</code>"
    exp_meaning = next(meaning for name, _, meaning in rows if name == "<code>exp</code>")
    assert "2027-01-15 09:00:00 UTC; expires in 1 h" in exp_meaning
    assert "After this moment the token must be rejected" in exp_meaning


def test_md_code_survives_every_backtick_run():
    for text in ("`", "``x``", "a ` b", " lead", "`edge`"):
        html = render(f"| v |\n|---|\n| {md_code(text)} |\n")
        assert re.search(r"<td><code>(.*)</code></td>", html).group(1) == text


def test_masking_reaches_names_values_and_meanings():
    claims = {"sub": "s-1", "token_use": "id", "email": "jane@corp.example.com",
              "cognito:username": "jdoe42", "custom:note": "ask jdoe42 at jane@corp.example.com"}
    markdown = token_markdown(decode(token(claims)), masker=Masker(), image="h.png", now=NOW)
    assert "jane" not in markdown and "jdoe42" not in markdown and "corp.example" not in markdown
    assert "user-1@example.invalid" in markdown and "Personal data is masked" in markdown
    assert "![Token handout: ID token](h.png)" in markdown


def test_a_comparison_handout_has_both_sections_and_time_notes():
    a = token({"sub": "s-1", "iat": NOW, "exp": NOW + 3600, "email": "jane@corp.example.com"})
    b = token({"sub": "s-1", "iat": NOW + 60, "exp": NOW + 3660, "x": "<i>y</i>|z"})
    html = render(comparison_markdown(compare_texts(a, b), masker=Masker(), now=NOW))
    assert "<h2>Header</h2>" in html and "<h2>Payload</h2>" in html and "jane" not in html
    rows = payload_rows(html)
    assert all(len(cells) == 5 for cells in rows)
    assert ["≠ changed", "<code>exp</code>", f"<code>{NOW + 3600}</code>",
            f"<code>{NOW + 3660}</code>", "exp +1 min"] in rows
    assert ["+ added", "<code>x</code>", "—", "<code>&lt;i&gt;y&lt;/i&gt;|z</code>", ""] in rows


def test_write_handout_writes_both_files_and_replaces_atomically(tmp_path):
    target = tmp_path / "lesson.md"
    target.write_text("old")
    image = write_handout(target, "# new\n", b"\x89PNG fake")
    assert image == tmp_path / "lesson.png"
    assert target.read_text() == "# new\n" and image.read_bytes() == b"\x89PNG fake"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lesson.md", "lesson.png"]


def test_md_code_shows_controls_itself_whoever_calls_it():
    assert md_code("a\nb\u202ec|d") == "`a\\nb⟨U+202E⟩c\\|d`"
    assert md_code("") == "(empty)"


def test_the_verdict_is_in_the_handout_and_its_quotes_make_no_link():
    from tokenexplorer.tokens.keys import JwkKey
    from tokenexplorer.tokens.verify import VerifyOptions, resolve_keys, verify

    jwk = json.dumps({"kty": "RSA", "kid": "good", "e": "AQAB", "n": "sXch" * 64})
    options = VerifyOptions(key_source=JwkKey(jwk), offline=True)
    decoded = decode(token({"sub": "s", "token_use": "id", "exp": NOW - 60,
                            "iss": "x@evil.example"},
                           {"alg": "RS256", "kid": "www.evil.example jane@evil.example"}))
    report = verify(decoded, resolve_keys(decoded, options), options, NOW)
    markdown = token_markdown(decoded, report=report, now=NOW)
    html = render(markdown)
    assert "<h2>Verification</h2>" in html and "<a " not in html
    assert f"Signature: <strong>{report.signature.status}</strong>" in html
    checks = html.split("<h2>Verification</h2>", 1)[1].split("</table>", 1)[0]
    assert "<td><code>exp</code></td>\n<td><strong>failed</strong></td>" in checks
    other = decode(token({"sub": "other"}))
    assert "Verification" not in token_markdown(other, report=report, now=NOW)


def test_the_verdict_is_masked_too():
    from tokenexplorer.tokens.verify import VerifyOptions, resolve_keys, verify

    options = VerifyOptions(offline=True)
    decoded = decode(token({"sub": "s", "token_use": "id", "email": "jane@corp.example.com",
                            "iss": "https://idp.example/jane@corp.example.com"}))
    report = verify(decoded, resolve_keys(decoded, options), options, NOW)
    assert "jane@corp.example.com" in " ".join(c.detail for c in report.checks)
    markdown = token_markdown(decoded, report=report, masker=Masker(), now=NOW)
    assert "## Verification" in markdown and "jane" not in markdown
