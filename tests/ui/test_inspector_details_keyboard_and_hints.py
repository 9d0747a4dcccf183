"""The inspector as a new user meets it: the details pane, first-run layout, sign-in
tokens, notices, the HMAC hint, and the keyboard (mnemonics, key source arrows, Shift+F10,
copy shortcuts)."""

from __future__ import annotations

import collections
import re

from tests.ui.conftest import by_name, hs256_token, seed_token, wait_settled
from tokenexplorer.ui.inspector.claims_model import NODE_ROLE
from tokenexplorer.ui.inspector.key_source import AUTOMATIC, HMAC, PASTED
from tokenexplorer.ui.qt import Qt, QtCore, QtGui, QtWidgets

_MNEMONIC = re.compile(r"(?<!&)&([^&\s])")
PEM = """-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEVs/o5+uQbTjL3chynL4wXgUg2R9
q9UU8I5mEovUf86QZ7kOBIjJwqnzD1omageEHWwHdBO6B+dFabmdT9POxg==
-----END PUBLIC KEY-----"""


def _row(tree, parent_name: str, name: str) -> QtCore.QModelIndex:
    model = tree.model()
    for row in range(model.rowCount()):
        parent = model.index(row, 0)
        if parent.data() == parent_name:
            for child in range(model.rowCount(parent)):
                index = model.index(child, 0, parent)
                if index.data(NODE_ROLE).name == name:
                    return index
    raise AssertionError(f"no row {parent_name}/{name}")


def test_claim_details_show_the_whole_row_selectable(qtbot, window):
    window.show_text(seed_token())
    wait_settled(qtbot, window)
    tree, details = by_name(window, "Claims tree"), by_name(window, "Claim details")
    assert "Select a row" in details.placeholderText() and not details.toPlainText()
    exp = _row(tree, "Payload", "exp")
    tree.setCurrentIndex(exp)
    text = details.toPlainText()
    node = exp.data(NODE_ROLE)
    assert node.name in text and node.value in text
    assert node.meaning in text  # the whole meaning, not the column's cut
    assert "Warning: the token has expired" in text
    assert details.isReadOnly()
    assert details.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByKeyboard
    iss = _row(tree, "Payload", "iss")
    tree.setCurrentIndex(iss)
    link = iss.data(NODE_ROLE).link
    assert link and f"href=\"{link}\"" in details.toHtml()
    # The tooltip of a flagged row says why, not just "Flagged: warning".
    tooltip = exp.siblingAtColumn(1).data(Qt.ItemDataRole.ToolTipRole)
    assert "expired" in tooltip and "Flagged: warning" not in tooltip


def test_long_values_are_shortened_with_a_note_and_untrusted_text_stays_text(qtbot, window):
    window.show_text(hs256_token(note="<b>x</b>" + "y" * 5000))
    wait_settled(qtbot, window)
    tree, details = by_name(window, "Claims tree"), by_name(window, "Claim details")
    tree.setCurrentIndex(_row(tree, "Payload", "note"))
    text = details.toPlainText()
    assert "Copy value" in text and "copies it whole" in text
    assert "<b>x</b>" in text  # shown as characters, never rendered
    assert len(text) < 3500


def test_first_run_layout_shows_part_of_the_meaning_column(qtbot):
    from tokenexplorer.ui.app import create_window, install_panels

    for size in ((1366, 740), (1320, 860)):
        window = create_window(remember_layout=False, offline=True)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        install_panels(window)
        tree = window.inspector.tree

        def meaning_column_shows(tree=tree, size=size) -> None:
            viewport = tree.viewport().width()
            meaning_x = tree.header().sectionViewportPosition(2)
            assert tree.header().sectionSize(0) >= 120  # Name readable
            assert viewport - meaning_x >= 90, f"{size}: Meaning gets {viewport - meaning_x}px"

        qtbot.waitUntil(meaning_column_shows, timeout=5000)
        window.inspector.shutdown()
        window.app_state.close()


def test_sample_hint_names_the_seed_article(qtbot):
    from tokenexplorer.ui.app import create_window

    window = create_window(remember_layout=False, offline=True)
    qtbot.addWidget(window)
    hint = window.inspector.sample_hint.text()
    assert "seed article" in hint and "AWS documentation" not in hint


def test_sign_in_tokens_use_automatic_keys_and_an_opaque_refresh_token_is_not_listed(
        qtbot, window):
    panel = window.inspector.key_panel
    panel.select(PASTED)
    panel.key_edit.setPlainText(PEM)
    window.show_tokens([("ID token", seed_token()),
                        ("refresh token", "2f1c8a55-6a0e-4a3f-9a3c-2b1f0b7c9d11")])
    wait_settled(qtbot, window)
    assert by_name(window, "Key source").currentIndex() == AUTOMATIC
    banner = by_name(window, "Signature status")
    assert "Key source: Cognito JWKS" in banner.text()
    labels = [window.inspector.token_list.item(i).text()
              for i in range(window.inspector.token_list.count())]
    assert not any("Not decodable" in label for label in labels)
    assert len(labels) == 1  # the opaque refresh token: not a token to list
    message = by_name(window, "Input problem")  # its notice is for the user's own input
    assert not message.isVisible() or "opaque" not in message.text()


def test_sign_in_tokens_are_verified_once_the_profile_context_is_set(qtbot, window):
    window.show_tokens([("ID token", seed_token())])
    # No key lookup yet: the sign-in sets the profile's pool and endpoint right after.
    assert window.inspector.verification.task is None and window.inspector.is_busy()
    window.set_verify_context(client_id="c1", pool_id="us-east-2_D8rs5PBjY")
    wait_settled(qtbot, window)
    assert window.inspector.verification.options.pool_id == "us-east-2_D8rs5PBjY"
    assert by_name(window, "Signature status").status != "checking"


def test_an_authorization_code_is_information_not_an_error(qtbot, window):
    window.show_text("https://app.example.com/callback?code=0b2a6f7e-1c3d-4e5f&state=xyz")
    wait_settled(qtbot, window)
    message = by_name(window, "Input problem")
    assert "authorization code" in message.text()
    assert window.inspector.messages.severity == "info"
    from tokenexplorer.ui import theme

    background, _ = theme.message_colours("info", window.palette())
    assert message.palette().color(QtGui.QPalette.ColorRole.Window) == background


def test_hs_token_offers_the_hmac_secret(qtbot, window):
    window.show_text(hs256_token())
    wait_settled(qtbot, window)
    button = by_name(window, "Use an HMAC secret")
    assert button.isVisible()
    window.activateWindow()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert by_name(window, "Key source").currentIndex() == HMAC
    qtbot.waitUntil(lambda: by_name(window, "HMAC secret").hasFocus(), timeout=3000)
    wait_settled(qtbot, window)
    assert not button.isVisible()


def test_profile_pool_is_named_near_the_key_source(qtbot, window):
    window.set_verify_context(client_id="abc", pool_id="us-east-1_Example1")
    label = by_name(window, "Profile pool")
    assert label.isVisible() and "us-east-1_Example1" in label.text()
    window.set_verify_context()
    assert not label.isVisible()


def test_verification_records_into_the_window_activity_log(qtbot, window):
    from tokenexplorer.activity import ActivityLog
    from tokenexplorer.tokens.verify import VerifyOptions

    log = ActivityLog()
    window.set_activity_log(log)
    window.show_text(seed_token())
    wait_settled(qtbot, window)
    options = window.inspector.verification.options
    assert isinstance(options, VerifyOptions) and options.activity is log


def _letters(window) -> dict[str, list[str]]:
    owners = collections.defaultdict(list)
    texts = [(a.text(), "menu") for a in window.menuBar().actions() if a.isVisible()]
    texts += [(window.tabs.tabText(i), "tab") for i in range(window.tabs.count())]
    texts += [(b.text(), b.accessibleName()) for b in window.findChildren(
        QtWidgets.QAbstractButton) if b.isVisible()]
    texts += [(label.text(), "label") for label in window.findChildren(QtWidgets.QLabel)
              if label.isVisible() and label.buddy() is not None]
    for text, owner in texts:
        found = _MNEMONIC.search(text.replace("&&", ""))
        if found:
            owners[found.group(1).lower()].append(f"{text!r} ({owner})")
    return owners


def test_inspector_mnemonics_clash_with_no_menu_or_tab(qtbot):
    from tokenexplorer.ui.app import install_panels
    from tokenexplorer.ui.main_window import MainWindow

    window = MainWindow(remember_layout=False)
    qtbot.addWidget(window)
    state = install_panels(window)
    window.resize(1366, 768)
    window.show()
    window.show_tokens([("ID token", seed_token()), ("Access token", hs256_token())])
    window.tabs.setCurrentWidget(window.inspector)

    def no_clash() -> None:
        owners = _letters(window)
        assert {"c", "r", "f", "e", "v", "h", "n", "3"} <= set(owners)
        clashes = {letter: who for letter, who in owners.items() if len(who) > 1}
        assert not clashes, clashes

    qtbot.waitUntil(no_clash, timeout=5000)
    window.inspector.shutdown()
    state.close()


def test_key_source_arrows_keep_the_focus_on_the_combo(qtbot, window):
    combo = by_name(window, "Key source")
    window.activateWindow()
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus, timeout=3000)
    for expected in (1, 2, 3, 4):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentIndex() == expected
        assert combo.hasFocus()
    assert by_name(window, "HMAC secret").isVisible()


def test_shift_f10_opens_the_tree_menu_with_the_edit_menu_shortcuts(qtbot, window):
    window.show_text(seed_token())
    wait_settled(qtbot, window)
    tree = by_name(window, "Claims tree")
    tree.setCurrentIndex(_row(tree, "Payload", "email"))
    window.activateWindow()
    tree.setFocus()
    qtbot.waitUntil(tree.hasFocus, timeout=3000)
    qtbot.keyClick(tree, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    menus = [m for m in tree.findChildren(QtWidgets.QMenu) if m.accessibleName()
             == "Claims tree menu"]
    assert menus and menus[-1].isVisible()
    copy = next(a for a in menus[-1].actions() if a.text() == "Copy &value")
    edit_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    assert copy in edit_menu.actions()  # one action: the same shortcut shown in both
    assert copy.shortcut().toString() == "Ctrl+Shift+C"
    menus[-1].close()
    QtGui.QGuiApplication.clipboard().clear()
    qtbot.keyClick(tree, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QtGui.QGuiApplication.clipboard().text() == "aws.demystify@gmail.com"
    QtGui.QGuiApplication.clipboard().clear()
    qtbot.keyClick(tree, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert QtGui.QGuiApplication.clipboard().text() == "aws.demystify@gmail.com"


def test_only_the_offscreen_noise_is_dropped(qtlog):
    from tokenexplorer.ui.app import quiet_offscreen_noise

    previous = quiet_offscreen_noise()  # pytest-qt's recorder: what passes on lands there
    try:
        QtCore.qWarning("This plugin does not support propagateSizeHints()")
        QtCore.qWarning("a real problem")
    finally:
        QtCore.qInstallMessageHandler(previous)
    messages = [record.message for record in qtlog.records]
    assert "a real problem" in messages
    assert not any("propagateSizeHints" in message for message in messages)


def test_banner_lines_never_overlap_when_narrow(qtbot):
    from tokenexplorer.tokens.model import SignatureResult, SignatureStatus
    from tokenexplorer.ui.inspector.signature_banner import SignatureBanner

    # As in the inspector: a column in a splitter (which ignores height-for-width).
    splitter = QtWidgets.QSplitter(Qt.Orientation.Horizontal)
    qtbot.addWidget(splitter)
    column = QtWidgets.QWidget()
    layout = QtWidgets.QVBoxLayout(column)
    banner = SignatureBanner()
    layout.addWidget(banner)
    below = QtWidgets.QListView()
    below.setMinimumHeight(120)  # a crowded column: something below wants its room too
    layout.addWidget(below, 1)
    splitter.addWidget(QtWidgets.QListView())
    splitter.addWidget(column)
    splitter.resize(600, 200)
    splitter.setSizes([300, 300])
    splitter.show()
    long_url = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_" + "x" * 40
    banner.show_result(SignatureResult(SignatureStatus.VALID, "signature matches key k1 " * 12,
                                       key_source=f"Cognito JWKS ({long_url}), fetched now"))

    def lines_apart() -> None:
        reason, source = banner.reason_label.geometry(), banner.source_label.geometry()
        assert reason.bottom() < source.top()
        assert source.bottom() <= banner.contentsRect().bottom()
        assert reason.height() >= banner.reason_label.heightForWidth(reason.width())

    qtbot.waitUntil(lines_apart, timeout=5000)


def test_window_with_panels_fits_a_768_pixel_screen(qtbot):
    from tokenexplorer.ui.app import create_window, install_panels

    window = create_window(remember_layout=False, offline=True)
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    state = install_panels(window)
    window.show_tokens([("ID token", seed_token()), ("Access token", hs256_token())])
    wait_settled(qtbot, window)
    assert window.minimumSizeHint().height() <= 740
    assert window.minimumSizeHint().width() <= 1366
    window.inspector.shutdown()
    state.close()
