"""Which remembered session the window offers (cognito.remembered), on the real keyring,
without Qt: stale sessions, a sandbox that stopped, and what a failed resume means."""

from __future__ import annotations

import contextlib
import dataclasses
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tokenexplorer import keyring_store
from tokenexplorer.cognito.binding import target_of
from tokenexplorer.cognito.errors import CognitoError
from tokenexplorer.cognito.remembered import (
    NOTHING,
    Offer,
    RememberedOffer,
    ResumeFailure,
    find_remembered,
    resume_failure,
)
from tokenexplorer.explained import ENDPOINT_DOWN, TIMEOUT, ExplainedError

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def listening():
    """A TCP port something accepts connections on (a running sandbox, as far as a probe
    can tell), and one nothing listens on (a stopped sandbox)."""
    with socket.socket() as server, socket.socket() as closed:
        server.bind(("127.0.0.1", 0))
        server.listen()
        closed.bind(("127.0.0.1", 0))
        yield server.getsockname()[1], closed.getsockname()[1]


def sandbox_of(profile, port):
    return dataclasses.replace(profile, is_sandbox=True,
                               endpoint_url=f"http://127.0.0.1:{port}")


@pytest.fixture
def cleanup(unique_name):
    yield
    with contextlib.suppress(keyring_store.KeyringUnavailable):
        keyring_store.delete_refresh_token(unique_name)


@pytest.mark.keyring
def test_a_session_for_the_profile_as_it_is_is_offered(sample_profile, cleanup):
    keyring_store.save_refresh_token(sample_profile.name, "ada", "tok-ada",
                                     target=target_of(sample_profile))
    assert find_remembered(sample_profile) == RememberedOffer(Offer.RESUME, "ada")


@pytest.mark.keyring
def test_a_session_of_another_target_is_stale_and_kept_for_a_real_pool(sample_profile,
                                                                       cleanup):
    """Edited profile: the old pool's session is never offered, but it is not ours to drop
    (the user may edit the profile back)."""
    old = dict(target_of(sample_profile), pool="eu-west-1_OldOldOld")
    keyring_store.save_refresh_token(sample_profile.name, "ada", "tok-old", target=old)
    assert find_remembered(sample_profile) == NOTHING
    assert [e.username for e in keyring_store.stored_sessions(sample_profile.name)] == ["ada"]


@pytest.mark.keyring
def test_a_sandboxs_stale_sessions_are_deleted(sample_profile, listening, cleanup):
    alive, _dead = listening
    sandbox = sandbox_of(sample_profile, alive)
    gone_pool = dict(target_of(sandbox), pool="us-east-1_GoneGone")
    keyring_store.save_refresh_token(sandbox.name, "old", "tok-gone", target=gone_pool)
    keyring_store.save_refresh_token(sandbox.name, "demo", "tok-now", target=target_of(sandbox))
    assert find_remembered(sandbox) == RememberedOffer(Offer.RESUME, "demo")
    assert [e.username for e in keyring_store.stored_sessions(sandbox.name)] == ["demo"]


@pytest.mark.keyring
def test_a_stopped_sandbox_offers_to_start_it_not_to_resume(sample_profile, listening,
                                                           cleanup):
    _alive, dead = listening
    sandbox = sandbox_of(sample_profile, dead)
    keyring_store.save_refresh_token(sandbox.name, "demo", "tok", target=target_of(sandbox))
    assert find_remembered(sandbox) == RememberedOffer(Offer.START_SANDBOX, "demo")
    # The check is the sandbox's, not a guess: told it answers, Resume is offered.
    assert find_remembered(sandbox, answers=lambda url: True).offer is Offer.RESUME
    # A real pool's endpoint is never probed (it is not ours to judge alive).
    real = dataclasses.replace(sample_profile, endpoint_url=f"http://127.0.0.1:{dead}")
    keyring_store.save_refresh_token(real.name, "demo", "tok", target=target_of(real))
    assert find_remembered(real).offer is Offer.RESUME


def test_no_usable_keyring_offers_nothing(sample_profile, no_keyring):
    assert not no_keyring.usable
    assert find_remembered(sample_profile) == NOTHING


def transport(code: str) -> ExplainedError:
    return CognitoError(code, "Could not reach Cognito.", code)


@pytest.mark.parametrize("code", ["NotAuthorized", "ResourceNotFound", "UserNotFound"])
def test_a_refused_token_is_to_be_forgotten(sample_profile, code):
    assert resume_failure(CognitoError(code, "no"), sample_profile) is ResumeFailure.REFUSED


def test_network_trouble_means_a_stopped_sandbox_only_for_a_sandbox(sample_profile):
    from botocore.exceptions import EndpointConnectionError

    from tokenexplorer.explained import transport_error

    sandbox = sandbox_of(sample_profile, 9)
    mapped = transport_error(EndpointConnectionError(endpoint_url="http://127.0.0.1:9"),
                             CognitoError, service="Cognito")
    assert mapped is not None and mapped.is_transport
    for error in (mapped, transport(TIMEOUT), transport(ENDPOINT_DOWN)):
        assert resume_failure(error, sandbox) is ResumeFailure.SANDBOX_DOWN
        assert resume_failure(error, sample_profile) is ResumeFailure.OTHER


def test_other_failures_are_only_said_and_never_judged_by_words(sample_profile):
    sandbox = sandbox_of(sample_profile, 9)
    for exc in (RuntimeError("NotAuthorized EndpointDown"),
                keyring_store.KeyringUnavailable("NotAuthorized: locked"),
                CognitoError("LimitExceeded", "NotAuthorized, EndpointDown")):
        assert resume_failure(exc, sandbox) is ResumeFailure.OTHER


def test_the_policy_modules_import_no_qt():
    code = ("import sys, tokenexplorer.cognito.remembered, tokenexplorer.cognito.renewal; "
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]; "
            "sys.exit(f'Qt imported: {bad}' if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr or done.stdout
