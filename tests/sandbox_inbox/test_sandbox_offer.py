"""Selecting the Sandbox profile while its engine is down offers to start it, in the pane."""

from __future__ import annotations

import pytest
from inbox_helpers import sandbox_profile

from tests.ui_cognito.conftest import find
from tokenexplorer.cognito.profiles import Profile, ProfileStore
from tokenexplorer.ui.cognito.sandbox_offer import DOWN_TEXT
from tokenexplorer.ui.qt import Qt


@pytest.fixture
def pane_for(qtbot, state):
    from tokenexplorer.ui.cognito.profile_pane import ProfilePane

    def make(*profiles: Profile, last: str = "Sandbox") -> ProfilePane:
        store = ProfileStore()
        for profile in profiles:
            store.put(profile)
        store.last_used = last
        pane = ProfilePane(state, store)
        qtbot.addWidget(pane)
        pane.show()
        return pane

    return make


def test_a_dead_sandbox_endpoint_shows_the_notice(qtbot, pane_for, closed_url):
    pane = pane_for(sandbox_profile(closed_url))
    offer = pane.sandbox_offer
    qtbot.waitUntil(offer.isVisible, timeout=5000)
    assert find(pane, "Sandbox status").text() == DOWN_TEXT
    with qtbot.waitSignal(pane.start_sandbox_requested, timeout=2000):
        qtbot.mouseClick(find(pane, "Start the sandbox"), Qt.MouseButton.LeftButton)


def test_a_running_sandbox_or_another_profile_shows_no_notice(qtbot, pane_for, moto_endpoint,
                                                              closed_url):
    aws = Profile(name="AWS", region="eu-west-1", user_pool_id="eu-west-1_abcdefghi",
                  client_id="b" * 26)
    pane = pane_for(sandbox_profile(moto_endpoint), aws)
    offer = pane.sandbox_offer
    qtbot.waitUntil(lambda: not offer.checking, timeout=5000)
    assert not offer.isVisible()
    # A profile pointing at a dead port, but not the Sandbox one: nothing to start.
    other = pane_for(Profile(name="Mine", region="us-east-1",
                             user_pool_id="us-east-1_abcdefghi", client_id="c" * 26,
                             endpoint_url=closed_url), last="Mine")
    assert not other.sandbox_offer.checking and not other.sandbox_offer.isVisible()


def test_choosing_another_profile_hides_the_notice_and_drops_a_late_answer(qtbot, pane_for,
                                                                           closed_url):
    aws = Profile(name="AWS", region="eu-west-1", user_pool_id="eu-west-1_abcdefghi",
                  client_id="b" * 26)
    pane = pane_for(sandbox_profile(closed_url), aws)
    offer = pane.sandbox_offer
    qtbot.waitUntil(offer.isVisible, timeout=5000)
    pane.select("AWS")
    assert not offer.isVisible()
    # Back to the Sandbox and away again before its answer is delivered (answers arrive
    # on the GUI thread, which runs nothing between these two calls): the answer is stale.
    with qtbot.waitSignal(offer.answered, timeout=5000) as late:
        pane.select("Sandbox")
        pane.select("AWS")
    assert late.args == [closed_url, False]
    assert not offer.isVisible() and not offer.checking


def test_start_the_sandbox_from_the_notice_uses_the_app_start_path(qtbot, state, closed_url):
    from tokenexplorer.ui.cognito.install import install_cognito_ui
    from tokenexplorer.ui.main_window import MainWindow

    store = ProfileStore()
    store.put(sandbox_profile(closed_url))
    store.last_used = "Sandbox"
    window = MainWindow(remember_layout=False)
    qtbot.addWidget(window)
    ui = install_cognito_ui(window, state, store)
    window.show()
    offer = ui.profile_pane.sandbox_offer
    qtbot.waitUntil(offer.isVisible, timeout=5000)
    with qtbot.waitSignal(ui.sandbox_started, timeout=60000) as started:
        qtbot.mouseClick(find(offer, "Start the sandbox"), Qt.MouseButton.LeftButton)
        assert find(offer, "Start the sandbox").text() == "Starting the sandbox…"
    sandbox = started.args[0]
    try:
        assert state.sandbox is sandbox and state.profile.is_sandbox
        assert state.profile.endpoint_url == sandbox.endpoint_url != closed_url
        qtbot.waitUntil(lambda: not offer.checking, timeout=5000)
        assert not offer.isVisible()
    finally:
        if ui.dialog is not None:
            ui.dialog.close()
