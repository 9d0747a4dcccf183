"""The profile editor's rules without Qt: dirty tracking, problems shown, what a save writes."""

from __future__ import annotations

from tokenexplorer.cognito.client_secrets import describe_location
from tokenexplorer.cognito.ids import ProblemCode, ProfileField
from tokenexplorer.cognito.profile_form import ProfileForm, new_name_problem, values_of
from tokenexplorer.cognito.profiles import Profile
from tokenexplorer.keyring_store import KeyringStatus

F = ProfileField
WORK = Profile("Work", "eu-west-1", "eu-west-1_AbC123", "abcdef123456", bucket="my-bucket",
               has_client_secret=True, is_sandbox=False)


def shown_codes(form: ProfileForm, field: ProfileField) -> set[ProblemCode]:
    return {problem.code for problem in form.shown_problems(field)}


def test_a_saved_profile_is_clean_until_a_field_or_the_secret_changes():
    form = ProfileForm()
    form.show(WORK)
    assert not form.is_dirty() and not form.can_save and not form.can_revert
    form.set(F.BUCKET, "other-bucket")
    assert form.is_dirty() and form.can_save
    form.set(F.BUCKET, "my-bucket")
    assert not form.is_dirty()
    form.secret = "typed"
    assert form.is_dirty() and form.can_revert


def test_nothing_shown_is_never_dirty_nor_validated():
    form = ProfileForm()
    form.show(None)
    assert not form.editing and form.problems == [] and not form.is_dirty()
    assert form.attempt_save() is None


def test_the_region_follows_the_pool_id_until_the_user_types_one():
    form = ProfileForm()
    form.start_draft("New")
    assert form.set(F.USER_POOL_ID, "ap-south-1_Xyz")
    assert form.values[F.REGION] == "ap-south-1"
    form.typed(F.REGION, "us-east-2")
    form.set(F.REGION, "us-east-2")
    assert not form.set(F.USER_POOL_ID, "eu-west-1_Xyz")
    assert form.values[F.REGION] == "us-east-2"
    assert ProblemCode.REGION_NOT_POOL_REGION in {p.code for p in form.problems}
    form.typed(F.REGION, "")  # emptied: it follows the pool ID again
    form.set(F.REGION, "")
    assert form.set(F.USER_POOL_ID, "eu-north-1_Xyz")
    assert form.values[F.REGION] == "eu-north-1"


def test_a_draft_shows_only_typed_problems_until_save_is_tried():
    form = ProfileForm()
    form.start_draft("New")
    assert form.errors  # the empty IDs are not valid …
    assert shown_codes(form, F.USER_POOL_ID) == set()  # … but nothing is said yet
    form.typed(F.USER_POOL_ID, "bad id")
    form.set(F.USER_POOL_ID, "bad id")
    assert shown_codes(form, F.USER_POOL_ID) == {ProblemCode.POOL_ID_FORMAT}
    assert shown_codes(form, F.CLIENT_ID) == set()
    assert form.attempt_save() is None
    assert shown_codes(form, F.CLIENT_ID) == {ProblemCode.CLIENT_ID_MISSING}


def test_a_draft_from_a_template_fills_the_region_and_saves_the_template():
    template = Profile("x", "", "eu-central-1_Amp123", "ampclient123")
    form = ProfileForm()
    form.start_draft("Amplified", template)
    assert form.values[F.REGION] == "eu-central-1" and form.region_auto
    plan = form.attempt_save()
    assert plan is not None and plan.old is None
    assert plan.profile == Profile("Amplified", "eu-central-1", "eu-central-1_Amp123",
                                   "ampclient123")
    assert plan.retargets == [] and set(plan.changed) == set(values_of(None))


def test_a_save_says_what_it_changes_and_whether_it_retargets():
    form = ProfileForm()
    form.show(WORK)
    form.set(F.BUCKET, "")
    plan = form.attempt_save()
    assert plan is not None
    assert plan.changed == (F.BUCKET,) and plan.retargets == []
    assert plan.profile.bucket is None and plan.profile.has_client_secret  # flags kept
    form.set(F.ENDPOINT_URL, "http://127.0.0.1:9")
    plan = form.attempt_save()
    assert plan is not None and plan.retargets == ["endpoint URL"]
    assert plan.changed == (F.BUCKET, F.ENDPOINT_URL)


def test_an_invalid_form_is_not_saved():
    form = ProfileForm()
    form.show(WORK)
    form.set(F.CLIENT_ID, "not valid!")
    assert not form.can_save and form.attempt_save() is None
    assert form.save_tried and not form.complete


def test_new_names_are_checked_with_codes():
    assert new_name_problem("Fresh", ["Work"]) is None
    taken = new_name_problem("Work", ["Work"])
    assert taken is not None and taken.code is ProblemCode.NAME_TAKEN
    assert "already exists" in taken.message
    padded = new_name_problem(" Work", ["Work"])
    assert padded is not None and padded.code is ProblemCode.NAME_SPACES


def test_titles_name_the_profile_or_the_draft():
    form = ProfileForm()
    assert form.title() == ""
    form.show(WORK)
    assert form.title() == "Profile “Work”" and form.complete
    form.start_draft("New")
    assert form.title() == "New profile “New” — not saved yet"
    assert form.name == "New" and not form.complete


def test_secret_locations_in_words():
    usable = KeyringStatus(True, "Secret Service", True, "ok")
    unusable = KeyringStatus(False, "none", False, "no D-Bus session")
    assert "keyring (Secret Service)" in describe_location("keyring", usable)
    assert describe_location("memory", unusable) == "Kept in memory only: no D-Bus session"
    assert "no D-Bus session" in describe_location("none", unusable)
    assert "not in the keyring" in describe_location("none", usable)
