"""The inspector's Qt-free state: which token of the input is current, and its rewording."""

import time

import jwt

from tokenexplorer.tokens.inspection import inspect_text
from tokenexplorer.tokens.model import FindProblem, Severity
from tokenexplorer.ui.inspector.shown_input import ShownInput

SECRET = "s" * 40


def _token(**claims) -> str:
    return jwt.encode({"sub": "u", **claims}, SECRET, algorithm="HS256")


def test_select_makes_a_row_current_and_refuses_rows_that_do_not_exist():
    shown = ShownInput()
    assert shown.select(0) is None and shown.messages() == [] and shown.labels == []
    text = f'{{"IdToken": "{_token(a=1)}", "AccessToken": "{_token(b=2)}"}}'
    shown.show(inspect_text(text))
    assert len(shown.labels) == 2 and shown.current is None
    second = shown.select(1)
    assert second is not None and shown.current is second
    assert second.token is not None and second.token.payload["b"] == 2
    assert shown.select(2) is None and shown.current is second  # unchanged
    shown.show(inspect_text("hello"))
    assert shown.current is None
    assert shown.messages() == [(Severity.ERROR, FindProblem.NOTHING.text)]


def test_retime_rewords_the_current_token_in_its_row():
    now = time.time()
    shown = ShownInput()
    shown.show(inspect_text(_token(exp=int(now) + 30)))
    first = shown.select(0)
    assert first is not None
    exp = next(node for node in first.tree[1].children if node.name == "exp")
    assert exp.flag is None
    later = shown.retime(now + 3600)
    assert later is not None and shown.current is later and shown.select(0) is later
    exp = next(node for node in later.tree[1].children if node.name == "exp")
    assert exp.flag is Severity.WARNING and exp.why.startswith("the token has expired")
    shown.show(inspect_text("not a token"))
    assert shown.retime() is None
