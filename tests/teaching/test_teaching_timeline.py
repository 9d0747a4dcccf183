"""The timeline model: a real session (SRP sign-in, a refresh) with identity-pool credentials,
and the model's rules on made-up claims."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.teaching.teaching_helpers import srp_sign_in, teaching_pool
from tokenexplorer.activity import ActivityLog
from tokenexplorer.aws.clients import AwsCredentials
from tokenexplorer.aws.identity_credentials import IdentityCredentials
from tokenexplorer.cognito.session import Session, jwt_claims
from tokenexplorer.teaching.timeline import (
    TokenHistory,
    build_timeline,
    describe,
    generation,
    relative,
    timeline_for,
)


def test_timeline_of_a_session_with_a_refresh_and_credentials(moto_endpoint):
    from tokenexplorer.aws.credentials import get_authenticated_credentials

    profile = teaching_pool(moto_endpoint)
    log = ActivityLog()
    signed_in = srp_sign_in(profile, log)
    session = Session(signed_in.auth, signed_in.tokens, profile_name=profile.name)
    history = TokenHistory()
    first = timeline_for(history, session, None, now=datetime.now(UTC).timestamp())
    assert first.lanes == ("ID token", "Access token", "Session")
    first_access = jwt_claims(signed_in.tokens.access_token)

    fresh = session.refresh()
    creds = get_authenticated_credentials(profile, fresh.id_token, activity=log)
    now = datetime.now(UTC).timestamp()
    line = timeline_for(history, session, creds, now)

    assert line.lanes == ("ID token", "Access token", "Session", "AWS credentials")
    access = [s for s in line.spans if s.lane == "Access token"]
    # The sign-in's token stays on the axis, marked replaced; the refreshed one is current.
    assert [s.current for s in access] == [False, True]
    assert (access[0].start, access[0].end) == (first_access["iat"], first_access["exp"])
    fresh_access = jwt_claims(fresh.access_token)
    assert (access[1].start, access[1].end) == (fresh_access["iat"], fresh_access["exp"])
    session_marks = [m.label for m in line.marks if m.lane == "Session"]
    assert session_marks == ["sign-in", "refresh"]
    refresh = next(m for m in line.marks if m.label == "refresh")
    assert abs(refresh.at - now) < 30
    signed = next(m for m in line.marks if m.label == "sign-in")
    assert signed.at == first_access["auth_time"]
    credential = next(s for s in line.spans if s.lane == "AWS credentials")
    assert credential.end == creds.expiration.timestamp()
    assert credential.label == "authenticated credentials"
    assert {m.label for m in line.marks if m.lane == "AWS credentials"} == {"issued", "expires"}
    # The axis holds everything, and now.
    every = [m.at for m in line.marks] + [line.now]
    assert line.start < min(every) and max(every) < line.end
    assert 0 < line.fraction(now) < 1
    text = describe(line)
    assert text[3].startswith("AWS credentials: issued ") and "expires" in text[3]


def test_signed_out_the_tokens_stay_but_no_refreshes_are_read():
    history = TokenHistory()
    history.observe({"iat": 1000, "exp": 4600, "jti": "a"}, {})
    line = timeline_for(history, None, None, now=2000)
    assert line.lanes == ("ID token",)
    assert [(m.label, m.at) for m in line.marks] == [("iat", 1000), ("exp", 4600)]


def test_hostile_or_missing_times_are_ignored():
    assert generation("ID token", {"iat": "yesterday", "exp": True}) is None
    assert generation("ID token", {"iat": 10**15}) is None  # after the year 3000
    found = generation("Access token", {"iat": 100, "exp": 50})
    assert found is not None
    line = build_timeline([found], [], None, now=100)
    assert line.spans == ()  # exp before iat: no lifetime drawn, the two instants are
    assert [m.label for m in line.marks] == ["exp", "iat"]


def test_history_is_bounded_and_keeps_the_newest():
    history = TokenHistory()
    for n in range(30):
        history.observe({}, {"iat": 1000 + n, "exp": 2000 + n, "jti": f"j{n}"})
    kept = history.generations()
    assert len(kept) == 20 and kept[-1].key == "j29" and kept[0].key == "j10"


def test_credentials_alone_and_an_empty_timeline():
    issued = datetime(2026, 1, 1, tzinfo=UTC)
    creds = IdentityCredentials("us-east-1:x", "guest", AwsCredentials("AKIA", "secret"),
                                issued + timedelta(minutes=15), issued_at=issued)
    line = build_timeline([], [], creds, now=issued.timestamp() + 60)
    assert line.lanes == ("AWS credentials",) and line.spans[0].label == "guest credentials"
    assert build_timeline([], [], None, now=5.0).empty


def test_relative_times_read_naturally():
    assert relative(160, 100) == "in 1 min"
    assert relative(100, 3700) == "1 h ago"
    assert relative(100.4, 100) == "now"
    assert relative(100, 100 + 3 * 86400) == "3 d ago"
