"""What the window holds without Qt: which credentials, for whom, and what they replaced.

The keeper makes real CredentialsManagers renewing at the emulator; sessions are real
sign-ins (conftest's `session_of`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from tests.engine_world import admin
from tokenexplorer.aws.clients import AwsCredentials
from tokenexplorer.aws.credentials_keeper import (
    CredentialsKeeper,
    Shown,
    cleared_note,
    credentials_file_profile,
    switch_note,
)
from tokenexplorer.aws.identity_credentials import CallerIdentity, IdentityCredentials, Kind

ROLE = "arn:aws:sts::123456789012:assumed-role/Cognito_Unauth/CognitoIdentityCredentials"


@dataclass
class Window:
    """What the keeper reads of the window (AppState's profile and session)."""

    profile: object = None
    session: object = None
    renewed: list = field(default_factory=list)

    def keeper(self) -> CredentialsKeeper:
        return CredentialsKeeper(lambda: self.profile, lambda: self.session, None,
                                 lambda manager, creds: self.renewed.append((manager, creds)))


def _shown(keeper: CredentialsKeeper, manager) -> IdentityCredentials:
    """Renew like the panel's task does, and take the result like its slot does."""
    creds = manager.renew()
    assert keeper.accept(manager, creds)
    return creds


def test_without_a_profile_nothing_is_made_and_the_buttons_say_why():
    window = Window()
    keeper = window.keeper()
    assert keeper.source() is None
    assert keeper.refusal("guest").startswith("Choose a profile first")
    can = keeper.availability()
    assert not can.guest and not can.authenticated
    assert can.reason == "The profile has no identity pool ID."


def test_authenticated_needs_a_sign_in(profile):
    keeper = Window(profile).keeper()
    assert keeper.refusal("guest") is None
    assert keeper.refusal("authenticated").startswith("Sign in first")
    can = keeper.availability()
    assert can.guest and not can.authenticated and "Sign in first" in can.reason


def test_the_s3_source_is_a_guest_until_someone_signs_in_then_the_users_own(profile, session_of):
    window = Window(profile)
    keeper = window.keeper()
    guest = keeper.source()
    assert guest is not None and guest.kind == "guest"
    assert keeper.source() is guest  # kept, not remade per request
    window.session, _, _ = session_of()
    mine = keeper.source()
    assert mine is not None and mine.kind == "authenticated"
    assert mine.aws_credentials().access_key_id  # signs with the user's ID token


def test_a_kind_picked_with_a_button_is_kept_for_the_s3_tab(profile, session_of):
    window = Window(profile)
    window.session, _, _ = session_of()
    keeper = window.keeper()
    picked = keeper.choose("guest")
    assert keeper.chosen and keeper.source() is picked


def test_only_the_current_managers_renewals_are_reported(profile):
    window = Window(profile)
    keeper = window.keeper()
    first = keeper.choose("guest")
    creds = first.renew()
    assert window.renewed == [(first, creds)]
    second = keeper.choose("guest")
    late = first.renew()  # a renewal of the replaced manager finishing late
    assert window.renewed == [(first, creds)]
    assert not keeper.accept(first, late) and keeper.credentials is None
    assert _shown(keeper, second) is keeper.credentials


def test_a_user_switch_puts_the_previous_users_credentials_away(profile, session_of):
    window = Window(profile)
    window.session, _, _ = session_of()
    keeper = window.keeper()
    manager = keeper.choose("authenticated")
    demo = _shown(keeper, manager)
    assert not keeper.user_changed(window.session)  # a refresh of the same user's session
    window.session, _, _ = session_of("alice")
    assert keeper.user_changed(window.session)
    cleared = keeper.put_away(window.session)
    assert cleared is not None and cleared.held is demo
    assert (cleared.before, cleared.now, cleared.signed_out) == ("demo", "alice", False)
    assert keeper.manager is None and keeper.credentials is None and keeper.previous is None
    assert manager.credentials is None  # the old manager forgot them too
    note = cleared_note(cleared)
    assert "(demo → now alice)" in note and "demo's authenticated" in note
    assert demo.identity_id in note
    assert not keeper.user_changed(window.session)


def test_signing_out_says_so(profile, session_of):
    window = Window(profile)
    window.session, _, _ = session_of()
    keeper = window.keeper()
    _shown(keeper, keeper.choose("authenticated"))
    window.session = None
    cleared = keeper.put_away(None)
    assert cleared is not None and cleared.signed_out
    assert cleared_note(cleared).startswith("Signed out: demo's authenticated credentials")


def test_signing_in_keeps_the_guest_identity_for_the_switch_note(profile, session_of):
    roles = admin("cognito-identity", profile.endpoint_url).get_identity_pool_roles(
        IdentityPoolId=profile.identity_pool_id)["Roles"]
    guest_role, authed_role = roles["unauthenticated"], roles["authenticated"]
    window = Window(profile)
    keeper = window.keeper()
    guest = _shown(keeper, keeper.choose("guest"))
    assert keeper.caller_needed()
    caller = keeper.caller_lookup(guest)()  # STS at the emulator
    assert keeper.set_caller(guest, caller)
    window.session, _, _ = session_of()
    cleared = keeper.put_away(window.session)
    assert cleared is not None and cleared_note(cleared).startswith("Signed in as demo:")
    assert keeper.previous == Shown(guest.identity_id, "guest", caller.principal)
    authed = _shown(keeper, keeper.source())
    assert keeper.caller_needed()
    assert keeper.set_caller(authed, keeper.caller_lookup(authed)())
    note = switch_note(keeper.previous, keeper.credentials, keeper.caller)
    assert note is not None
    assert note.startswith("Switched from guest to authenticated credentials.")
    assert f"Identity: {guest.identity_id} → {authed.identity_id}" in note
    # The engine's credentials are the identity pool's roles, assumed: the note names both.
    assert f"Role: {guest_role} → {authed_role}" in note


def test_sts_is_asked_once_per_identity_and_late_answers_are_dropped(profile):
    keeper = Window(profile).keeper()
    manager = keeper.choose("guest")
    first = _shown(keeper, manager)
    assert keeper.caller_needed() and not keeper.caller_needed()
    again = _shown(keeper, manager)  # renewed: the same identity
    assert again.identity_id == first.identity_id and not keeper.caller_needed()
    keeper.choose("guest")
    other = _shown(keeper, keeper.manager)
    assert other.identity_id != first.identity_id and keeper.caller_needed()
    caller = CallerIdentity(ROLE, "123456789012", "AROA")
    assert not keeper.set_caller(first, caller)  # an answer about what is no longer shown
    assert keeper.caller is None


def test_a_profile_change_forgets_everything(profile):
    keeper = Window(profile).keeper()
    manager = keeper.choose("guest")
    _shown(keeper, manager)
    assert keeper.profile_changed()
    assert keeper.manager is None and manager.credentials is None and not keeper.chosen
    assert not keeper.profile_changed()


def test_after_a_profile_change_the_credentials_go_with_the_session_of_now(profile, session_of):
    window = Window(profile)
    keeper = window.keeper()
    window.session, _, _ = session_of()  # signed in along with the new profile
    keeper.profile_changed()
    assert not keeper.user_changed(window.session)
    _shown(keeper, keeper.choose("authenticated"))
    window.session, _, _ = session_of("alice")
    cleared = keeper.put_away(window.session)
    assert cleared is not None and cleared.before == "demo"


def _creds(identity: str, kind: Kind) -> IdentityCredentials:
    now = datetime.now(UTC)
    return IdentityCredentials(identity, kind, AwsCredentials("AKIA", "s", "t"),
                               now + timedelta(hours=1), now)


@pytest.mark.parametrize(("before", "after", "expected"), [
    ("guest", "guest", None),  # the same identity and kind: nothing switched
    ("guest", "authenticated", "Role: {role} → {role} (the same role)"),
])
def test_the_switch_note_compares_identity_and_role(before, after, expected):
    caller = CallerIdentity(ROLE, "123456789012", "AROA")
    previous = Shown("us-east-1:a", before, caller.principal)
    note = switch_note(previous, _creds("us-east-1:a", after), caller)
    if expected is None:
        assert note is None
    else:
        assert note is not None and "(the same identity)" in note
        assert expected.format(role=caller.role_arn) in note


def test_a_copied_credentials_file_names_its_profile_safely():
    assert credentials_file_profile("My Pool!") == "tokenexplorer-my-pool-"
    assert credentials_file_profile(None) == "tokenexplorer-tokenexplorer"
    assert credentials_file_profile("a]\n[b") == "tokenexplorer-a---b"
