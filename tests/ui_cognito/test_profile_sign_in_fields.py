"""The profile editor's sign-in settings: "Refresh tokens rotate" and the preferred first
factor, saved to the profiles file, shown again on reload, reverted with Revert."""

from __future__ import annotations

import pytest

from tests.ui_cognito.conftest import find
from tokenexplorer.cognito.profiles import Profile, ProfileStore
from tokenexplorer.ui.cognito.profile_pane import ProfilePane
from tokenexplorer.ui.qt import Qt, QtWidgets


@pytest.fixture
def pane(qtbot, state):
    store = ProfileStore()
    store.put(Profile("Work", "eu-west-1", "eu-west-1_AbC123", "abcdef123456"))
    widget = ProfilePane(state, store)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _saved():
    store = ProfileStore()
    store.load()
    return store.get("Work")


def test_sign_in_settings_are_saved_and_shown_again(qtbot, pane, state):
    rotate = find(pane, "Refresh tokens rotate", QtWidgets.QCheckBox)
    combo = find(pane, "Preferred first factor", QtWidgets.QComboBox)
    save = find(pane, "Save profile")
    assert not rotate.isChecked() and combo.currentData() == "" and not save.isEnabled()
    qtbot.mouseClick(rotate, Qt.MouseButton.LeftButton)
    combo.setCurrentIndex(combo.findData("EMAIL_OTP"))
    assert save.isEnabled()
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _saved().rotate_refresh_tokens)
    assert _saved().preferred_challenge == "EMAIL_OTP"
    qtbot.waitUntil(lambda: not save.isEnabled())

    again = ProfilePane(state, ProfileStore())
    qtbot.addWidget(again)
    again.show()
    assert find(again, "Refresh tokens rotate", QtWidgets.QCheckBox).isChecked()
    assert find(again, "Preferred first factor", QtWidgets.QComboBox).currentData() == \
        "EMAIL_OTP"


def test_revert_puts_the_sign_in_settings_back(qtbot, pane):
    rotate = find(pane, "Refresh tokens rotate", QtWidgets.QCheckBox)
    combo = find(pane, "Preferred first factor", QtWidgets.QComboBox)
    combo.setCurrentIndex(combo.findData("PASSWORD_SRP"))
    qtbot.mouseClick(rotate, Qt.MouseButton.LeftButton)
    revert = find(pane, "Revert profile")
    assert revert.isEnabled()
    qtbot.mouseClick(revert, Qt.MouseButton.LeftButton)
    assert not rotate.isChecked() and combo.currentData() == ""
    assert not revert.isEnabled()
