"""AppState's hop from worker threads to the GUI thread."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from tokenexplorer.activity import ActivityEntry
from tokenexplorer.ui.state import AppState, GuiThreadRelay


def test_the_relay_delivers_later_on_the_gui_thread(qtbot):
    got: list[tuple[object, bool]] = []
    relay = GuiThreadRelay(
        lambda value: got.append((value, threading.current_thread() is threading.main_thread())))
    worker = threading.Thread(target=relay.send, args=(("manager", "credentials"),))
    worker.start()
    worker.join()
    assert got == []  # queued, not run on the worker
    qtbot.waitUntil(lambda: got == [(("manager", "credentials"), True)])


def test_activity_recorded_on_a_worker_reaches_the_state_signal(qtbot):
    state = AppState()
    try:
        with qtbot.waitSignal(state.activity_added, timeout=5000) as signal:
            entry = ActivityEntry(datetime.now(UTC), "cognito-idp", "GetUser",
                                  "https://cognito-idp.example.com", 12.0, "success")
            worker = threading.Thread(target=state.activity.add, args=(entry,))
            worker.start()
            worker.join()
        assert signal.args[0].operation == "GetUser"
    finally:
        state.close()
