"""The S3 tab's listing policy, without Qt: which listing is current, Up, typed prefixes."""

from __future__ import annotations

from tokenexplorer.aws.s3_browse import BrowseState


def _at(bucket: str, prefix: str = "") -> BrowseState:
    state = BrowseState()
    state.reset(bucket)
    state.go_to(prefix)
    return state


def test_pages_of_a_listing_the_user_left_are_stale():
    state = _at("b")
    first = state.start(page_size=2)
    assert state.page_arrived(first, 1) and state.pages == 1
    state.go_to("docs/")  # another folder: the first listing's pages must not be shown
    second = state.start()
    assert not state.page_arrived(first, 2)
    assert not state.is_current(first) and state.is_current(second)
    assert state.pages == 0  # counting restarted with the new listing
    state.stop()  # Cancel: nothing in flight is current any more
    assert not state.page_arrived(second, 1)
    assert (second.bucket, second.prefix, second.page_size) == ("b", "docs/", 1000)


def test_another_profile_drops_the_listing_and_starts_at_its_root():
    state = _at("old", "a/b/")
    listing = state.start()
    state.reset("  new ")
    assert not state.is_current(listing)
    assert (state.bucket, state.prefix, state.listed_once) == ("new", "", False)


def test_up_goes_to_the_parent_folder_and_stops_at_the_root():
    state = _at("b", "a/b")  # typed without the slash: the folder a/b/
    assert state.prefix == "a/b/"
    assert state.up() == "a/"
    state.go_to("a/")
    assert state.up() == ""
    state.go_to("")
    assert state.up() is None


def test_an_unchanged_prefix_field_means_the_current_prefix():
    state = _at("b", "we\u202eird/")
    shown = "we⟨U+202E⟩ird/"  # the field shows the prefix escaped
    assert state.typed(" b2 ", shown + " ", shown) == "we\u202eird/"
    assert state.bucket == "b2"
    assert state.typed("b2", "other/", shown) == "other/"


def test_the_bucket_is_listed_once_when_the_tab_opens_and_credentials_can_be_had():
    state = BrowseState()
    state.reset("b")
    assert not state.wants_first_listing(can_sign=False)
    assert state.wants_first_listing(can_sign=True)
    state.go_to("")
    assert not state.wants_first_listing(can_sign=True)  # listed already
    state.reset("")
    assert not state.wants_first_listing(can_sign=True)  # no bucket to list


def test_the_count_names_folders_objects_and_pages():
    state = _at("b")
    assert state.count_text(1, 0) == "1 folder, 0 objects"
    listing = state.start()
    state.page_arrived(listing, 3)
    assert state.count_text(3, 20_000) == "3 folders, 20,000 objects in 3 pages"
