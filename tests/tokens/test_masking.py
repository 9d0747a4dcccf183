"""The Masker: stable pseudonyms for personal values, in claims and in any text."""

import copy

import pytest

from tokenexplorer.tokens.masking import TOO_DEEP, Masker
from tokenexplorer.tokens.masking_rules import default_rules, rules_from_data

SUB = "3f1c2a9e-7b4d-4c1e-9a2b-5d6e7f809112"
IDENTITY = "eu-west-1:0c6f1e2a-1111-4222-8333-944455556666"


def test_each_kind_gets_its_documented_pseudonym():
    masker = Masker()
    masked = masker.mask_claims({
        "sub": SUB, "email": "jane@corp.example.com", "phone_number": "+447700900123",
        "cognito:username": "jdoe42", "name": "Jane Doe",
        "custom:keys": "AKIAIOSFODNN7EXAMPLE and ASIAY34FZKBOKMUTVV7A",
        "custom:where": f"{IDENTITY} in account 123456789012 from 203.0.113.9",
    })
    assert masked == {
        "sub": "00000000-0000-4000-8000-000000000001",
        "email": "user-1@example.invalid",
        "phone_number": "+1-555-0100-0001",
        "cognito:username": "user-1",
        "name": "Person 1",
        "custom:keys": "AKIAMASKED0000000001 and ASIAMASKED0000000002",
        "custom:where": "eu-west-1:00000000-0000-4000-8000-000000000001 in account "
                        "000000000001 from 192.0.2.1",
    }


def test_same_value_same_mask_across_claims_and_text():
    masker = Masker()
    first = masker.mask_claims({"sub": SUB, "email": "a@corp.example.com",
                                "custom:contact": "mail a@corp.example.com or b@corp.example.com"})
    second = masker.mask_claims({"username": SUB, "email": "b@corp.example.com"})
    assert second["username"] == first["sub"]  # met as a sub first: keeps that mask
    assert first["custom:contact"] == "mail user-1@example.invalid or user-2@example.invalid"
    assert second["email"] == "user-2@example.invalid"
    # a value learned from a claim is hidden wherever it turns up later in text
    line = masker.mask_text(f"GetObject private/{IDENTITY}/notes.txt by {SUB}")
    assert SUB not in line and "0c6f1e2a" not in line
    assert line.endswith(f"by {first['sub']}")


def test_masks_are_never_masked_again():
    masker = Masker()
    text = f"{SUB} jane@corp.example.com AKIAIOSFODNN7EXAMPLE 123456789012 {IDENTITY}"
    masker.mask_claims({"sub": SUB})
    once = masker.mask_text(text)
    assert masker.mask_text(once) == once
    # the uuid mask ends in twelve digits: not taken for an account ID
    assert "00000000-0000-4000-8000-000000000001" in once
    assert once.count("000000000001") == 3  # sub, account, identity ID (each the 1st of its kind)


def test_non_personal_claims_are_untouched():
    claims = {"iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool1",
              "aud": "3jc88ht7bue6q5ub32varsdqqm", "token_use": "id", "exp": 1700003600,
              "iat": 1700000000, "jti": "8f1c2a9e-7b4d-4c1e-9a2b-5d6e7f809113",
              "email_verified": True, "scope": "openid email", "cognito:groups": ["admins"],
              "origin_jti": "9a1c2a9e-7b4d-4c1e-9a2b-5d6e7f809114", "auth_time": 1700000000,
              "custom:endpoint": "http://127.0.0.1:5000/"}
    before = copy.deepcopy(claims)
    assert Masker().mask_claims(claims) == before
    assert claims == before  # and the original is not changed


def test_structured_personal_claims_are_masked_leaf_by_leaf():
    masker = Masker()
    masked = masker.mask_claims({
        "address": {"street_address": "12 Acacia Avenue", "postal_code": 12345,
                    "country": "UK"},
        "identities": [{"userId": "108234567890123456789", "providerName": "Google",
                        "primary": "true", "issuer": None}],
        "phone_number_verified": False,
    })
    assert masked["address"] == {"street_address": "Address line 1",
                                 "postal_code": "Address line 2", "country": "Address line 3"}
    assert masked["identities"] == [{"userId": "id-1", "providerName": "Google",
                                     "primary": "true", "issuer": None}]
    assert masked["phone_number_verified"] is False


def test_learned_values_are_whole_words_only():
    masker = Masker()
    masker.mask_claims({"given_name": "Jane"})
    assert masker.mask_text("Jane met Janeway") == "Person 1 met Janeway"


def test_deep_nesting_does_not_overflow():
    deep: object = "x@corp.example.com"
    for _ in range(5000):
        deep = [deep]
    masked = Masker().mask_claims({"custom:deep": deep})
    for _ in range(65):
        masked = masked[0] if isinstance(masked, list) else masked["custom:deep"]
    assert masked == TOO_DEEP or masked == [TOO_DEEP]


def test_rules_are_data():
    assert default_rules().kind_for("email").name == "email"
    assert default_rules().kind_for("custom:work_email").name == "email"
    assert default_rules().kind_for("iss") is None
    rules = rules_from_data({"kinds": {"badge": {"mask": "badge-{n:03d}",
                                                 "find": r"\bB-\d{6}\b"}},
                             "claims": {"custom:badge": "badge"}})
    masker = Masker(rules)
    assert masker.mask_claims({"custom:badge": "B-123456", "email": "a@corp.example.com",
                               "note": "badge B-654321"}) == \
        {"custom:badge": "badge-001", "email": "a@corp.example.com", "note": "badge badge-002"}
    with pytest.raises(ValueError, match="kind badge: bad regex"):
        rules_from_data({"kinds": {"badge": {"mask": "b", "find": "("}}})
    with pytest.raises(ValueError, match="unknown kinds"):
        rules_from_data({"kinds": {}, "claims": {"email": "mail"}})


def test_a_claim_later_in_the_token_is_still_hidden_in_an_earlier_one():
    masked = Masker().mask_claims({"cognito:roles": ["arn:aws:iam::123456789012:role/jdoe42"],
                                   "cognito:username": "jdoe42"})
    assert masked["cognito:roles"] == ["arn:aws:iam::000000000001:role/user-1"]


def test_a_mask_given_back_keeps_its_mask():
    masker = Masker()
    masker.mask_claims({"email": "a@corp.example.com", "sub": SUB})
    again = masker.mask_claims({"email": "user-1@example.invalid", "sub": "x-" + SUB})
    assert again["email"] == "user-1@example.invalid"
    second_sub = again["sub"]
    assert second_sub == "00000000-0000-4000-8000-000000000002"
    # the uuid mask ends in twelve digits: never taken for an account ID and re-masked
    assert masker.mask_text(f"user {second_sub}") == f"user {second_sub}"


def test_learned_values_need_whole_words_on_both_sides():
    masker = Masker()
    masker.mask_claims({"given_name": "Jane"})
    assert masker.mask_text("MaryJane and Jane") == "MaryJane and Person 1"


def test_booleans_and_nulls_under_personal_names_and_personal_keys():
    masked = Masker().mask_claims({
        "address": {"formatted": "12 Acacia Avenue", "verified": True, "extra": None},
        "custom:map": {"jane@corp.example.com": 1},
    })
    assert masked["address"] == {"formatted": "Address line 1", "verified": True,
                                 "extra": None}
    assert masked["custom:map"] == {"user-1@example.invalid": 1}
