"""The renewal policy without Qt: which ID token a renewal uses, when to renew and retry.

Sessions are real (cognito.session.Session signed in to the emulator, conftest's
`session_of`); only their clock is moved, so "refresh is due" can be reached without waiting.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tokenexplorer.activity import ActivityLog
from tokenexplorer.aws import renewal
from tokenexplorer.aws.clients import AwsCredentials
from tokenexplorer.aws.credentials_errors import CLEARED, NO_ID_TOKEN, CredentialsError
from tokenexplorer.aws.identity_credentials import IdentityCredentials


def _refreshes(log: ActivityLog) -> int:
    return [entry.operation for entry in log.entries()].count("InitiateAuth") - 1  # the sign-in


def _credentials(lifetime: float, now: datetime) -> IdentityCredentials:
    return IdentityCredentials(
        identity_id="us-east-1:x", kind="guest", credentials=AwsCredentials("AKIA", "s", "t"),
        expiration=now + timedelta(seconds=lifetime), issued_at=now)


def test_the_id_token_is_taken_as_it_is_while_the_session_is_fresh(session_of):
    session, log, _ = session_of()
    assert renewal.id_token_from_session(session) == session.tokens.id_token
    assert _refreshes(log) == 0


def test_the_session_is_refreshed_first_when_refresh_is_due(session_of):
    session, log, clock = session_of()
    clock.now = session.refresh_at() + 1
    assert session.refresh_due()
    token = renewal.id_token_from_session(session)
    assert _refreshes(log) == 1  # a real REFRESH_TOKEN_AUTH at the emulator
    assert token == session.tokens.id_token


def test_no_session_no_token():
    assert renewal.id_token_from_session(None) is None
    assert renewal.session_user(None) is None


def test_the_session_user_is_the_tokens_subject(session_of):
    session, _, _ = session_of()
    assert renewal.session_user(session) == session.claims["sub"]
    assert renewal.session_user(session) != session.username  # sub, not the name


def test_the_supplier_refuses_once_another_user_is_signed_in(session_of):
    demo, _, _ = session_of()
    current = [demo]
    supply = renewal.id_token_supplier(lambda: current[0])
    assert supply() == demo.tokens.id_token
    current[0], _, _ = session_of("alice")
    with pytest.raises(CredentialsError) as caught:
        supply()
    assert caught.value.code == CLEARED
    current[0] = None  # signed out
    with pytest.raises(CredentialsError) as caught:
        supply()
    assert caught.value.code == CLEARED


def test_the_supplier_says_when_the_session_has_no_id_token(session_of):
    session, _, _ = session_of()
    supply = renewal.id_token_supplier(lambda: session)
    session.clear()  # the same session object, its tokens gone
    with pytest.raises(CredentialsError) as caught:
        supply()
    assert caught.value.code == NO_ID_TOKEN


def test_renewal_is_scheduled_before_expiry_and_retried_while_valid():
    now = datetime.now(UTC)
    hour = _credentials(3600, now)
    assert renewal.renew_delay(hour, now) == pytest.approx(3300)
    assert renewal.retry_delay(hour, now) == renewal.RETRY_AFTER_FAILED_RENEWAL_S
    late = now + timedelta(seconds=3601)
    assert renewal.renew_delay(hour, late) == 0
    assert renewal.retry_delay(hour, late) is None  # expired: nothing to keep alive
    assert renewal.retry_delay(None, now) is None


def test_the_countdown_says_when_renewal_is_due_and_when_they_expired():
    now = datetime.now(UTC)
    short = _credentials(90, now)
    left = renewal.countdown(short, now)
    assert (left.left, left.renew_in) == (pytest.approx(90), pytest.approx(67.5))
    assert not left.renewing and not left.expired
    due = renewal.countdown(short, now + timedelta(seconds=70))
    assert due.renewing and not due.expired
    assert renewal.countdown(short, now + timedelta(seconds=90)).expired


def test_the_s3_tab_signs_as_the_user_while_signed_in():
    assert renewal.wanted_kind(signed_in=True) == "authenticated"
    assert renewal.wanted_kind(signed_in=False) == "guest"
