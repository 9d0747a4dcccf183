"""read_inbox against the real engine, and against crafted (hostile) inbox answers."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from inbox_helpers import sign_up

from tokenexplorer.explained import ENDPOINT_DOWN, TIMEOUT
from tokenexplorer.sandbox import inbox
from tokenexplorer.sandbox.inbox import InboxError, read_inbox
from tokenexplorer.sandbox.inbox_text import MAX_BODY_CHARS, find_code


def test_a_sign_up_on_the_engine_puts_its_code_in_the_inbox(engine_pool):
    from tokenexplorer.cognito.auth import CognitoAuth

    profile, _admin = engine_pool
    assert read_inbox(profile.endpoint_url) == []
    sign_up(profile, "carol")
    [message] = read_inbox(profile.endpoint_url)
    assert message.to == "carol@example.com" and message.medium == "email"
    assert message.subject and message.code and message.code in message.body
    assert message.time is not None and abs((datetime.now(UTC) - message.time).total_seconds()) < 60
    # The code is the one the engine checks: ConfirmSignUp with it succeeds.
    auth = CognitoAuth(profile, connect_timeout=2, read_timeout=5, retries=0)
    auth.confirm_sign_up("carol", message.code)


def test_the_newest_message_comes_first(engine_pool):
    from tokenexplorer.cognito.auth import CognitoAuth

    profile, _admin = engine_pool
    sign_up(profile, "carol")
    first = read_inbox(profile.endpoint_url)[0]
    auth = CognitoAuth(profile, connect_timeout=2, read_timeout=5, retries=0)
    auth.confirm_sign_up("carol", first.code)
    auth.forgot_password("carol")
    newest, older = read_inbox(profile.endpoint_url)
    assert older == first and newest.time >= older.time
    assert newest.code and newest.to == "carol@example.com"


def test_a_stopped_sandbox_is_a_transport_error(closed_url):
    with pytest.raises(InboxError) as down:
        read_inbox(closed_url, timeout=2)
    assert down.value.code == ENDPOINT_DOWN and down.value.is_transport
    assert closed_url in str(down.value) and "running" in str(down.value)


@pytest.mark.parametrize("url", ["https://127.0.0.1:4566", "http://example.com",
                                 "http://10.0.0.1:4566", "", None,
                                 "https://cognito-idp.us-east-1.amazonaws.com"])
def test_only_a_local_plain_http_emulator_is_asked(url, inbox_peer):
    with pytest.raises(InboxError) as refused:
        read_inbox(url)
    assert refused.value.code == inbox.NOT_LOCAL and "emulator" in str(refused.value)


def test_a_redirect_is_not_followed(inbox_peer):
    peer = inbox_peer(answer=lambda path: (302, b""))
    with pytest.raises(InboxError) as redirected:
        read_inbox(peer.url)
    assert redirected.value.code == inbox.NO_INBOX and "redirect" in str(redirected.value)
    assert len(peer.paths) == 1


def test_a_server_without_an_inbox_says_so(inbox_peer):
    peer = inbox_peer(answer=lambda path: (404, b"{}"))
    with pytest.raises(InboxError) as missing:
        read_inbox(peer.url)
    assert missing.value.code == inbox.NO_INBOX and "HTTP 404" in str(missing.value)


def test_an_answer_that_is_not_json_is_refused(inbox_peer):
    peer = inbox_peer(answer=lambda path: (200, b"<html>hello</html>"))
    with pytest.raises(InboxError) as bad:
        read_inbox(peer.url)
    assert bad.value.code == inbox.BAD_ANSWER


def test_a_huge_answer_is_not_read(inbox_peer, monkeypatch):
    monkeypatch.setattr(inbox, "MAX_ANSWER_BYTES", 10_000)
    big = json.dumps({"messages": {"a": [{"BodyText": "x" * 20_000}]}}).encode()
    peer = inbox_peer(answer=lambda path: (200, big))
    with pytest.raises(InboxError) as large:
        read_inbox(peer.url)
    assert large.value.code == inbox.TOO_LARGE


def test_a_slow_drip_hits_the_total_deadline(inbox_peer):
    import threading

    release = threading.Event()

    def slow(path: str) -> tuple[int, bytes]:
        release.wait(10)
        return 200, b"{}"

    peer = inbox_peer(answer=slow)
    try:
        with pytest.raises(InboxError) as late:
            read_inbox(peer.url, timeout=0.5)
        assert late.value.code == TIMEOUT and late.value.is_transport
    finally:
        release.set()


def test_hostile_messages_stay_plain_short_and_few(inbox_peer):
    html_body = ("<html><head><style>p{}</style><script>alert(1)</script></head><body>"
                 "<p>Your code is <b>246810</b></p><img src='/dev/zero'>"
                 "<a href='http://evil'>click</a></body></html>")
    many = [{"To": ["n@example.com"], "Subject": f"n{i}", "BodyText": "Your code is 111111",
             "Timestamp": 1_600_000_000 + i} for i in range(500)]
    records = [*many,
        {"To": ["a@example.com"], "Subject": "<b>bold</b>\u202eevil\x1b[31m",
         "BodyText": "", "BodyHtml": html_body, "Timestamp": 1_700_000_000},
        {"To": ["b@example.com" * 100], "Subject": "huge", "BodyText": "9" * 1_000_000,
         "Timestamp": 1_650_000_000},
        {"To": "not a list", "Subject": 42, "BodyText": ["not", "text"], "Timestamp": True},
        "not a record", None, 17]
    sms = {"+15550100": [{"PhoneNumber": "+15550100", "Message": "Your code is 135790\x07"}],
           "+15550101": "not a list",
           **{f"+1666{i:07d}": [{"Message": "hello"}] for i in range(300)}}
    peer = inbox_peer(emails=records, sms=sms)
    messages = read_inbox(peer.url)
    assert 190 <= len(messages) <= inbox.MAX_MESSAGES  # only the newest records are read
    for message in messages:
        assert len(message.body) <= MAX_BODY_CHARS and len(message.to) <= 300
        assert len(message.subject) <= 300
        for text in (message.to, message.subject, message.body):
            assert not any(ch in text for ch in "\x1b\x07\u202e\x00")
    newest = messages[0]  # 1_700_000_000 is the latest time
    assert newest.to == "a@example.com" and newest.code == "246810"
    assert "<" not in newest.body and "alert" not in newest.body and "p{}" not in newest.body
    assert newest.body == "Your code is 246810\nclick"
    assert "<b>" in newest.subject  # shown as typed, never rendered
    assert newest.time == datetime.fromtimestamp(1_700_000_000, tz=UTC)
    huge = messages[1]
    assert huge.subject == "huge" and len(huge.body) == MAX_BODY_CHARS and len(huge.to) == 300


def test_sms_messages_are_read_too(inbox_peer):
    peer = inbox_peer(sms={"+15550100": [{"PhoneNumber": "+15550100",
                                          "Message": "Your code is 135790"}]})
    [text] = read_inbox(peer.url)
    assert (text.medium, text.to, text.code, text.time) == ("sms", "+15550100", "135790", None)
    assert text.as_json()["time"] is None


@pytest.mark.parametrize(("body", "code"), [
    ("Your verification code is 123456.", "123456"),
    ("Your sign-in code is 654321.", "654321"),
    ("Your username is demo and temporary password is Ab1!xyz9.", "Ab1!xyz9"),
    ("Enter the code below:\n\n  987654  \n", "987654"),
    ("Order 1234567 shipped; code: 424242", "424242"),
    ("Nothing to see here.", None),
    ("Call 12345 or 1234567", None),
])
def test_the_code_is_found_in_cognito_style_bodies(body, code):
    assert find_code(body) == code
