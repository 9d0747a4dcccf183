"""Lesson 1's first steps advance on the real calls the app makes to the engine: a sign-up,
a wrong code (no progress), the inbox's code, an SRP sign-in."""

from __future__ import annotations

import pytest
from engine_world import make_world

from tokenexplorer.activity import ActivityLog
from tokenexplorer.cognito.auth import CognitoAuth
from tokenexplorer.cognito.errors import CognitoError
from tokenexplorer.lessons import events
from tokenexplorer.lessons.library import load_library
from tokenexplorer.lessons.progress import LessonProgress
from tokenexplorer.sandbox.inbox import read_inbox

PASSWORD = "Lesson-Pass-123"


def test_lesson_one_advances_on_the_engines_real_answers(engine_endpoint):
    world = make_world(engine_endpoint)
    lesson = next(x for x in load_library().lessons if x.id == "tokens-of-a-user-pool")
    progress = LessonProgress(lesson)
    log = ActivityLog()
    log.subscribe(lambda entry: progress.feed(events.from_activity(entry)))
    auth = CognitoAuth(world.profile(), activity=log, retries=0)

    auth.sign_up("learner", PASSWORD, {"email": "learner@example.com"})
    assert progress.current_index == 1  # signed up; now waiting for the confirmation
    code = next(m.code for m in read_inbox(engine_endpoint) if m.to == "learner@example.com")
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    with pytest.raises(CognitoError):
        auth.confirm_sign_up("learner", wrong)
    assert progress.current_index == 1  # a refused code is not a confirmation
    assert log.entries()[-1].outcome == "CodeMismatchException"
    auth.confirm_sign_up("learner", code)
    assert progress.current_index == 2
    step = auth.sign_in("learner", PASSWORD, "srp")  # InitiateAuth: the PASSWORD_VERIFIER
    assert progress.current_index == 2
    auth.respond(step, {})  # the SRP proof, made by the app
    assert progress.current_index == 3  # the SRP proof was accepted: on to the comparison

