"""The window's hosted-UI section against the engine: the test replaces the system browser
with one that plays it (GET the page, submit the form, follow the redirect)."""

from __future__ import annotations

import threading

import pytest
from hosted_helpers import browser_sign_in, follow, port_is_free

from tests.ui_cognito.conftest import find
from tokenexplorer.cognito.profiles import ProfileStore
from tokenexplorer.ui.cognito.install import install_cognito_ui
from tokenexplorer.ui.qt import QtWidgets


@pytest.fixture
def window(qtbot):
    from tokenexplorer.ui.main_window import MainWindow

    main = MainWindow()
    qtbot.addWidget(main)
    return main


class Browser:
    """Stands in for QDesktopServices: plays the browser on a thread, like a real one."""

    def __init__(self, answer: bool = True, sign_in: bool = True) -> None:
        self.urls: list[str] = []
        self.answer, self.sign_in = answer, sign_in
        self.threads: list[threading.Thread] = []

    def __call__(self, url: str) -> bool:
        self.urls.append(url)
        if self.sign_in and "/oauth2/authorize" in url:
            thread = threading.Thread(target=lambda: follow(browser_sign_in(url)))
            thread.start()
            self.threads.append(thread)
        return self.answer


def _mount(qtbot, window, state, hosted, **changes):
    profile = hosted.profile(**changes)
    ProfileStore().put(profile)
    ui = install_cognito_ui(window, state)
    state.set_profile(profile)
    window.show()
    panel = ui.hosted.panel
    return ui, panel, profile


def test_hosted_ui_sign_in_lands_in_the_inspector(qtbot, window, state, hosted):
    ui, panel, _ = _mount(qtbot, window, state, hosted, identity_providers=("Google",))
    browser = Browser()
    panel.runner.open_url = browser
    shown: list[list[tuple[str, str]]] = []
    original = window.show_tokens
    window.show_tokens = lambda tokens, **kw: (shown.append(list(tokens)), original(tokens, **kw))
    assert find(panel, "Sign in with Google", QtWidgets.QPushButton).isEnabled()
    qtbot.mouseClick(find(panel, "Sign in with hosted UI", QtWidgets.QPushButton),
                     qtbot_button())
    qtbot.waitUntil(lambda: state.session is not None, timeout=15000)
    assert not find(panel, "Cancel hosted-UI sign-in", visible=False).isVisible()
    labels = [label for label, _raw in shown[-1]]
    assert labels[0] == "hosted UI sign-in as hosted-user (Hosted)"
    assert port_is_free(hosted.port)
    checks = window.findChildren(QtWidgets.QTreeView)
    named = next(c for c in checks if c.accessibleName() == "Checks")
    qtbot.waitUntil(lambda: any(r.name == "nonce" and r.result == "passed"
                                for r in named.checks_model.rows()), timeout=8000)
    # userInfo, then sign-out (revoke) with the explanation of /logout.
    qtbot.mouseClick(find(panel, "Fetch userInfo", QtWidgets.QPushButton), qtbot_button())
    qtbot.waitUntil(lambda: panel.findChild(QtWidgets.QDialog) is not None
                    or ui.hosted.dialog is not None, timeout=8000)
    text = find(ui.hosted.dialog, "userInfo answer", QtWidgets.QPlainTextEdit).toPlainText()
    assert "hosted@example.com" in text
    ui.hosted.dialog.close()
    qtbot.mouseClick(find(panel, "Sign out of hosted UI", QtWidgets.QPushButton),
                     qtbot_button())
    qtbot.waitUntil(lambda: state.session is None, timeout=8000)
    assert "browser may still be signed in" in panel.message.text()
    for thread in browser.threads:
        thread.join(5)


def qtbot_button():
    from tokenexplorer.ui.qt import Qt

    return Qt.MouseButton.LeftButton


def test_cancel_frees_the_port_and_says_so(qtbot, window, state, hosted):
    _ui, panel, _ = _mount(qtbot, window, state, hosted)
    browser = Browser(answer=False, sign_in=False)
    panel.runner.open_url = browser
    panel.start()
    link = find(panel, "Hosted-UI sign-in link", QtWidgets.QLineEdit, visible=False)
    qtbot.waitUntil(lambda: link.isVisible(), timeout=8000)
    assert link.text() == browser.urls[0] and "code_challenge=" in link.text()
    cancel = find(panel, "Cancel hosted-UI sign-in", QtWidgets.QPushButton)
    qtbot.mouseClick(cancel, qtbot_button())
    assert not cancel.isVisible() and not link.isVisible()
    qtbot.waitUntil(lambda: port_is_free(hosted.port), timeout=5000)
    assert find(panel, "Sign in with hosted UI", QtWidgets.QPushButton).isEnabled()
    assert state.session is None


def test_errors_are_explained_in_the_panel(qtbot, window, state, hosted):
    _ui, panel, _ = _mount(qtbot, window, state, hosted, identity_providers=("Google",))
    panel.runner.open_url = Browser()
    qtbot.mouseClick(find(panel, "Sign in with Google", QtWidgets.QPushButton), qtbot_button())
    qtbot.waitUntil(lambda: panel.message.level == "error", timeout=8000)
    assert "Google" in panel.message.text()
    assert port_is_free(hosted.port)


def test_no_domain_disables_the_buttons(qtbot, window, state, hosted):
    _ui, panel, _ = _mount(qtbot, window, state, hosted, hosted_ui_domain=None,
                           endpoint_url=None)
    assert not find(panel, "Sign in with hosted UI", QtWidgets.QPushButton).isEnabled()
    assert "hosted-UI domain" in panel.intro.text()


def test_machine_token_goes_to_the_inspector(qtbot, window, state, hosted, secret_service):
    store = ProfileStore()
    profile = hosted.m2m_profile()
    store.put(profile)
    store.set_client_secret(profile.name, hosted.m2m_secret)
    ui = install_cognito_ui(window, state)
    state.set_profile(store.get(profile.name))
    window.show()
    shown: list[list[tuple[str, str]]] = []
    original = window.show_tokens
    window.show_tokens = lambda tokens, **kw: (shown.append(list(tokens)), original(tokens, **kw))
    dialog = ui.hosted.open_machine_token()
    find(dialog, "Scopes", QtWidgets.QLineEdit).setText("sandbox-api/read")
    qtbot.mouseClick(find(dialog, "Get token", QtWidgets.QPushButton), qtbot_button())
    qtbot.waitUntil(lambda: bool(shown), timeout=8000)
    assert shown[-1][0][0] == "machine-to-machine (M2M)"
