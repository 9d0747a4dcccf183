"""Whatever is pasted, the window neither crashes nor shows a traceback."""

from __future__ import annotations

import base64
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.ui.conftest import by_name, hs256_token, wait_settled


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


token_like = st.builds(
    lambda header, payload, signature: f"{header}.{payload}.{signature}",
    st.one_of(st.just(_b64(b'{"alg":"HS256"}')), st.binary(max_size=40).map(_b64), st.text()),
    st.one_of(st.binary(max_size=60).map(_b64),
              st.dictionaries(st.text(max_size=8), st.one_of(st.integers(), st.text(max_size=20),
                                                               st.none(), st.floats()),
                              max_size=4).map(lambda d: _b64(json.dumps(d).encode())),
              st.text(max_size=30)),
    st.text(alphabet="abcXYZ019-_", max_size=20),
)
pasted = st.one_of(
    st.text(max_size=200),
    token_like,
    token_like.map(lambda t: f"Bearer {t}"),
    token_like.map(lambda t: json.dumps({"IdToken": t, "AccessToken": hs256_token()})),
    token_like.map(lambda t: f"https://app.example.com/cb#id_token={t}&state=1"),
)


def _paste_and_check(window, text: str) -> None:
    window.show_text(text)
    tree = by_name(window, "Claims tree")
    message = by_name(window, "Input problem")
    rows = tree.model().rowCount()
    if rows == 0 and text.strip():
        assert message.isVisibleTo(window) and message.text()  # said why nothing is shown
    assert "Traceback" not in message.text()
    window.inspector.tree.expandAll()
    window.inspector.copy_value()


def test_any_paste_is_shown_or_explained_and_leaves_the_window_usable(qtbot, window):
    """Every example goes to the same window; afterwards that window still reads a token."""

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(text=pasted)
    def paste(text):
        _paste_and_check(window, text)

    paste()
    window.show_text(hs256_token(email="after-the-fuzz@example.com"))
    wait_settled(qtbot, window)
    tree = by_name(window, "Claims tree")
    assert tree.model().rowCount() == 3
    window.inspector.tree.expandAll()
    shown = {tree.model().index(r, 1, parent).data()
             for parent in (tree.model().index(p, 0) for p in range(3))
             for r in range(tree.model().rowCount(parent))}
    assert "after-the-fuzz@example.com" in shown
    assert not by_name(window, "Input problem").isVisibleTo(window)
