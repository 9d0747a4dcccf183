"""Identifier spoofing with look-alike characters: every ID/region pattern is ASCII-only.

`\\d` and `str.isdigit` accept ARABIC-INDIC or FULLWIDTH digits ("us-east-１"), `\\w` accepts
any letter, and `$` accepts a trailing newline: an ID that looks right but names another
region (or breaks a URL built from it) must be refused everywhere an ID is checked.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tokenexplorer.cognito import errors, ids
from tokenexplorer.tokens import claim_checks, jwks

VALID_POOL = "us-east-1_AbC123"
VALID_IDENTITY = "us-east-1:0a1b2c3d-1111-2222-3333-444455556666"
VALID_DOMAIN = "myapp.auth.us-east-1.amazoncognito.com"

# Any Unicode digit or letter that is not ASCII (FULLWIDTH ONE, ARABIC-INDIC, DEVANAGARI...).
non_ascii_digit = st.characters(categories=("Nd",)).filter(lambda c: not c.isascii())
non_ascii_letter = st.characters(categories=("Ll", "Lu", "Lo")).filter(
    lambda c: not c.isascii())


def _swap_digit(text: str, index: int, replacement: str) -> str:
    positions = [i for i, c in enumerate(text) if c.isascii() and c.isdigit()]
    at = positions[index % len(positions)]
    return text[:at] + replacement + text[at + 1:]


def _swap_letter(text: str, index: int, replacement: str) -> str:
    positions = [i for i, c in enumerate(text) if c.isascii() and c.isalpha()]
    at = positions[index % len(positions)]
    return text[:at] + replacement + text[at + 1:]


def _accepted_anywhere(pool: str, identity: str, region: str, domain: str) -> list[str]:
    """The checks that took a spoofed value as valid."""
    accepted = []
    if ids.is_region(region):
        accepted.append("is_region")
    if ids.region_from_user_pool_id(pool) is not None:
        accepted.append("region_from_user_pool_id")
    if ids.region_from_identity_pool_id(identity) is not None:
        accepted.append("region_from_identity_pool_id")
    if ids.region_from_hosted_ui_domain(domain) is not None:
        accepted.append("region_from_hosted_ui_domain")
    if jwks.cognito_issuer(f"https://cognito-idp.{region}.amazonaws.com/{pool}") is not None:
        accepted.append("cognito_issuer")
    if claim_checks.POOL_ID.fullmatch(pool):
        accepted.append("claim_checks.POOL_ID")
    if errors._harmless(pool):
        accepted.append("errors._harmless")
    fields = {p.field for p in ids.errors_only(ids.validate_profile_fields(
        name="p", region=region, user_pool_id=pool, client_id="abc",
        identity_pool_id=identity))}
    for field in ("region", "user_pool_id", "identity_pool_id"):
        if field not in fields:
            accepted.append(f"validate_profile_fields:{field}")
    return accepted


def test_the_ascii_originals_are_accepted():
    assert ids.is_region("us-east-1")
    assert ids.region_from_user_pool_id(VALID_POOL) == "us-east-1"
    assert ids.region_from_identity_pool_id(VALID_IDENTITY) == "us-east-1"
    assert ids.region_from_hosted_ui_domain(VALID_DOMAIN) == "us-east-1"
    assert jwks.cognito_issuer(f"https://cognito-idp.us-east-1.amazonaws.com/{VALID_POOL}")
    assert claim_checks.POOL_ID.fullmatch(VALID_POOL)


def test_fullwidth_digit_region_is_refused():
    spoof = "us-east-\uff11"  # FULLWIDTH DIGIT ONE
    pool = f"{spoof}_AbC123"
    assert _accepted_anywhere(pool, f"{spoof}:0a1b2c3d-1111-2222-3333-444455556666", spoof,
                              f"myapp.auth.{spoof}.amazoncognito.com") == []


@settings(max_examples=200, deadline=None)
@given(digit=non_ascii_digit, index=st.integers(min_value=0, max_value=20))
def test_unicode_digit_spoofing_is_refused_by_every_id_pattern(digit, index):
    region = _swap_digit("us-east-1", index, digit)
    pool = f"{region}_AbC123"
    identity = f"{region}:0a1b2c3d-1111-2222-3333-444455556666"
    domain = f"myapp.auth.{region}.amazoncognito.com"
    assert _accepted_anywhere(pool, identity, region, domain) == []
    # A digit in the pool's own part or the UUID, too.
    assert ids.region_from_user_pool_id(_swap_digit(VALID_POOL, index, digit)) is None
    assert ids.region_from_identity_pool_id(_swap_digit(VALID_IDENTITY, index, digit)) is None
    assert not claim_checks.POOL_ID.fullmatch(_swap_digit(VALID_POOL, index, digit))


@settings(max_examples=200, deadline=None)
@given(letter=non_ascii_letter, index=st.integers(min_value=0, max_value=20))
def test_unicode_letter_spoofing_is_refused_by_every_id_pattern(letter, index):
    region = _swap_letter("us-east-1", index, letter)
    pool = _swap_letter(VALID_POOL, index, letter)
    identity = f"{region}:0a1b2c3d-1111-2222-3333-444455556666"
    domain = f"myapp.auth.{region}.amazoncognito.com"
    assert _accepted_anywhere(f"{region}_AbC123", identity, region, domain) == []
    assert ids.region_from_user_pool_id(pool) is None
    assert not errors._harmless(pool)
    problems = ids.errors_only(ids.validate_profile_fields(
        client_id=_swap_letter("1example23456789abcdefghij", index, letter),
        bucket=_swap_letter("my-app-bucket", index, letter),
        hosted_ui_domain=_swap_letter(VALID_DOMAIN, index, letter)))
    assert {p.field for p in problems} == {"client_id", "bucket", "hosted_ui_domain"}


@settings(max_examples=20, deadline=None)
@given(tail=st.sampled_from(["\n", "\r\n", "\u2028", "\x85"]))
def test_line_break_smuggled_after_an_id_is_refused(tail):
    """`$` matches before a final newline; the patterns end with `\\Z`."""
    assert not ids.is_region("us-east-1" + tail)
    assert not errors._harmless(VALID_POOL + tail)
    assert jwks.cognito_issuer(
        f"https://cognito-idp.us-east-1.amazonaws.com/{VALID_POOL}{tail}") is None
