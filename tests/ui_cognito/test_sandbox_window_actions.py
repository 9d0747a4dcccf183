"""The window's sandbox actions on a real sandbox (ministack child process, real keyring):
both profiles saved with the M2M secret in the keyring; Reset sandbox…"""

from __future__ import annotations

import pytest

from tokenexplorer import keyring_store
from tokenexplorer.cognito.profiles import ProfileStore, client_secret_for
from tokenexplorer.ui.cognito.install import install_cognito_ui


@pytest.fixture
def window(qtbot):
    from tokenexplorer.ui.main_window import MainWindow

    main = MainWindow()
    qtbot.addWidget(main)
    return main


def start(qtbot, ui):
    with qtbot.waitSignal(ui.sandbox_started, timeout=60000) as blocker:
        ui.start_sandbox()
    if ui.dialog is not None:
        ui.dialog.close()
    return blocker.args[0]


@pytest.mark.keyring
def test_window_saves_both_sandbox_profiles_and_the_m2m_secret(qtbot, window, state,
                                                              isolated_storage,
                                                              secret_service):
    ui = install_cognito_ui(window, state)
    try:
        sandbox = start(qtbot, ui)
        store = ProfileStore(isolated_storage[0] / "profiles.json")  # what is on disk
        assert {"Sandbox", "Sandbox M2M"} <= set(store.names())
        m2m = store.get("Sandbox M2M")
        assert m2m.client_id == sandbox.info.m2m_client_id and m2m.has_client_secret
        stored, _target = keyring_store.client_secret_binding("Sandbox M2M")
        assert stored  # in the keyring, not only in memory
        assert client_secret_for(m2m) == sandbox.info.m2m_client_secret
        assert state.profile.name == "Sandbox"
    finally:
        state.close()


def idp_client(sandbox, *, signed: bool):
    import boto3
    from botocore import UNSIGNED
    from botocore.config import Config

    keys = {"aws_access_key_id": "test", "aws_secret_access_key": "test"} if signed else {}
    config = Config(region_name=sandbox.info.region, retries={"max_attempts": 1},
                    **({} if signed else {"signature_version": UNSIGNED}))
    return boto3.session.Session().client("cognito-idp", endpoint_url=sandbox.endpoint_url,
                                          config=config, **keys)


def usernames(sandbox):
    users = idp_client(sandbox, signed=True).list_users(
        UserPoolId=sandbox.info.user_pool_id)["Users"]
    return {user["Username"] for user in users}


class Answers:
    """Stands in for plain.ask, the confirmation dialog only: records what was asked."""

    def __init__(self, answer):
        self.answer = answer
        self.asked = []

    def __call__(self, parent, title, question, buttons=None, default=None):
        self.asked.append((title, question, default))
        return self.answer


def sign_in(qtbot, ui, sandbox):
    from tests.ui_cognito.conftest import find
    from tokenexplorer.ui.qt import Qt

    ui.open_sign_in(sandbox.info.username, sandbox.info.password)
    with qtbot.waitSignal(ui.session_panel.session_started, timeout=15000):
        qtbot.mouseClick(find(ui.dialog, "Sign in"), Qt.MouseButton.LeftButton)


def test_reset_sandbox_deletes_signed_up_users_and_signs_out(qtbot, window, state,
                                                            monkeypatch):
    from tokenexplorer.ui import plain
    from tokenexplorer.ui.qt import QtWidgets

    standard = QtWidgets.QMessageBox.StandardButton
    ui = install_cognito_ui(window, state)
    window.show()
    action = next(a for a in ui.menu.actions() if a.objectName() == "Reset sandbox")
    try:
        first = start(qtbot, ui)
        idp_client(first, signed=False).sign_up(
            ClientId=first.info.client_id, Username="newcomer", Password="Newcomer-Pass-1",
            UserAttributes=[{"Name": "email", "Value": "newcomer@example.com"}])
        assert "newcomer" in usernames(first)
        sign_in(qtbot, ui, first)
        assert state.session is not None and window.inspected_token() is not None

        no = Answers(standard.No)
        monkeypatch.setattr(plain, "ask", no)
        action.trigger()
        assert no.asked and no.asked[0][2] == standard.No  # No is the default
        assert ui.reset.task is None and state.sandbox is first and first.running()
        assert state.session is not None and "newcomer" in usernames(first)

        yes = Answers(standard.Yes)
        monkeypatch.setattr(plain, "ask", yes)
        action.trigger()
        question = yes.asked[0][1]
        for word in ("pool", "users", "identities", "bucket"):
            assert word in question
        assert state.session is None and window.inspected_token() is None
        qtbot.waitUntil(lambda: ui.reset.task is None, timeout=30000)
        assert not first.running() and state.sandbox is None
        banner = ui.profile_pane.banner
        assert banner.level == "ok"
        assert banner.accessibleDescription() == (
            "The sandbox was reset. Start it again from the Pool pane.")

        second = start(qtbot, ui)
        assert second.info.user_pool_id != first.info.user_pool_id
        assert "newcomer" not in usernames(second)
        assert sandbox_demo_only(second)
    finally:
        if ui.dialog is not None:
            ui.dialog.close()
        state.close()


def sandbox_demo_only(sandbox):
    return usernames(sandbox) == {sandbox.info.username}


def test_reset_refused_while_another_process_runs_the_sandbox(qtbot, window, state,
                                                              monkeypatch):
    """A sandbox the window only attached to (the `tokenexplorer sandbox` command's) keeps
    running; the reset is refused in plain words and nothing is deleted."""
    from tokenexplorer.cognito.sandbox import start_sandbox
    from tokenexplorer.ui import plain
    from tokenexplorer.ui.qt import QtWidgets

    foreign = start_sandbox()
    ui = install_cognito_ui(window, state)
    try:
        attached = start(qtbot, ui)
        assert not attached.owned
        monkeypatch.setattr(plain, "ask", Answers(QtWidgets.QMessageBox.StandardButton.Yes))
        ui.reset.reset()
        qtbot.waitUntil(lambda: ui.reset.task is None, timeout=30000)
        banner = ui.profile_pane.banner
        assert banner.level == "error"
        assert "stop it" in banner.accessibleDescription()
        assert "Traceback" not in banner.accessibleDescription()
        assert foreign.running() and usernames(foreign) == {foreign.info.username}
        assert ui.start_sandbox_action.isEnabled() and ui.reset.action.isEnabled()
    finally:
        state.close()
        foreign.stop()
