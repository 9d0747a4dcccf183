"""The identity pool's two roles, enforced by the engine's IAM evaluator, through the app's
own credential (CredentialsManager) and S3 (S3Browser) code paths over real HTTP."""

from __future__ import annotations

import json

import pytest

from tests.sandbox.helpers import boto, sign_in_password
from tokenexplorer.aws.credentials import CredentialsManager
from tokenexplorer.aws.s3 import S3Browser
from tokenexplorer.aws.s3_errors import S3Error
from tokenexplorer.sandbox import policies

pytestmark = pytest.mark.network


@pytest.fixture(scope="module")
def guest(sandbox):
    return S3Browser.for_profile(sandbox.profile, CredentialsManager(sandbox.profile, "guest"))


def _authenticated(sandbox, username, password):
    token = sign_in_password(sandbox.info, username, password)["IdToken"]
    manager = CredentialsManager(sandbox.profile, "authenticated",
                                 id_token_supplier=lambda: token)
    return manager, S3Browser.for_profile(sandbox.profile, manager)


@pytest.fixture(scope="module")
def demo(sandbox):
    return _authenticated(sandbox, sandbox.info.username, sandbox.info.password)


@pytest.fixture(scope="module")
def other_identity(sandbox):
    """A second user's identity ID (another identity's prefix)."""
    idp = boto("cognito-idp", sandbox.endpoint_url)
    password = "Other-User-1a"
    idp.admin_create_user(UserPoolId=sandbox.info.user_pool_id, Username="other",
                          TemporaryPassword=password, MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=sandbox.info.user_pool_id, Username="other",
                                Password=password, Permanent=True)
    manager, _browser = _authenticated(sandbox, "other", password)
    return manager.current().identity_id


def _upload(browser, bucket, prefix, tmp_path):
    source = tmp_path / "note.txt"
    source.write_text("written by a test\n")
    return browser.upload(bucket, prefix, [source])


def test_guest_reads_and_lists_public(sandbox, guest):
    bucket = sandbox.info.bucket
    listing = guest.list_all(bucket, "public/")
    assert "public/welcome.txt" in {item.key for item in listing.objects}
    assert guest.head(bucket, "public/welcome.txt").size > 0


def test_guest_put_is_denied_and_the_policy_is_named(sandbox, guest, tmp_path):
    with pytest.raises(S3Error) as denied:
        _upload(guest, sandbox.info.bucket, "public/", tmp_path)
    error = denied.value
    assert error.code == "access_denied" and error.original_code == "AccessDenied"
    assert error.action == "s3:PutObject"
    assert policies.GUEST_ROLE_NAME in error.message
    assert error.hint and "guest role may only read" in error.hint
    with pytest.raises(S3Error, match="ListBucket"):
        guest.list_all(sandbox.info.bucket, "")  # the bucket's root is not public/


def test_authenticated_writes_its_own_prefix_only(sandbox, demo, other_identity, tmp_path):
    manager, browser = demo
    bucket = sandbox.info.bucket
    own = f"private/{manager.current().identity_id}/"
    assert own != f"private/{other_identity}/"
    assert _upload(browser, bucket, own, tmp_path) == [f"{own}note.txt"]
    assert [item.key for item in browser.list_all(bucket, own).objects] == [f"{own}note.txt"]
    assert browser.head(bucket, "public/welcome.txt").size > 0  # guest rights too
    with pytest.raises(S3Error) as denied:
        _upload(browser, bucket, f"private/{other_identity}/", tmp_path)
    assert denied.value.code == "access_denied"
    assert policies.AUTHENTICATED_ROLE_NAME in denied.value.message
    assert "only under" in (denied.value.hint or "")
    with pytest.raises(S3Error):
        browser.list_all(bucket, f"private/{other_identity}/")
    assert not browser.delete(bucket, [f"{own}note.txt"]).failed
    assert browser.list_all(bucket, own).objects == []


def test_roles_hold_exactly_the_lesson_policies(sandbox):
    iam = boto("iam", sandbox.endpoint_url)
    bucket = sandbox.info.bucket
    for role, statements in ((policies.GUEST_ROLE_NAME, policies.guest_statements(bucket)),
                             (policies.AUTHENTICATED_ROLE_NAME,
                              policies.authenticated_statements(bucket))):
        document = iam.get_role_policy(RoleName=role, PolicyName=policies.POLICY_NAME)
        text = document["PolicyDocument"]
        parsed = json.loads(text) if isinstance(text, str) else text
        assert parsed["Statement"] == statements
    roles = boto("cognito-identity", sandbox.endpoint_url).get_identity_pool_roles(
        IdentityPoolId=sandbox.info.identity_pool_id)["Roles"]
    assert roles["unauthenticated"].endswith("/" + policies.GUEST_ROLE_NAME)
    assert roles["authenticated"].endswith("/" + policies.AUTHENTICATED_ROLE_NAME)
    own = policies.authenticated_statements(bucket)[2]
    assert own["Resource"].endswith("/private/${cognito-identity.amazonaws.com:sub}/*")
