"""Lessons as data: the shipped files load, conditions match the app's real events, and a
step completes only on its own event, after it became current."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tokenexplorer.activity import ActivityEntry
from tokenexplorer.lessons import events
from tokenexplorer.lessons.library import load_library
from tokenexplorer.lessons.model import LessonError, lesson_from_data
from tokenexplorer.lessons.progress import LessonProgress
from tokenexplorer.tokens.decode import decode
from tokenexplorer.tokens.keys import keys_from_jwks
from tokenexplorer.tokens.options import VerifyOptions
from tokenexplorer.tokens.verify import verify

POOL = "us-east-1_Lesson"
ISS = f"https://cognito-idp.us-east-1.amazonaws.com/{POOL}"


def _entry(service: str, operation: str, outcome: str = "success", **request: str) -> ActivityEntry:
    return ActivityEntry(time=datetime.now(UTC), service=service, operation=operation,
                         endpoint="http://127.0.0.1:1/", duration_ms=1.0, outcome=outcome,
                         request=dict(request))


def _lesson(step_conditions: list[object]) -> dict[str, object]:
    return {"id": "t", "title": "T", "summary": "S", "steps": [
        {"id": f"s{n}", "title": "x", "do": "x", "why": "x", "explain": "x", "waits_for": c}
        for n, c in enumerate(step_conditions)]}


def test_the_shipped_lessons_load_without_problems():
    library = load_library()
    assert library.problems == ()
    ids = [lesson.id for lesson in library.lessons]
    assert ids == ["tokens-of-a-user-pool", "from-a-token-to-aws", "spot-the-forgery"]
    assert all(lesson.steps for lesson in library.lessons)


def test_a_step_completes_only_on_its_event_and_only_once_current():
    lesson = lesson_from_data(_lesson([
        {"event": "call", "service": "cognito-idp", "operation": "SignUp", "outcome": "success"},
        {"event": "call", "service": "cognito-idp", "operation": "ConfirmSignUp",
         "outcome": "success"},
    ]), "test")
    progress = LessonProgress(lesson)
    confirm = events.from_activity(_entry("cognito-idp", "ConfirmSignUp"))
    assert progress.feed(confirm) is None  # too early: step 1 waits for SignUp
    assert progress.feed(events.from_activity(_entry("cognito-idp", "SignUp", "Throttled"))) is None
    done = progress.feed(events.from_activity(_entry("cognito-idp", "SignUp")))
    assert done is not None and done.index == 0 and not done.finished
    assert progress.current_index == 1
    last = progress.feed(confirm)
    assert last is not None and last.finished and progress.finished


def test_reset_makes_a_step_current_again():
    lesson = lesson_from_data(_lesson([{"event": "signed_in"}, {"event": "signed_out"}]), "t")
    progress = LessonProgress(lesson)
    progress.feed(events.signed_in(True))
    progress.feed(events.signed_out())
    assert progress.finished
    progress.reset_to(1)
    assert progress.current_index == 1 and progress.is_done(0) and not progress.is_done(1)
    progress.reset()
    assert progress.current_index == 0


def test_conditions_lists_contains_not_and_any_of():
    lesson = lesson_from_data(_lesson([
        {"event": "call", "operation": ["GetObject", "HeadObject"]},
        {"event": "token_checked", "failed_checks": {"contains": "exp"}},
        {"event": "token_checked", "signature": {"not": "valid"}},
        [{"event": "signed_out"}, {"event": "call", "operation": "GlobalSignOut"}],
    ]), "t")
    step1, step2, step3, step4 = lesson.steps
    assert step1.matches(events.from_activity(_entry("s3", "HeadObject")))
    assert not step1.matches(events.from_activity(_entry("s3", "PutObject")))
    assert step2.matches(events.AppEvent("token_checked", {"failed_checks": ["exp", "iss"]}))
    assert not step2.matches(events.AppEvent("token_checked", {"failed_checks": ["iss"]}))
    assert step3.matches(events.AppEvent("token_checked", {"signature": "invalid"}))
    assert not step3.matches(events.AppEvent("token_checked", {"signature": "valid"}))
    assert step4.matches(events.from_activity(_entry("cognito-idp", "GlobalSignOut")))
    assert step4.matches(events.signed_out())


def test_activity_events_carry_flow_names_but_nothing_secret():
    entry = _entry("cognito-idp", "InitiateAuth", AuthFlow="REFRESH_TOKEN_AUTH",
                   ClientId="abc")
    entry.request["AuthParameters"] = {"REFRESH_TOKEN": "secret-refresh"}
    event = events.from_activity(entry)
    assert event.fields == {"service": "cognito-idp", "operation": "InitiateAuth",
                            "outcome": "success", "auth_flow": "REFRESH_TOKEN_AUTH"}
    assert "secret-refresh" not in json.dumps(event.fields)


@pytest.mark.parametrize("problem", [
    ({"steps": []}, "'steps'"),
    ({"steps": [{"id": "a", "title": "x", "do": "x", "why": "x", "explain": "x",
                 "waits_for": {"event": "telepathy"}}]}, "step 1: 'waits_for'"),
    ({"steps": [{"id": "a", "title": "", "do": "x", "why": "x", "explain": "x",
                 "waits_for": {"event": "signed_in"}}]}, "step 1: 'title'"),
    ({"steps": [{"id": "a", "title": "x", "do": "x", "why": "x", "explain": "x",
                 "waits_for": {"event": "call", "outcome": {"regex": ".*"}}}]},
     "'contains' or 'not'"),
])
def test_a_broken_lesson_is_named_with_its_step(problem):
    data, words = problem
    with pytest.raises(LessonError) as raised:
        lesson_from_data({"id": "x", "title": "x", "summary": "x", **data}, "bad.json")
    assert "bad.json" in raised.value.message and words in raised.value.message


def test_one_broken_file_does_not_hide_the_others(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps(_lesson([{"event": "signed_in"}])))
    (tmp_path / "b.json").write_text("{not json")
    (tmp_path / "c.json").write_bytes(b" " * (300 * 1024))
    library = load_library(tmp_path)
    assert [lesson.id for lesson in library.lessons] == ["t"]
    assert len(library.problems) == 2 and "b.json" in library.problems[0]


@pytest.fixture(scope="module")
def pool_key():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update(kid="lesson-key", alg="RS256", use="sig")
    return key, keys_from_jwks({"keys": [jwk]}, "test")


def _claims(**extra: object) -> dict[str, object]:
    now = int(time.time())
    return {"sub": "u", "iss": ISS, "client_id": "c", "token_use": "access", "iat": now,
            "exp": now + 3600, **extra}


def _checked(raw: str, keys) -> events.AppEvent:
    return events.from_report(verify(decode(raw), keys, VerifyOptions(pool_id=POOL)))


def test_spot_the_forgery_steps_match_what_the_verifier_really_says(pool_key):
    """Each step of lesson 3 completes on the verifier's real report of its forgery, and
    a genuine token completes none of them."""
    key, keys = pool_key
    forgery = next(x for x in load_library().lessons if x.id == "spot-the-forgery")
    steps = {step.id: step for step in forgery.steps}
    good = jwt.encode(_claims(), key, "RS256", headers={"kid": "lesson-key"})
    head, _body, sig = good.split(".")
    evil_body = jwt.utils.base64url_encode(json.dumps(_claims(sub="admin")).encode()).decode()
    tampered = f"{head}.{evil_body}.{sig}"
    none = jwt.encode(_claims(), None, "none")
    public_pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                               serialization.PublicFormat.SubjectPublicKeyInfo)
    confused = _hs256(_claims(), public_pem)
    expired = jwt.encode(_claims(iat=int(time.time()) - 7200, exp=int(time.time()) - 3600),
                         key, "RS256", headers={"kid": "lesson-key"})
    genuine = _checked(good, keys)
    assert not any(step.matches(genuine) for step in forgery.steps)
    assert steps["tampered"].matches(_checked(tampered, keys))
    assert steps["alg-none"].matches(_checked(none, keys))
    assert steps["key-confusion"].matches(_checked(confused, keys))
    assert steps["expired"].matches(_checked(expired, keys))


def _hs256(claims: dict[str, object], secret: bytes) -> str:
    """HS256 by hand: PyJWT refuses a PEM public key as an HMAC secret (as it should)."""
    import hashlib
    import hmac

    enc = jwt.utils.base64url_encode
    header = enc(json.dumps({"alg": "HS256", "typ": "JWT", "kid": "lesson-key"}).encode())
    payload = enc(json.dumps(claims).encode())
    signing_input = header + b"." + payload
    signature = enc(hmac.new(secret, signing_input, hashlib.sha256).digest())
    return (signing_input + b"." + signature).decode()
