"""When the window renews a session by itself (cognito.renewal), with a real Session and
a clock the test moves: due before expiry, one at a time, 30 s of quiet after a failure."""

from __future__ import annotations

import base64
import json

from tokenexplorer.cognito.auth import Tokens
from tokenexplorer.cognito.renewal import RETRY_AFTER_FAILED_REFRESH_S, RenewalSchedule
from tokenexplorer.cognito.session import Session


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def jwt(claims: dict) -> str:
    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'RS256'})}.{part(claims)}.c2ln"


def session_for(clock: Clock, refresh_token: str | None = "refresh") -> Session:
    claims = {"cognito:username": "ada", "exp": int(clock.now + 3600), "token_use": "id"}
    tokens = Tokens(jwt(claims), jwt({**claims, "token_use": "access"}), refresh_token, 3600)
    return Session(None, tokens, profile_name="p", clock=clock)  # no calls: no auth


def test_due_only_shortly_before_expiry():
    clock = Clock()
    session = session_for(clock)
    schedule = RenewalSchedule(clock)
    assert session.username == "ada" and session.lifetime == 3600
    assert not schedule.due(session)
    clock.now = session.refresh_at() - 1
    assert not schedule.due(session)
    clock.now = session.refresh_at()
    assert schedule.due(session)


def test_one_refresh_at_a_time_and_quiet_after_a_failure():
    clock = Clock()
    session = session_for(clock)
    schedule = RenewalSchedule(clock)
    clock.now = session.expires_at - 10
    schedule.started()
    assert not schedule.due(session)
    schedule.failed()
    assert not schedule.due(session)
    clock.now += RETRY_AFTER_FAILED_REFRESH_S - 1
    assert not schedule.due(session)
    clock.now += 1
    assert schedule.due(session)
    schedule.started()
    schedule.succeeded()
    assert schedule.due(session)  # the session itself says so until its tokens are new


def test_a_success_ends_the_quiet_after_a_failure():
    """A manual Refresh now that works: the next automatic one need not wait 30 s."""
    clock = Clock()
    session = session_for(clock)
    schedule = RenewalSchedule(clock)
    clock.now = session.expires_at - 10
    schedule.failed()
    clock.now += 1
    schedule.started()
    schedule.succeeded()
    assert schedule.due(session)


def test_a_new_session_forgets_the_failure():
    clock = Clock()
    session = session_for(clock)
    schedule = RenewalSchedule(clock)
    clock.now = session.expires_at - 10
    schedule.failed()
    assert not schedule.due(session)
    schedule.reset()
    assert schedule.due(session)


def test_never_due_without_a_session_a_refresh_token_or_tokens():
    clock = Clock()
    schedule = RenewalSchedule(clock)
    assert not schedule.due(None)
    without = session_for(clock, refresh_token=None)
    clock.now = without.expires_at
    assert not schedule.due(without)
    signed_out = session_for(clock)
    signed_out.clear()
    assert not schedule.due(signed_out)


def test_the_session_reads_its_claims_with_the_one_decoder():
    """A token the strict decoder refuses gives no claims, not a guess (expiry by ExpiresIn)."""
    from tokenexplorer.cognito.session import jwt_claims

    clock = Clock()
    good = jwt({"cognito:username": "ada", "exp": 5})
    assert jwt_claims(good)["cognito:username"] == "ada"
    assert jwt_claims("not a token") == {}
    assert jwt_claims(good.replace(".", "!.", 1)) == {}  # not base64url: refused, not skipped
    jwe_header = base64.urlsafe_b64encode(b'{"alg":"RSA-OAEP","enc":"A256GCM"}').rstrip(b"=")
    assert jwt_claims(f"{jwe_header.decode()}.AAAA.AAAA.AAAA.AAAA") == {}  # encrypted: none
    tokens = Tokens("junk", "junk", "r", 600)
    assert Session(None, tokens, profile_name="p", clock=clock).expires_at == clock.now + 600
