"""Tokens cut across lines of unequal width are found whole, and never glued to their
neighbours; token-shaped input with a broken part reaches the decoder, which names it."""

import os

import jwt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from token_factory import SEED, jwe, part, unsigned

from tokenexplorer.tokens.decode import decode
from tokenexplorer.tokens.find import find_tokens
from tokenexplorer.tokens.model import TokenDecodeError

WRAP = settings(max_examples=int(os.environ.get("TOKENS_FUZZ_EXAMPLES", "150")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

HS256 = jwt.encode({"sub": "u-1", "token_use": "id", "exp": 4_000_000_000},
                   "s" * 40, algorithm="HS256")
UNSECURED = unsigned({"alg": "none"}, {"sub": "u-1"})
REFRESH = jwe()
TOKENS = [SEED, HS256, UNSECURED, REFRESH]


def raws(text):
    return [c.raw for c in find_tokens(text).candidates]


def cut(token: str, widths: list[int]) -> list[str]:
    """`token` in lines of the given widths (repeating the last), the last line ragged."""
    lines, position, number = [], 0, 0
    while position < len(token):
        width = widths[min(number, len(widths) - 1)]
        lines.append(token[position:position + width])
        position += width
        number += 1
    return lines


labels = st.sampled_from(["", "ID token: ", "token=", "Authorization: Bearer ", "id_token:",
                          "Here it is:\n", "  access token -> "])
after = st.sampled_from(["", "\n", "\n\nThanks", "\nsome other words", "\n-- \nsent from my phone"])
indents = st.sampled_from(["", "  ", "    ", "\t", " \t "])
newlines = st.sampled_from(["\n", "\r\n"])


@WRAP
@given(token=st.sampled_from(TOKENS), widths=st.lists(st.integers(1, 120), min_size=1,
                                                      max_size=8),
       label=labels, tail=after, indent=indents, newline=newlines, ragged=st.booleans())
def test_a_token_cut_into_lines_of_any_width_is_found_whole(token, widths, label, tail, indent,
                                                            newline, ragged):
    lines = cut(token, widths)
    if ragged:  # indentation on every line but the first, which follows the label
        text = label + lines[0] + "".join(newline + indent + line for line in lines[1:])
    else:
        text = label + newline.join(indent + line for line in lines)
    text += tail
    assert raws(text) == [token], text


@WRAP
@given(widths=st.lists(st.integers(5, 90), min_size=1, max_size=4), newline=newlines)
def test_two_wrapped_tokens_stay_two(widths, newline):
    text = newline.join(cut(SEED, widths)) + newline + newline.join(cut(HS256, widths[::-1]))
    assert raws(text) == [SEED, HS256]


def test_unequal_widths_examples():
    first, rest = SEED[:17], SEED[17:]
    lines = [rest[i:i + 64] for i in range(0, len(rest), 64)]
    assert raws("id token: " + first + "\n" + "\n".join(lines)) == [SEED]
    assert raws("\n".join("   " * (i % 3) + line for i, line in enumerate(cut(SEED, [50, 70, 33]))
                          )) == [SEED]
    found = find_tokens("\n".join(cut(HS256, [10, 30, 7])))
    assert "joined across lines" in found.candidates[0].source


# A quote after the payload ends the token (JSON strings, shell words): not among the cases.
BROKEN = [(where, index, bad) for where, index in (("header", 0), ("payload", 1),
                                                   ("signature", 2))
          for bad in ("!", "é", "…", '"', "*") if not (bad == '"' and where == "signature")]


@pytest.mark.parametrize(("where", "index", "bad"), BROKEN)
def test_a_broken_part_is_named_not_reported_as_no_token(where, index, bad):
    parts = HS256.split(".")
    parts[index] = parts[index][:6] + bad + parts[index][6:]
    texts = [".".join(parts)]
    if bad != '"':  # in running text a quote ends a word
        texts.append("token: " + ".".join(parts))
    for text in texts:
        result = find_tokens(text)
        assert result.problem is None, text
        [candidate] = result.candidates
        with pytest.raises(TokenDecodeError) as error:
            decode(candidate.raw)
        assert error.value.segment == where


def test_joined_token_ignores_a_following_second_token_on_the_next_line():
    other = jwt.encode({"sub": "x"}, "t" * 40, algorithm="HS256")
    text = "\n".join(cut(HS256, [40])) + "\n" + other
    assert raws(text) == [HS256, other]
    jws_header = part({"alg": "HS256"})
    assert raws(f"{jws_header}.{part({'a': 1})}\n.{'A' * 43}") == [
        f"{jws_header}.{part({'a': 1})}.{'A' * 43}"]
