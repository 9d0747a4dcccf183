"""Which remembered session to offer for a profile, and what a failed resume means.

The keyring may hold refresh tokens for a profile that no longer names the pool they came
from (the profile was edited, or a sandbox was restarted with a new pool). Those are
*stale*: never offered, never sent. A sandbox's pool is gone for good once it stops, so its
stale sessions are deleted; a sandbox that is not running cannot resume anything, so the
offer becomes "start the sandbox" instead. The window only renders these answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from tokenexplorer.cognito.binding import target_of
from tokenexplorer.cognito.errors import CognitoError
from tokenexplorer.cognito.session import NOT_AUTHORIZED
from tokenexplorer.explained import ExplainedError

if TYPE_CHECKING:
    from tokenexplorer.cognito.profiles import Profile

# The server refused the stored refresh token, or its pool/user is gone: Resume cannot work.
REFUSED_CODES = frozenset({NOT_AUTHORIZED, "ResourceNotFound", "UserNotFound"})


class Offer(Enum):
    """What the window offers about a remembered session."""

    NOTHING = "nothing"
    RESUME = "resume"  # "Resume session (user)"
    START_SANDBOX = "start-sandbox"  # the sandbox it came from is not running


@dataclass(frozen=True)
class RememberedOffer:
    offer: Offer
    username: str | None = None


NOTHING = RememberedOffer(Offer.NOTHING)


def find_remembered(profile: Profile, *,
                    answers: Callable[[str | None], bool] | None = None) -> RememberedOffer:
    """The offer for `profile` (worker thread: keyring and, for a sandbox, one TCP connect).

    Sessions stored for another target are stale and never offered; a sandbox's stale ones
    are deleted. A keyring that cannot be used offers nothing. `answers(endpoint_url)` says
    whether a sandbox is still running (default: `sandbox.endpoint_answers`)."""
    from tokenexplorer import keyring_store

    target = target_of(profile)
    try:
        entries = keyring_store.stored_sessions(profile.name)
        stale = [entry for entry in entries if entry.target != target]
        if profile.is_sandbox:  # that sandbox's pool is gone for good: drop its sessions
            for entry in stale:
                keyring_store.delete_refresh_token(profile.name, entry.username)
    except keyring_store.KeyringUnavailable:
        return NOTHING
    users = [entry.username for entry in entries if entry not in stale]
    if not users:
        return NOTHING
    if profile.is_sandbox:
        if answers is None:
            from tokenexplorer.cognito.sandbox import endpoint_answers

            answers = endpoint_answers
        if not answers(profile.endpoint_url):
            return RememberedOffer(Offer.START_SANDBOX, users[0])
    return RememberedOffer(Offer.RESUME, users[0])


class ResumeFailure(Enum):
    """What a failed Resume means for the offers."""

    REFUSED = "refused"  # the token will never work again: offer to forget it
    SANDBOX_DOWN = "sandbox-down"  # the sandbox stopped: offer to start it
    OTHER = "other"  # say the error; Resume may work later


def resume_failure(exc: BaseException, profile: Profile) -> ResumeFailure:
    """Classify an exception from `Session.resume` by its code, never by its words."""
    if isinstance(exc, CognitoError) and exc.code in REFUSED_CODES:
        return ResumeFailure.REFUSED
    if isinstance(exc, ExplainedError) and exc.is_transport and profile.is_sandbox:
        return ResumeFailure.SANDBOX_DOWN
    return ResumeFailure.OTHER
