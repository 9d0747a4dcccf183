"""The Compare tab: two built tokens compared exactly, found and driven by accessible name."""

from __future__ import annotations

import base64
import json

import pytest

from tests.ui.conftest import by_name
from tokenexplorer.ui.qt import QtWidgets

T = 1_700_000_000


def b64(value: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


def token(header: dict, payload: dict) -> str:
    return f"{b64(header)}.{b64(payload)}.c2ln"


A = token({"alg": "RS256", "kid": "k1"},
          {"sub": "s-1", "iat": T, "exp": T + 3600, "nonce": "n-1", "token_use": "id"})
B = token({"alg": "RS256", "kid": "k2"},
          {"sub": "s-1", "iat": T + 3600, "exp": T + 7200, "token_use": "id",
           "name": "Eve\u202e<b>evil</b>" + "x" * 500})


@pytest.fixture
def compare(qtbot):
    from tokenexplorer.ui.tasks import wait_for_all
    from tokenexplorer.ui.teaching.compare_view import CompareView

    view = CompareView()
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    yield view
    wait_for_all(8000)


def shown(view) -> list[tuple]:
    return [(r.section, r.name, r.status, r.a, r.b, r.note) for r in view.model.rows()]


def type_in(qtbot, view, a: str, b: str) -> None:
    by_name(view, "Token A").setPlainText(a)
    by_name(view, "Token B").setPlainText(b)
    qtbot.waitUntil(lambda: view.comparison is not None and not view.busy, timeout=8000)


def test_the_diff_of_two_built_tokens_is_exact_in_the_model(qtbot, compare):
    type_in(qtbot, compare, A, B)
    long_name = "Eve⟨U+202E⟩<b>evil</b>" + "x" * 57 + "…"
    assert shown(compare) == [
        ("Header", "alg", "same", "RS256", "RS256", ""),
        ("Header", "kid", "changed", "k1", "k2", ""),
        ("Payload", "sub", "same", "s-1", "s-1", ""),
        ("Payload", "iat", "changed", str(T), str(T + 3600), "iat +1 h"),
        ("Payload", "exp", "changed", str(T + 3600), str(T + 7200), "exp +1 h"),
        ("Payload", "nonce", "removed", "n-1", "—", ""),
        ("Payload", "token_use", "same", "id", "id", ""),
        ("Payload", "name", "added", "—", long_name, ""),
    ]
    assert len(long_name) == 80
    model = compare.model
    # a title row before each section, spanning; the status in words next to its colour
    assert [model.index(r, 0).data() for r in range(model.rowCount())][:4] == \
        ["Header", "= same", "≠ changed", "Payload"]
    assert compare.table.isFirstColumnSpanned(0, model.index(0, 0).parent())
    assert by_name(compare, "Comparison summary").text() == \
        "A: ID token, B: ID token — 3 changed, 1 added, 1 removed, 3 same"


def test_only_differences_and_the_full_value_in_the_details(qtbot, compare):
    type_in(qtbot, compare, A, B)
    by_name(compare, "Only differences").setChecked(True)
    assert [r[1] for r in shown(compare)] == ["kid", "iat", "exp", "nonce", "name"]
    table = by_name(compare, "Comparison")
    row = next(r for r in range(compare.model.rowCount())
               if compare.model.index(r, 1).data() == "name")
    table.setCurrentIndex(compare.model.index(row, 0))
    details = by_name(compare, "Claim values").toPlainText()
    assert "x" * 500 in details and "⟨U+202E⟩" in details and "\u202e" not in details


def test_problems_are_said_and_a_jwe_cannot_be_compared(qtbot, compare):
    type_in(qtbot, compare, "not a token", "")
    problems = by_name(compare, "Comparison problems").text()
    assert "Token A: No token-shaped text found" in problems and "Paste token B." in problems
    assert compare.model.rows() == []
    jwe = ".".join([b64({"alg": "RSA-OAEP", "enc": "A256GCM", "cty": "JWT"}),
                    "YWFh", "YmJi", "Y2Nj", "ZGRk"])
    compare.comparison = None
    type_in(qtbot, compare, A, jwe)
    assert "token B is encrypted" in by_name(compare, "Comparison problems").text()


def test_the_tab_is_lazy_and_takes_the_sign_in_tokens(qtbot, window):
    from types import SimpleNamespace

    from tokenexplorer.ui.state import AppState
    from tokenexplorer.ui.teaching.install import install_teaching_ui

    state = AppState()
    window.attach_state(state)
    history = install_teaching_ui(window, state)
    page = by_name(window, "Compare page")
    assert page.findChildren(QtWidgets.QPlainTextEdit) == []  # not built before it is shown
    view = window.open_tab("Compare")
    assert window.current_tab() is view
    button = by_name(view, "Use ID and access from this sign-in")
    refresh = by_name(view, "Before and after the last refresh")
    assert not button.isEnabled() and not refresh.isEnabled()
    first = SimpleNamespace(id_token=A, access_token=B)
    session = SimpleNamespace(tokens=first)
    state.set_session(session)
    assert button.isEnabled() and not refresh.isEnabled()
    button.click()
    qtbot.waitUntil(lambda: view.comparison is not None and not view.busy, timeout=8000)
    assert by_name(view, "Token A").toPlainText() == A
    session.tokens = SimpleNamespace(id_token=B, access_token=A)  # a refresh renews in place
    state.set_session(session)
    assert history.has_refresh and refresh.isEnabled()
    view.comparison = None
    refresh.click()
    qtbot.waitUntil(lambda: view.comparison is not None and not view.busy, timeout=8000)
    assert (by_name(view, "Token A").toPlainText(), by_name(view, "Token B").toPlainText()) \
        == (A, B)
    state.set_session(None)
    assert not button.isEnabled() and not refresh.isEnabled()


def test_decoding_runs_off_the_gui_thread(qtbot, compare, monkeypatch):
    import threading

    from tokenexplorer.ui.teaching import compare_view

    threads = []
    real = compare_view.compare_texts

    def spy(a, b):
        threads.append(threading.current_thread())
        return real(a, b)

    monkeypatch.setattr(compare_view, "compare_texts", spy)
    big = token({"alg": "RS256"}, {"sub": "s", "blob": "b" * 2_000_000})
    type_in(qtbot, compare, big, A)
    assert threads and threading.main_thread() not in threads
    blob = next(r for r in compare.model.rows() if r.name == "blob")
    assert (blob.status, len(blob.a), len(blob.full_a)) == ("removed", 80, 20_000)


def test_no_alt_letter_clash_with_the_compare_tab_shown_or_not(qtbot):
    from tests.ui.test_inspector_details_keyboard_and_hints import _letters
    from tokenexplorer.ui.app import install_panels
    from tokenexplorer.ui.main_window import MainWindow
    from tokenexplorer.ui.tasks import wait_for_all

    window = MainWindow(remember_layout=False)
    qtbot.addWidget(window)
    install_panels(window)
    window.resize(1300, 850)
    window.show()
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.waitUntil(lambda: window.tabs.currentWidget().isVisible())
        clashes = {k: v for k, v in _letters(window).items() if len(v) > 1}
        assert not clashes, f"with {window.tabs.tabText(index)!r} shown: {clashes}"
    assert "Com&pare" in [window.tabs.tabText(i) for i in range(window.tabs.count())]
    wait_for_all(8000)
