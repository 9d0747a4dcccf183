"""Secret exfiltration by retargeting, in the window: changing a profile's endpoint asks
what will be forgotten, keeps everything on "no", forgets the secrets on "yes"."""

from __future__ import annotations

import uuid

import pytest

from tests.ui_cognito.conftest import find
from tokenexplorer import keyring_store
from tokenexplorer.cognito.binding import target_of
from tokenexplorer.cognito.profiles import Profile, ProfileStore
from tokenexplorer.ui.cognito import profile_save
from tokenexplorer.ui.cognito.profile_pane import ProfilePane
from tokenexplorer.ui.qt import Qt, QtWidgets

NEW_ENDPOINT = "http://127.0.0.1:9"


def _question(qtbot) -> QtWidgets.QMessageBox:
    found: list[QtWidgets.QMessageBox] = []

    def shown() -> bool:
        found[:] = [w for w in QtWidgets.QApplication.topLevelWidgets()
                    if isinstance(w, QtWidgets.QMessageBox) and w.isVisible()
                    and w.accessibleName() == profile_save.DIALOG_NAME]
        return len(found) == 1

    qtbot.waitUntil(shown, timeout=10000)
    return found[0]


def _click(qtbot, box: QtWidgets.QMessageBox, name: str) -> None:
    button = next(b for b in box.buttons() if b.accessibleName() == name)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.fixture
def remembered(qtbot, state):
    if not keyring_store.refresh_status().usable:
        pytest.fail(f"keyring tests need a Secret Service: {keyring_store.keyring_status()}")
    store = ProfileStore()
    name = f"gui-{uuid.uuid4().hex[:8]}"
    profile = store.put(Profile(name, "eu-west-1", "eu-west-1_AbC123", "abcdef123456"))
    assert store.set_client_secret(name, "gui-client-secret-" + name) == "keyring"
    keyring_store.save_refresh_token(name, "alice", "rt-" + name, target=target_of(profile))
    pane = ProfilePane(state, store)
    qtbot.addWidget(pane)
    pane.show()
    pane.select(name)
    yield pane, store, store.get(name)
    keyring_store.delete_profile_entries(name)


@pytest.mark.keyring
def test_retargeting_in_the_window_asks_keeps_on_no_and_forgets_on_yes(qtbot, remembered):
    pane, store, profile = remembered
    endpoint = find(pane, "Endpoint URL")
    endpoint.clear()
    qtbot.keyClicks(endpoint, NEW_ENDPOINT)
    qtbot.mouseClick(find(pane, "Save profile"), Qt.MouseButton.LeftButton)

    box = _question(qtbot)
    text = f"{box.text()} {box.informativeText()}"
    assert "the remembered session of alice and the client secret" in text
    assert "endpoint URL" in text and NEW_ENDPOINT.replace("9", "") in text
    assert box.textFormat() == Qt.TextFormat.PlainText
    _click(qtbot, box, profile_save.KEEP_BUTTON)
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=5000)
    assert store.get(profile.name) == profile  # nothing saved, nothing forgotten
    assert keyring_store.load_refresh_token(profile.name, target=target_of(profile))
    assert store.client_secret_for(profile) == "gui-client-secret-" + profile.name

    qtbot.mouseClick(find(pane, "Save profile"), Qt.MouseButton.LeftButton)
    _click(qtbot, _question(qtbot), profile_save.FORGET_BUTTON)
    qtbot.waitUntil(lambda: store.get(profile.name).endpoint_url == NEW_ENDPOINT
                    and keyring_store.stored_sessions(profile.name) == []
                    and keyring_store.client_secret_binding(profile.name) == (False, None)
                    and not store.get(profile.name).has_client_secret, timeout=10000)


@pytest.mark.keyring
def test_a_change_that_keeps_the_target_saves_without_asking(qtbot, remembered):
    pane, store, profile = remembered
    bucket = find(pane, "Bucket")
    qtbot.keyClicks(bucket, "some-bucket")
    assert pane.save() is True
    assert store.get(profile.name).bucket == "some-bucket"
    assert keyring_store.load_refresh_token(profile.name, target=target_of(profile))
