"""The Lessons pane ticks steps from the window's real events, explains them, resets."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import jwt

from tokenexplorer.activity import ActivityEntry
from tokenexplorer.ui.app import install_panels
from tokenexplorer.ui.main_window import MainWindow
from tokenexplorer.ui.qt import QtWidgets


def _find(root, cls, name):
    for widget in root.findChildren(cls):
        if widget.accessibleName() == name:
            return widget
    raise AssertionError(f"no {cls.__name__} named {name!r}")


def _window(qtbot):
    window = MainWindow(remember_layout=False)
    qtbot.addWidget(window)
    state = install_panels(window)
    window.show()
    dock = _find(window, QtWidgets.QDockWidget, "Lessons")
    dock.show()
    qtbot.waitUntil(lambda: window.findChildren(QtWidgets.QComboBox) and any(
        w.accessibleName() == "Lesson" for w in window.findChildren(QtWidgets.QComboBox)))
    return window, state


def _choose(window, lesson_title):
    picker = _find(window, QtWidgets.QComboBox, "Lesson")
    picker.setCurrentIndex(picker.findText(lesson_title))
    return _find(window, QtWidgets.QListWidget, "Lesson steps")


def _call(state, operation, outcome="success"):
    state.activity.add(ActivityEntry(time=datetime.now(UTC), service="cognito-idp",
                                     operation=operation, endpoint="", duration_ms=1.0,
                                     outcome=outcome))


def test_steps_tick_from_activity_and_views_and_can_be_reset(qtbot):
    window, state = _window(qtbot)
    steps = _choose(window, "Tokens of a user pool")
    assert steps.item(0).text().startswith("→ 1.")
    _call(state, "ConfirmSignUp")  # not yet: step 1 waits for SignUp
    _call(state, "SignUp", "InvalidPasswordException")
    qtbot.wait(50)
    assert steps.item(0).text().startswith("→")
    _call(state, "SignUp")
    qtbot.waitUntil(lambda: steps.item(0).text().startswith("✓"))
    happened = _find(window, QtWidgets.QLabel, "What just happened")
    assert "CodeDeliveryDetails" in happened.text()
    _call(state, "ConfirmSignUp")
    qtbot.waitUntil(lambda: steps.item(1).text().startswith("✓"))
    steps.setCurrentRow(0)
    _find(window, QtWidgets.QPushButton, "Reset step").click()
    assert steps.item(0).text().startswith("→") and steps.item(1).text().startswith("·")


def test_show_me_opens_the_view_the_step_points_at(qtbot):
    window, state = _window(qtbot)
    _choose(window, "Tokens of a user pool")
    _call(state, "SignUp")
    qtbot.waitUntil(lambda: _find(window, QtWidgets.QPushButton, "Show me").isEnabled())
    activity = _find(window, QtWidgets.QDockWidget, "Activity")
    activity.hide()
    _find(window, QtWidgets.QPushButton, "Show me").click()
    assert activity.isVisible()


def test_the_inspectors_real_verdict_completes_a_step_and_only_the_current_one(qtbot, tmp_path):
    """An alg:none token shown in the real inspector: step 1 of "Spot the forgery" (tampered)
    stays, while a lesson whose current step waits for an unsecured token completes."""
    from tokenexplorer.lessons.library import load_library
    from tokenexplorer.ui.lessons.lessons_pane import LessonsPane

    window, state = _window(qtbot)
    steps = _choose(window, "Spot the forgery")
    (tmp_path / "one.json").write_text(json.dumps({
        "id": "one", "title": "One", "summary": "s", "steps": [
            {"id": "a", "title": "Unsigned", "do": "d", "why": "w", "explain": "Seen unsigned.",
             "waits_for": {"event": "token_checked", "signature": "unsecured"}}]}))
    own = LessonsPane(state, window.window_events, load_library(tmp_path))
    qtbot.addWidget(own)
    now = int(time.time())
    window.show_text(jwt.encode({"sub": "u", "exp": now + 3600}, None, "none"))
    own_steps = _find(own, QtWidgets.QListWidget, "Lesson steps")
    qtbot.waitUntil(lambda: own_steps.item(0).text().startswith("✓"), timeout=10000)
    assert "Seen unsigned." in _find(own, QtWidgets.QLabel, "What just happened").text()
    assert steps.item(0).text().startswith("→")  # tampered: not what the verifier said
