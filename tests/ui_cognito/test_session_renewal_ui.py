"""The session panel's automatic refresh against a server that is down (a closed port):
the failure is said, and the next attempt waits the core's 30 s, not the next tick."""

from __future__ import annotations

import base64
import json
import socket

from tests.ui_cognito.conftest import find
from tokenexplorer.cognito.auth import CognitoAuth, Tokens
from tokenexplorer.cognito.profiles import Profile
from tokenexplorer.cognito.renewal import RETRY_AFTER_FAILED_REFRESH_S
from tokenexplorer.cognito.session import Session
from tokenexplorer.ui.cognito.session_panel import SessionPanel


class Clock:
    def __init__(self) -> None:
        self.now = 2_000_000_000.0

    def __call__(self) -> float:
        return self.now


def jwt(claims: dict) -> str:
    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'RS256'})}.{part(claims)}.c2ln"


def test_a_failed_refresh_is_said_and_retried_only_after_the_quiet(qtbot, state):
    with socket.socket() as probe:  # nothing listens here: the server is down
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    profile = Profile("Down", "us-east-1", "us-east-1_DownDown", "client1234",
                      endpoint_url=f"http://127.0.0.1:{port}")
    clock = Clock()
    claims = {"cognito:username": "ada", "exp": int(clock.now + 3600), "token_use": "id"}
    tokens = Tokens(jwt(claims), jwt({**claims, "token_use": "access"}), "refresh", 3600)
    session = Session(CognitoAuth(profile), tokens, profile_name="Down", clock=clock)
    panel = SessionPanel(state, clock=clock)
    qtbot.addWidget(panel)
    panel.show()
    state.set_session(session)
    attempts: list[bool] = []
    panel.renewal.started.connect(lambda: attempts.append(True))

    clock.now = session.refresh_at() + 1  # due: the next tick refreshes by itself
    panel.tick()
    assert len(attempts) == 1
    qtbot.waitUntil(lambda: panel.message.level == "error", timeout=15000)
    assert panel.message.text().startswith("Refresh failed:")
    assert find(panel, "Refresh now").isEnabled()
    assert "Refreshing" not in find(panel, "Token lifetime").text()

    for _ in range(3):  # every second, still due, but the server was just asked
        clock.now += 1
        panel.tick()
    assert len(attempts) == 1
    clock.now += RETRY_AFTER_FAILED_REFRESH_S
    panel.tick()
    assert len(attempts) == 2
    qtbot.waitUntil(lambda: not panel.renewal.schedule.running, timeout=15000)
