"""install_cognito_ui on the real main window: docks, menu, sandbox start, tokens shown."""

from __future__ import annotations

import pytest

from tests.ui_cognito.conftest import find
from tokenexplorer.cognito.ids import is_loopback_http
from tokenexplorer.ui.cognito.install import install_cognito_ui
from tokenexplorer.ui.qt import Qt, QtWidgets


@pytest.fixture
def window(qtbot):
    from tokenexplorer.ui.main_window import MainWindow

    main = MainWindow()
    qtbot.addWidget(main)
    return main


class Recorder:
    """Wraps the window's public methods to see what the controller passed them."""

    def __init__(self, window, monkeypatch):
        self.tokens = []
        self.contexts = []
        original_show, original_ctx = window.show_tokens, window.set_verify_context

        def show_tokens(tokens, **options):
            self.tokens.append(tokens)
            original_show(tokens, **options)

        def set_verify_context(**kwargs):
            self.contexts.append(kwargs)
            original_ctx(**kwargs)

        monkeypatch.setattr(window, "show_tokens", show_tokens)
        monkeypatch.setattr(window, "set_verify_context", set_verify_context)


def test_loopback_detection():
    assert is_loopback_http("http://127.0.0.1:5000")
    assert is_loopback_http("http://localhost:9229/")
    assert is_loopback_http("http://[::1]:80")
    assert not is_loopback_http("https://127.0.0.1:5000")
    assert not is_loopback_http("http://example.com")
    assert not is_loopback_http(None)


def test_install_mounts_docks_and_menu(qtbot, window, state):
    ui = install_cognito_ui(window, state)
    docks = {d.accessibleName(): d for d in window.findChildren(QtWidgets.QDockWidget)}
    assert docks["Pool"].widget() is ui.pool_widget
    assert docks["Activity"].widget() is ui.activity_panel
    assert window.dockWidgetArea(docks["Activity"]) == Qt.DockWidgetArea.BottomDockWidgetArea
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("&Cognito") == titles.index("&Help") - 1
    texts = [a.text() for a in ui.menu.actions() if a.text()]
    assert texts == ["Sign &in…", "Sign &up…", "&Change password…", "Sign &out",
                     "Start &sandbox", "&Reset sandbox…", "Sign in with &hosted UI…",
                     "&Machine-to-machine token…"]
    assert not ui.sign_out_action.isEnabled()


def test_start_sandbox_signs_in_and_shows_tokens(qtbot, window, state, monkeypatch):
    recorder = Recorder(window, monkeypatch)
    ui = install_cognito_ui(window, state)
    window.show()
    ui.session_panel.message.show_message("error", "a stale resume error")
    with qtbot.waitSignal(ui.sandbox_started, timeout=30000) as blocker:
        ui.start_sandbox()
    assert ui.session_panel.message.level == ""  # cleared when the new sandbox started
    sandbox = blocker.args[0]
    try:
        assert state.sandbox is sandbox
        assert state.profile.name == "Sandbox" and state.profile.is_sandbox
        assert find(ui.profile_pane, "Emulator warning").isVisible()
        dialog = ui.dialog
        assert find(dialog, "Username").text() == sandbox.info.username
        assert find(dialog, "Password").text() == sandbox.info.password
        assert find(dialog, "Emulator warning").isVisible()
        with qtbot.waitSignal(ui.session_panel.session_started, timeout=15000):
            qtbot.mouseClick(find(dialog, "Sign in"), Qt.MouseButton.LeftButton)
        sources = [source for source, _ in recorder.tokens[-1]]
        assert sources == ["sign-in as demo (Sandbox)", "sign-in as demo (Sandbox)",
                           "RefreshToken, sign-in as demo (Sandbox)"]
        assert recorder.tokens[-1][0][1] == state.session.tokens.id_token
        assert recorder.contexts[-1] == {
            "client_id": sandbox.info.client_id, "pool_id": sandbox.info.user_pool_id,
            "endpoint_url": sandbox.endpoint_url, "allow_http_jwks": True,
        }
        assert ui.sign_out_action.isEnabled() and ui.change_password_action.isEnabled()
        # Starting again reuses the running emulator.
        assert ui.start_sandbox() is None
        assert state.sandbox is sandbox
    finally:
        if ui.dialog is not None:
            ui.dialog.close()
        state.close()


def test_verify_context_for_real_aws_never_allows_http(qtbot, window, state, monkeypatch):
    from tokenexplorer.cognito.auth import Tokens
    from tokenexplorer.cognito.profiles import Profile

    recorder = Recorder(window, monkeypatch)
    ui = install_cognito_ui(window, state)
    real = Profile("Real", "eu-west-1", "eu-west-1_Real", "realclient")
    ui.show_signed_in_tokens(Tokens("a.b.c", "d.e.f", None, 3600), real)
    assert recorder.tokens[-1] == [("sign-in as unknown user (Real)", "a.b.c"),
                                   ("sign-in as unknown user (Real)", "d.e.f")]
    assert recorder.contexts[-1]["allow_http_jwks"] is False
    assert recorder.contexts[-1]["endpoint_url"] is None


def test_inspector_follows_the_session_refresh_and_sign_out(qtbot, window, state, seeded,
                                                           profile):
    """Sign-in tokens open labelled by source (never "ID token — ID token"); Refresh now puts
    the fresh tokens in the inspector on the same row; sign-out clears them."""
    from tokenexplorer.cognito.auth import CognitoAuth, Tokens
    from tokenexplorer.ui.cognito.signin_dialog import SignInResult

    ui = install_cognito_ui(window, state)
    window.show()
    auth = CognitoAuth(profile)
    tokens = auth.sign_in(seeded.username, seeded.password, "password")
    assert isinstance(tokens, Tokens)
    ui.session_panel.start_session(SignInResult(profile, seeded.username, tokens, False,
                                                "password", auth))
    token_list = window.inspector.token_list
    labels = token_list.labels()
    assert labels[:2] == ["ID token — sign-in as demo (Sandbox)",
                          "Access token — sign-in as demo (Sandbox)"]
    for label in labels:
        kind, source = label.split(" — ", 1)
        assert kind.lower() not in source.lower()

    token_list.setCurrentRow(1)  # the access token
    old_access = tokens.access_token
    other = QtWidgets.QLabel("another tab")
    window.add_tab(other, "Other")
    window.tabs.setCurrentWidget(other)  # a refresh must not pull the user away from it
    with qtbot.waitSignal(ui.session_panel.refreshed, timeout=10000):
        qtbot.mouseClick(find(ui.session_panel, "Refresh now"), Qt.MouseButton.LeftButton)
    assert window.tabs.currentWidget() is other
    fresh = state.session.tokens
    assert fresh.access_token != old_access
    assert window.inspector.current_token().candidate.raw == fresh.access_token
    assert token_list.currentRow() == 1

    ui.session_panel.confirm_global = lambda title, text: True
    with qtbot.waitSignal(ui.session_panel.signed_out, timeout=10000):
        qtbot.mouseClick(find(ui.session_panel, "Sign out"), Qt.MouseButton.LeftButton)
    assert window.inspector.current_token() is None
    assert token_list.labels() == []
    assert ui._shown_tokens == ()


def test_sign_out_keeps_a_token_the_user_pasted_since(qtbot, window, state, seeded, profile):
    from tokenexplorer.cognito.auth import CognitoAuth
    from tokenexplorer.ui.cognito.signin_dialog import SignInResult

    ui = install_cognito_ui(window, state)
    auth = CognitoAuth(profile)
    tokens = auth.sign_in(seeded.username, seeded.password, "password")
    ui.session_panel.start_session(SignInResult(profile, seeded.username, tokens, False,
                                                "password", auth))
    pasted = tokens.id_token  # any other token the user looks at: here a copy by text
    window.show_text("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln")
    qtbot.waitUntil(lambda: window.inspector.current_token() is not None, timeout=5000)
    assert window.inspector.current_token().candidate.raw != pasted
    ui.session_panel.confirm_global = lambda title, text: True
    with qtbot.waitSignal(ui.session_panel.signed_out, timeout=10000):
        ui.session_panel.sign_out()
    assert window.inspector.current_token() is not None  # the user's own token stays


def test_activity_dock_opens_small_at_1366x768(qtbot, window, state):
    install_cognito_ui(window, state)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    docks = {d.accessibleName(): d for d in window.findChildren(QtWidgets.QDockWidget)}
    assert docks["Activity"].height() <= 170
    # First run: the Pool dock offers the two ways in.
    assert find(docks["Pool"], "Start the sandbox").isVisible()
    assert find(docks["Pool"], "Add a pool").isVisible()


def test_sign_in_waits_while_a_new_profile_is_unsaved(qtbot, window, state, profile):
    from tokenexplorer.cognito.profiles import ProfileStore

    store = ProfileStore()
    store.put(profile)
    ui = install_cognito_ui(window, state, store)
    window.show()
    assert ui.sign_in_action.isEnabled()
    assert ui.profile_pane.add_profile("work")
    sign_in = find(ui.session_panel, "Sign in")
    assert not sign_in.isEnabled() and "Save the new profile" in sign_in.toolTip()
    assert not ui.sign_in_action.isEnabled()
    ui.profile_pane.revert()
    assert sign_in.isEnabled() and ui.sign_in_action.isEnabled()
