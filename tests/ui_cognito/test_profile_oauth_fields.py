"""The profile editor's hosted-UI settings (scopes, callback ports, identity providers, logout
URL): typed, saved to the profiles file, refused with a note when wrong, reverted."""

from __future__ import annotations

import pytest

from tests.ui_cognito.conftest import find
from tokenexplorer.cognito.profiles import Profile, ProfileStore
from tokenexplorer.ui.cognito.profile_pane import ProfilePane
from tokenexplorer.ui.qt import Qt, QtWidgets

NAMES = ("Hosted UI scopes", "Callback ports", "Identity providers", "Logout URL")


@pytest.fixture
def pane(qtbot, state):
    store = ProfileStore()
    store.put(Profile("Work", "eu-west-1", "eu-west-1_AbC123", "abcdef123456"))
    widget = ProfilePane(state, store)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _saved(name="Work"):
    store = ProfileStore()
    store.load()
    return store.get(name)


def _edit(pane, name) -> QtWidgets.QLineEdit:
    edit = find(pane, name, QtWidgets.QLineEdit)
    assert isinstance(edit, QtWidgets.QLineEdit)
    return edit


def _retype(qtbot, edit, text):
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def test_the_four_settings_show_their_defaults_and_are_saved(qtbot, pane, state):
    assert [_edit(pane, n).text() for n in NAMES] == ["openid email profile", "53682", "", ""]
    save = find(pane, "Save profile")
    assert not save.isEnabled()
    _retype(qtbot, _edit(pane, "Hosted UI scopes"), "openid aws.cognito.signin.user.admin")
    _retype(qtbot, _edit(pane, "Callback ports"), "53682, 8400")
    _retype(qtbot, _edit(pane, "Identity providers"), "Google SignInWithApple")
    _retype(qtbot, _edit(pane, "Logout URL"), "https://work.example/bye")
    assert save.isEnabled()
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _saved().callback_ports == (53682, 8400))
    saved = _saved()
    assert saved.hosted_ui_scopes == ("openid", "aws.cognito.signin.user.admin")
    assert saved.identity_providers == ("Google", "SignInWithApple")
    assert saved.logout_uri == "https://work.example/bye"
    qtbot.waitUntil(lambda: not save.isEnabled())

    again = ProfilePane(state, ProfileStore())
    qtbot.addWidget(again)
    again.show()
    assert _edit(again, "Callback ports").text() == "53682, 8400"
    assert _edit(again, "Identity providers").text() == "Google SignInWithApple"


@pytest.mark.parametrize(("name", "text", "words"), [
    ("Callback ports", "70000", "between 1024 and 65535"),
    ("Callback ports", "abc", "not a port number"),
    ("Logout URL", "ftp://work.example/bye", "https"),
    ("Logout URL", "http://work.example/bye", "https"),
])
def test_a_bad_value_shows_its_problem_and_blocks_save(qtbot, pane, name, text, words):
    note = find(pane, f"{name} message", visible=False)
    assert isinstance(note, QtWidgets.QLabel)
    assert not note.isVisible()
    _retype(qtbot, _edit(pane, name), text)
    assert note.isVisible() and words in note.text()
    save = find(pane, "Save profile")
    assert not save.isEnabled()
    assert not pane.save()
    assert _saved().callback_ports == (53682,) and _saved().logout_uri is None
    _retype(qtbot, _edit(pane, name), "https://work.example/bye" if "URL" in name else "8400")
    assert not note.isVisible() and save.isEnabled()


def test_revert_puts_the_hosted_ui_settings_back(qtbot, pane):
    _retype(qtbot, _edit(pane, "Callback ports"), "abc")
    _retype(qtbot, _edit(pane, "Identity providers"), "Facebook")
    revert = find(pane, "Revert profile")
    assert revert.isEnabled()
    qtbot.mouseClick(revert, Qt.MouseButton.LeftButton)
    assert _edit(pane, "Callback ports").text() == "53682"
    assert _edit(pane, "Identity providers").text() == ""
    assert not find(pane, "Callback ports message", visible=False).isVisible()
    assert not revert.isEnabled()


def test_a_new_profile_without_hosted_ui_saves_the_defaults(qtbot, pane):
    assert pane.add_profile("Plain")
    qtbot.keyClicks(find(pane, "User pool ID", QtWidgets.QLineEdit), "eu-west-1_Plain1")
    qtbot.keyClicks(find(pane, "App client ID", QtWidgets.QLineEdit), "plainclient1")
    assert _edit(pane, "Hosted UI domain").text() == ""
    qtbot.mouseClick(find(pane, "Save profile"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _saved("Plain") is not None)
    plain = _saved("Plain")
    assert plain.hosted_ui_domain is None and plain.hosted_ui_scopes == (
        "openid", "email", "profile")
    assert plain.callback_ports == (53682,) and plain.identity_providers == ()
    assert plain.logout_uri is None


def test_tab_goes_through_the_settings_after_the_hosted_ui_domain(pane):
    widget = _edit(pane, "Hosted UI domain")
    order = []
    while len(order) < 5:
        widget = widget.nextInFocusChain()
        if isinstance(widget, QtWidgets.QLineEdit) and widget.isVisible():
            order.append(widget.accessibleName())
    assert order == [*NAMES, "Endpoint URL"]
