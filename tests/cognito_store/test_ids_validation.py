"""ID, region, bucket and URL formats as the profile form validates them."""

import pytest

from tokenexplorer.cognito import ids


def problems_for(**fields):
    return {(p.field, p.level) for p in ids.validate_profile_fields(**fields)}


@pytest.mark.parametrize(
    ("pool_id", "region"),
    [
        ("eu-west-1_AbC123", "eu-west-1"),
        ("us-east-1_d1631f1e8b4a4389b1caa478a93adb53", "us-east-1"),
        ("us-gov-west-1_x9", "us-gov-west-1"),
        ("ap-southeast-5_Q", "ap-southeast-5"),
        (" eu-central-2_abc ", "eu-central-2"),
        ("eu-west-1-AbC123", None),
        ("eu-west-1_", None),
        ("eu-west-1_ab-c", None),
        ("EU-WEST-1_abc", None),
        ("", None),
        (None, None),
    ],
)
def test_region_from_user_pool_id(pool_id, region):
    assert ids.region_from_user_pool_id(pool_id) == region


@pytest.mark.parametrize(
    ("identity_pool_id", "region"),
    [
        ("eu-west-1:0a1b2c3d-1111-2222-3333-444455556666", "eu-west-1"),
        ("us-east-1:c4b0d45a-56a8-4b1d-8217-99d2b48ac842", "us-east-1"),
        ("eu-west-1_0a1b2c3d-1111-2222-3333-444455556666", None),
        ("eu-west-1:0A1B2C3D-1111-2222-3333-444455556666", None),
        ("eu-west-1:not-a-uuid", None),
        (None, None),
    ],
)
def test_region_from_identity_pool_id(identity_pool_id, region):
    assert ids.region_from_identity_pool_id(identity_pool_id) == region


VALID = {
    "name": "Work pool",
    "region": "eu-west-1",
    "user_pool_id": "eu-west-1_AbC123xyz",
    "client_id": "1example23456789abcdefghij",
    "identity_pool_id": "eu-west-1:0a1b2c3d-1111-2222-3333-444455556666",
    "bucket": "my-app.bucket-1",
    "hosted_ui_domain": "myapp.auth.eu-west-1.amazoncognito.com",
    "endpoint_url": "https://cognito.example.com",
}


def test_a_complete_valid_profile_has_no_problems():
    assert ids.validate_profile_fields(**VALID) == []


def test_fields_passed_as_none_are_not_checked():
    assert ids.validate_profile_fields() == []
    assert ids.validate_profile_fields(client_id="abc") == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("name", " padded"),
        ("name", "x" * 65),
        ("name", "tab\there"),
        ("user_pool_id", ""),
        ("user_pool_id", "AbC123xyz"),
        ("user_pool_id", "eu-west-1_" + "a" * 50),
        ("client_id", ""),
        ("client_id", "has space"),
        ("client_id", "a" * 129),
        ("region", "Europe"),
        ("identity_pool_id", "eu-west-1:1234"),
        ("bucket", "ab"),
        ("bucket", "My-Bucket"),
        ("bucket", "-starts-with-dash"),
        ("bucket", "two..dots"),
        ("bucket", "192.168.1.1"),
        ("bucket", "xn--punycode"),
        ("bucket", "name-s3alias"),
        ("bucket", "under_score"),
        ("endpoint_url", "ftp://example.com"),
        ("endpoint_url", "localhost:5000"),
        ("endpoint_url", "http://user:pw@127.0.0.1:5000"),
        ("endpoint_url", "http://127.0.0.1:99999"),
        ("endpoint_url", "http://127.0.0.1:5000/?x=1"),
        ("hosted_ui_domain", "http://myapp.auth.eu-west-1.amazoncognito.com"),
        ("hosted_ui_domain", "not a domain"),
    ],
)
def test_each_bad_value_is_an_error_on_its_own_field(field, value):
    fields = dict(VALID, **{field: value})
    found = ids.validate_profile_fields(**fields)
    assert (field, "error") in {(p.field, p.level) for p in found}, found
    assert all(p.message for p in found)
    # Only the changed field is blamed.
    assert {p.field for p in found if p.level == "error"} == {field}


def test_empty_region_is_fine_when_the_pool_id_gives_it():
    assert problems_for(region="", user_pool_id="eu-west-1_abc") == set()
    assert problems_for(region="", user_pool_id="nonsense") == {
        ("user_pool_id", "error"),
        ("region", "error"),
    }


def test_region_disagreeing_with_the_pool_id_is_a_warning_naming_both():
    found = ids.validate_profile_fields(region="us-east-2", user_pool_id="eu-west-1_abc")
    assert [(p.field, p.level) for p in found] == [("region", "warning")]
    assert "eu-west-1" in found[0].message and "us-east-2" in found[0].message


def test_region_disagreeing_with_the_identity_pool_is_a_warning():
    found = problems_for(
        region="eu-west-1",
        user_pool_id="eu-west-1_abc",
        identity_pool_id="us-east-1:0a1b2c3d-1111-2222-3333-444455556666",
    )
    assert ("region", "warning") in found
    assert ("identity_pool_id", "warning") in found
    assert not {level for _, level in found} & {"error"}


def test_plain_http_is_fine_locally_and_a_warning_elsewhere():
    assert problems_for(endpoint_url="http://127.0.0.1:5000") == set()
    assert problems_for(endpoint_url="http://localhost:9229/") == set()
    assert problems_for(endpoint_url="http://[::1]:5000") == set()
    assert problems_for(endpoint_url="http://cognito.example.com") == {("endpoint_url", "warning")}


def test_hosted_ui_domain_warnings():
    assert problems_for(hosted_ui_domain="https://auth.example.com") == {
        ("hosted_ui_domain", "warning")
    }
    assert problems_for(
        user_pool_id="eu-west-1_abc", hosted_ui_domain="app.auth.us-east-1.amazoncognito.com"
    ) == {("hosted_ui_domain", "warning")}
    assert ids.region_from_hosted_ui_domain("app.auth.us-east-1.amazoncognito.com") == "us-east-1"
    assert ids.region_from_hosted_ui_domain("auth.example.com") is None


def test_bucket_rules_each_give_a_sentence():
    assert ids.bucket_name_problems("tokenexplorer-sandbox") == []
    assert len(ids.bucket_name_problems("AB")) >= 2


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"name": " padded"}, ids.ProblemCode.NAME_SPACES),
        ({"user_pool_id": ""}, ids.ProblemCode.POOL_ID_MISSING),
        ({"user_pool_id": "eu-west-1 abc"}, ids.ProblemCode.POOL_ID_FORMAT),
        ({"client_id": "a b"}, ids.ProblemCode.CLIENT_ID_FORMAT),
        ({"region": "", "user_pool_id": "nonsense"}, ids.ProblemCode.REGION_MISSING),
        ({"region": "us-east-2", "user_pool_id": "eu-west-1_abc"},
         ids.ProblemCode.REGION_NOT_POOL_REGION),
        ({"bucket": "AB"}, ids.ProblemCode.BUCKET_NAME),
        ({"endpoint_url": "http://example.com"}, ids.ProblemCode.ENDPOINT_PLAIN_HTTP),
        ({"endpoint_url": "https://u:p@example.com"}, ids.ProblemCode.ENDPOINT_CREDENTIALS),
        ({"hosted_ui_domain": "https://auth.example.com"}, ids.ProblemCode.HOSTED_UI_SCHEME_GIVEN),
    ],
)
def test_each_problem_says_what_is_wrong_as_a_code(fields, code):
    """Callers branch on `code` (an enum), never on the English message."""
    found = ids.validate_profile_fields(**fields)
    assert code in {p.code for p in found}, found
    assert all(isinstance(p.field, ids.ProfileField) for p in found)
