"""The profile file: round trip, atomic writes, corrupt files set aside, secrets kept out."""

import dataclasses
import json
import os
import stat

import pytest

from tokenexplorer.cognito import profiles
from tokenexplorer.cognito.profiles import Profile, ProfileError, ProfileStore


def test_round_trip_through_the_file(store, sample_profile):
    store.put(sample_profile)
    store.put(dataclasses.replace(sample_profile, name="second", bucket=None))
    store.last_used = "second"

    again = ProfileStore(store.path)
    assert again.get(sample_profile.name) == sample_profile
    assert again.get("second").bucket is None
    assert again.last_used == "second"
    assert sorted(again.names()) == sorted([sample_profile.name, "second"])
    assert again.load_problem is None
    document = json.loads(store.path.read_text())
    assert document["schema"] == profiles.SCHEMA_VERSION


def test_default_path_is_the_config_dir(isolated_storage, sample_profile):
    config, _ = isolated_storage
    ProfileStore().put(sample_profile)
    assert (config / "profiles.json").is_file()


def test_put_normalises_and_fills_the_region_from_the_pool_id(store, unique_name):
    saved = store.put(
        Profile(
            name=unique_name,
            region="",
            user_pool_id=" ap-south-1_Xy9 ",
            client_id="abc",
            bucket="  ",
            endpoint_url="",
        )
    )
    assert saved.region == "ap-south-1"
    assert saved.user_pool_id == "ap-south-1_Xy9"
    assert saved.bucket is None and saved.endpoint_url is None
    assert saved.issuer == "https://cognito-idp.ap-south-1.amazonaws.com/ap-south-1_Xy9"
    assert saved.logins_key == "cognito-idp.ap-south-1.amazonaws.com/ap-south-1_Xy9"


def test_issuer_uses_the_pool_ids_region_even_when_the_field_disagrees(sample_profile):
    profile = dataclasses.replace(sample_profile, region="us-east-2")
    assert profile.issuer == "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyz"
    assert profile.jwks_url == profile.issuer + "/.well-known/jwks.json"
    local = dataclasses.replace(sample_profile, endpoint_url="http://127.0.0.1:5000/")
    assert local.jwks_url == "http://127.0.0.1:5000/eu-west-1_AbC123xyz/.well-known/jwks.json"


def test_invalid_profiles_are_refused_with_the_field_named(store, sample_profile):
    with pytest.raises(ProfileError, match="user_pool_id"):
        store.put(dataclasses.replace(sample_profile, user_pool_id="nope"))
    assert not store.path.exists()


def test_rename_duplicate_delete(store, sample_profile):
    store.put(sample_profile)
    store.last_used = sample_profile.name
    store.rename(sample_profile.name, "renamed")
    assert store.get(sample_profile.name) is None
    assert store.get("renamed").user_pool_id == sample_profile.user_pool_id
    assert store.last_used == "renamed"

    copy = store.duplicate("renamed", "copy")
    assert copy.client_id == sample_profile.client_id
    with pytest.raises(ProfileError, match="already exists"):
        store.duplicate("renamed", "copy")
    with pytest.raises(ProfileError, match="no profile named"):
        store.rename("missing", "x")
    with pytest.raises(ProfileError):
        store.rename("copy", "  ")

    store.delete("renamed")
    assert ProfileStore(store.path).names() == ["copy"]
    assert ProfileStore(store.path).last_used is None


def test_changes_from_another_store_are_not_overwritten(store, sample_profile):
    other = ProfileStore(store.path)
    store.put(sample_profile)
    other.put(dataclasses.replace(sample_profile, name="from-other"))
    store.put(dataclasses.replace(sample_profile, name="third"))
    assert sorted(ProfileStore(store.path).names()) == sorted(
        [sample_profile.name, "from-other", "third"]
    )


def test_writes_are_atomic_and_private(store, sample_profile, monkeypatch):
    store.put(sample_profile)
    before = store.path.read_bytes()
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        store.put(dataclasses.replace(sample_profile, name="never-written"))
    monkeypatch.undo()
    assert store.path.read_bytes() == before
    assert os.listdir(store.path.parent) == ["profiles.json"]  # no temp file left behind


def test_a_corrupt_file_is_set_aside_with_a_message(store, sample_profile):
    store.path.parent.mkdir(parents=True)
    garbage = b'{"schema": 1, "profiles": [ {"name": "x", '
    store.path.write_bytes(garbage)

    fresh = ProfileStore(store.path)
    assert fresh.list() == []
    kept = [p for p in store.path.parent.iterdir() if p.name.startswith("profiles.json.corrupt-")]
    assert len(kept) == 1
    assert kept[0].read_bytes() == garbage
    assert kept[0].name in fresh.load_problem
    assert "not valid JSON" in fresh.load_problem

    fresh.put(sample_profile)  # life goes on with a new file
    assert ProfileStore(store.path).names() == [sample_profile.name]
    assert kept[0].read_bytes() == garbage


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe not text", b"[1, 2, 3]", b'{"profiles": "oops"}'],
    ids=["not-utf8", "a-list", "profiles-not-a-list"],
)
def test_other_unreadable_files_are_set_aside_too(store, content):
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(content)
    fresh = ProfileStore(store.path)
    assert fresh.list() == []
    assert fresh.load_problem and "kept as" in fresh.load_problem
    assert not store.path.exists()
    kept = next(store.path.parent.glob("profiles.json.corrupt-*"))
    assert kept.read_bytes() == content


def test_bad_entries_keep_a_copy_and_the_good_ones_load(store, sample_profile):
    store.path.parent.mkdir(parents=True)
    document = {
        "schema": 1,
        "profiles": [sample_profile.__dict__, {"name": "broken"}, {"name": 5}],
    }
    store.path.write_text(json.dumps(document))
    fresh = ProfileStore(store.path)
    assert fresh.names() == [sample_profile.name]
    assert "entry 2" in fresh.load_problem and "entry 3" in fresh.load_problem
    kept = next(store.path.parent.glob("profiles.json.corrupt-*"))
    assert json.loads(kept.read_text()) == json.loads(json.dumps(document))  # tuples as lists


def test_a_newer_schema_is_read_and_a_copy_kept(store, sample_profile):
    store.path.parent.mkdir(parents=True)
    entry = dict(sample_profile.__dict__, some_future_field=True)
    store.path.write_text(json.dumps({"schema": 99, "profiles": [entry]}))
    fresh = ProfileStore(store.path)
    assert fresh.get(sample_profile.name) == sample_profile
    assert "newer" in fresh.load_problem
    assert list(store.path.parent.glob("profiles.json.newer-*"))


def test_client_secret_never_reaches_the_file_without_a_keyring(
    store, sample_profile, no_keyring, files_containing
):
    assert not no_keyring.usable
    secret = "s3cr3t-" + "q" * 40
    store.put(sample_profile)
    location = store.set_client_secret(sample_profile.name, secret)
    assert location == "memory"
    assert store.get(sample_profile.name).has_client_secret is True
    assert store.client_secret_for(store.get(sample_profile.name)) == secret
    assert profiles.secret_storage_state(sample_profile.name) == "memory"
    assert files_containing(store.path.parent, secret) == []
    assert secret not in repr(store.get(sample_profile.name))

    renamed = store.rename(sample_profile.name, "renamed")  # the in-memory secret follows
    assert profiles.client_secret_for(renamed) == secret
    assert profiles.client_secret_for(sample_profile) is None

    store.delete("renamed")  # keyring unusable: deleting still works
    assert profiles.client_secret_for(renamed) is None


def test_removing_the_secret_clears_the_flag(store, sample_profile, no_keyring):
    store.put(sample_profile)
    store.set_client_secret(sample_profile.name, "abc")
    assert store.set_client_secret(sample_profile.name, None) == "none"
    assert store.get(sample_profile.name).has_client_secret is False
    assert store.client_secret_for(sample_profile.name) is None


@pytest.mark.parametrize("change", [
    {"endpoint_url": "http://127.0.0.1:9"}, {"user_pool_id": "eu-west-1_Other99"},
    {"client_id": "anotherclient1"}, {"user_pool_id": "eu-central-1_AbC123xyz"},
])
def test_secret_in_memory_is_bound_to_its_target(store, sample_profile, no_keyring, change):
    """Without a keyring the secret stays in memory, still bound: retargeting the profile
    (by any means) makes it unavailable instead of sending it to the new server."""
    import dataclasses

    store.put(sample_profile)
    assert store.set_client_secret(sample_profile.name, "memory-secret-abc") == "memory"
    assert store.client_secret_for(sample_profile.name) == "memory-secret-abc"
    moved = store.put(dataclasses.replace(sample_profile, **change))
    assert store.client_secret_for(moved) is None
    assert "was not sent there" in profiles.bound_elsewhere(moved)
    assert store.client_secret_for(store.put(sample_profile)) == "memory-secret-abc"


def test_a_file_that_is_not_utf8_is_said_in_words(store):
    """The reason names what is wrong, not a Python exception class."""
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(b"\xff\xfe not text")
    fresh = ProfileStore(store.path)
    assert fresh.list() == []
    assert "not UTF-8 text" in fresh.load_problem
    assert "Error" not in fresh.load_problem


def test_a_hostile_deeply_nested_file_is_set_aside_not_a_crash(store):
    store.path.parent.mkdir(parents=True)
    store.path.write_text("[" * 200_000)
    fresh = ProfileStore(store.path)
    assert fresh.list() == []
    assert "nested too deeply" in fresh.load_problem and "kept as" in fresh.load_problem


def test_profile_errors_say_what_went_wrong_as_a_code(store, sample_profile):
    """Callers branch on `code`, never on the message."""
    store.put(sample_profile)
    store.duplicate(sample_profile.name, "copy")
    cases = [
        (lambda: store.duplicate(sample_profile.name, "copy"), ProfileError.NAME_TAKEN),
        (lambda: store.rename("missing", "x"), ProfileError.NO_SUCH_PROFILE),
        (lambda: store.rename("copy", "  "), ProfileError.INVALID_NAME),
        (lambda: store.put(dataclasses.replace(sample_profile, client_id="")),
         ProfileError.INVALID_FIELDS),
        (lambda: Profile.from_json({"name": "x", "region": 3}), ProfileError.BAD_ENTRY),
    ]
    for call, code in cases:
        with pytest.raises(ProfileError) as raised:
            call()
        assert raised.value.code == code
