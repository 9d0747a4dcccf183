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
