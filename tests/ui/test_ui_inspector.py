"""The inspector driven like a user would: through widgets found by accessible name."""

from __future__ import annotations

import json

from tests.ui.conftest import (
    HMAC_SECRET,
    by_name,
    child_rows,
    hs256_token,
    jwe_token,
    seed_token,
    top_level_rows,
    wait_settled,
)
from tokenexplorer.ui.inspector.claims_model import NODE_ROLE
from tokenexplorer.ui.qt import Qt, QtGui


def test_pasting_the_seed_token_explains_it_offline(qtbot, window):
    QtGui.QGuiApplication.clipboard().setText(f"  Bearer {seed_token()}\n")
    window.paste_action.trigger()  # Ctrl+Shift+V: the clipboard is read only now
    wait_settled(qtbot, window)

    tree = by_name(window, "Claims tree")
    assert top_level_rows(tree) == ["Header", "Payload", "Signature"]
    claims = child_rows(tree, "Payload")
    assert claims["token_use"] == "id"
    assert claims["cognito:username"] == "1b86e1a2-d9eb-4ebc-81cf-aa1fb59f531d"
    model = tree.model()
    payload = model.index(1, 0)
    exp = next(model.index(r, 0, payload) for r in range(model.rowCount(payload))
               if model.index(r, 0, payload).data() == "exp")
    lifetime = {model.index(r, 0, exp).data(): model.index(r, 1, exp).data()
                for r in range(model.rowCount(exp))}
    assert lifetime["Lifetime (exp − iat)"].startswith("3600 s")

    banner = by_name(window, "Signature status")
    assert banner.status == "not checked"  # the sample is checked offline: no key, no fetch
    assert "offline" in banner.text().lower()
    checks = {row.name: row.result for row in by_name(window, "Checks").checks_model.rows()}
    assert checks["exp"] == "failed"  # the seed token expired in 2020
    assert not by_name(window, "Input problem").isVisible()
    assert not by_name(window, "Found tokens").isVisible()


def test_typing_decodes_after_a_pause(qtbot, window):
    token_input = by_name(window, "Token input")
    token_input.setFocus()
    qtbot.keyClicks(token_input, hs256_token())
    tree = by_name(window, "Claims tree")
    qtbot.waitUntil(lambda: tree.model().rowCount() == 3, timeout=10000)
    assert child_rows(tree, "Payload")["email"] == "someone@example.com"


def test_several_tokens_are_listed_by_content_and_can_be_picked(qtbot, window):
    blob = json.dumps({"AuthenticationResult": {
        "AccessToken": hs256_token(token_use="access", client_id="abc", scope="openid"),
        "IdToken": hs256_token(token_use="id"),
        "RefreshToken": jwe_token(),
    }})
    window.show_text(blob)
    wait_settled(qtbot, window)
    found = by_name(window, "Found tokens")
    assert found.isVisible()
    labels = found.labels()
    assert len(labels) == 3
    assert any(label.startswith("Access token") and "AccessToken" in label for label in labels)
    assert any(label.startswith("ID token") and "IdToken" in label for label in labels)
    assert any(label.startswith("Refresh token (encrypted)") for label in labels)

    tree = by_name(window, "Claims tree")
    access_row = next(i for i, label in enumerate(labels) if label.startswith("Access"))
    found.setCurrentRow(access_row)
    wait_settled(qtbot, window)
    assert child_rows(tree, "Payload")["token_use"] == "access"
    refresh_row = next(i for i, label in enumerate(labels) if label.startswith("Refresh"))
    found.setCurrentRow(refresh_row)
    wait_settled(qtbot, window)
    assert "Encrypted content" in top_level_rows(tree)


def test_bad_input_names_the_segment_and_the_problem(qtbot, window):
    header = hs256_token().split(".")[0]
    window.show_text(f"{header}.bm90IGpzb24.c2ln")  # payload decodes to "not json"
    wait_settled(qtbot, window)
    message = by_name(window, "Input problem")
    assert message.isVisible()
    assert "payload" in message.text()
    assert "JSON" in message.text()
    assert by_name(window, "Claims tree").model().rowCount() == 0
    assert by_name(window, "Signature status").status == "not checked"


def test_text_without_a_token_says_why(qtbot, window):
    window.show_text("hello, this is not a token")
    wait_settled(qtbot, window)
    message = by_name(window, "Input problem")
    assert message.isVisible() and message.text()
    assert by_name(window, "Claims tree").model().rowCount() == 0


def test_authorization_code_is_explained(qtbot, window):
    window.show_text("https://app.example.com/callback?code=0b2a6f7e-1c3d-4e5f&state=xyz")
    wait_settled(qtbot, window)
    assert "authorization code" in by_name(window, "Input problem").text()


def test_jwe_is_shown_as_encrypted_with_the_refresh_token_explanation(qtbot, window):
    window.show_text(jwe_token())
    wait_settled(qtbot, window)
    tree = by_name(window, "Claims tree")
    assert top_level_rows(tree)[:2] == ["Header", "Encrypted content"]
    assert child_rows(tree, "Header")["enc"] == "A256GCM"
    message = by_name(window, "Input problem").text()
    assert "encrypted" in message.lower()
    assert "refresh token" in message.lower()


def test_hmac_secret_gives_valid_and_a_wrong_secret_invalid(qtbot, window):
    window.show_text(hs256_token())
    wait_settled(qtbot, window)
    key_source = by_name(window, "Key source")
    key_source.setCurrentText("HMAC secret")
    secret = by_name(window, "HMAC secret")
    assert secret.echoMode() == secret.EchoMode.Password
    secret.setFocus()
    qtbot.keyClicks(secret, HMAC_SECRET)
    qtbot.keyClick(secret, Qt.Key.Key_Return)
    banner = by_name(window, "Signature status")
    qtbot.waitUntil(lambda: banner.status == "valid", timeout=5000)
    assert "valid" in banner.text()

    secret.setText("a different secret that is long enough!!")
    qtbot.keyClick(secret, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: banner.status == "invalid", timeout=5000)


def test_missing_key_material_is_reported_not_crashed_on(qtbot, window):
    window.show_text(hs256_token())
    wait_settled(qtbot, window)
    by_name(window, "Key source").setCurrentText("PEM or JWK (pasted)")
    pasted = by_name(window, "Pasted key")
    pasted.setPlainText("this is not a key")
    banner = by_name(window, "Signature status")
    qtbot.waitUntil(lambda: "Not a key" in banner.text(), timeout=5000)
    assert banner.status == "not checked"
    assert by_name(window, "Key problem").isVisible()


def test_dont_verify_turns_the_signature_check_off(qtbot, window):
    window.show_text(hs256_token())
    by_name(window, "Key source").setCurrentText("Don't verify")
    banner = by_name(window, "Signature status")
    qtbot.waitUntil(lambda: not window.inspector.is_busy() and banner.status == "not checked",
                    timeout=5000)
    assert by_name(window, "Checks").checks_model.rowCount() > 0


def test_tree_row_highlights_its_segment_and_segment_click_selects_the_row(qtbot, window):
    window.show_text(seed_token())
    wait_settled(qtbot, window)
    tree = by_name(window, "Claims tree")
    raw = by_name(window, "Raw token")
    assert raw.segment_names() == ["header", "payload", "signature"]
    model = tree.model()
    payload = model.index(1, 0)
    sub = model.index(0, 0, payload)
    tree.setCurrentIndex(sub)
    assert raw.highlighted_segment() == "payload"
    assert tree.currentIndex() == sub  # scrolling the raw view did not steal the selection

    cursor = raw.textCursor()
    cursor.setPosition(len(raw.toPlainText()) - 2)  # inside the signature
    raw.setTextCursor(cursor)
    assert tree.currentIndex().data(NODE_ROLE).name == "Signature"
    assert raw.highlighted_segment() == "signature"


def test_copy_value_and_json_only_on_request(qtbot, window):
    clipboard = QtGui.QGuiApplication.clipboard()
    clipboard.setText("untouched")
    token = hs256_token()
    window.show_text(token)
    wait_settled(qtbot, window)
    assert clipboard.text() == "untouched"  # decoding never writes the clipboard

    assert window.inspector.copy_header_json()
    assert json.loads(clipboard.text()) == {"alg": "HS256", "typ": "JWT"}
    assert window.inspector.copy_payload_json()
    assert json.loads(clipboard.text())["email"] == "someone@example.com"
    assert window.inspector.copy_raw_token()
    assert clipboard.text() == token

    tree = by_name(window, "Claims tree")
    model = tree.model()
    payload = model.index(1, 0)
    email = next(model.index(r, 0, payload) for r in range(model.rowCount(payload))
                 if model.index(r, 0, payload).data() == "email")
    tree.setCurrentIndex(email)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == "someone@example.com"


def test_huge_claim_is_shown_cut_but_copied_whole(qtbot, window):
    big = "x" * 2_000_000
    window.show_text(hs256_token(blob=big))
    wait_settled(qtbot, window)
    tree = by_name(window, "Claims tree")
    model = tree.model()
    payload = model.index(1, 0)
    blob = next(model.index(r, 0, payload) for r in range(model.rowCount(payload))
                if model.index(r, 0, payload).data() == "blob")
    shown = model.index(blob.row(), 1, payload).data()
    assert len(shown) < 1000 and "more characters" in shown
    tree.setCurrentIndex(blob)
    assert window.inspector.copy_value()
    assert QtGui.QGuiApplication.clipboard().text() == big
    assert by_name(window, "Token input").is_large
    assert len(by_name(window, "Raw token").toPlainText()) < 20_000


def test_verify_context_checks_the_audience(qtbot, window):
    window.show_text(hs256_token(aud="expected-client"))
    wait_settled(qtbot, window)
    window.set_verify_context(client_id="another-client")
    wait_settled(qtbot, window)
    rows = {row.name: row for row in by_name(window, "Checks").checks_model.rows()}
    assert rows["aud"].result == "failed"
    window.set_verify_context(client_id="expected-client")
    wait_settled(qtbot, window)
    rows = {row.name: row for row in by_name(window, "Checks").checks_model.rows()}
    assert rows["aud"].result == "passed"
