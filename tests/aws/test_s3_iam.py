"""IAM on S3, enforced by the engine: the identity pool's lesson, with the roles and policies
made here (not the app's seeded sandbox). Guests read public/*; signed-in identities also
read and write their own private/${sub}/*; everything else is AccessDenied."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.engine_world import BUCKET, admin, make_world
from tokenexplorer.aws import credentials as creds
from tokenexplorer.aws.s3 import S3Browser
from tokenexplorer.aws.s3_errors import S3Error

_SUB = "${cognito-identity.amazonaws.com:sub}"
GUEST: list[dict[str, Any]] = [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{BUCKET}/public/*"}]
SIGNED_IN: list[dict[str, Any]] = [
    *GUEST, {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
             "Resource": f"arn:aws:s3:::{BUCKET}/private/{_SUB}/*"}]


@pytest.fixture
def world(engine_endpoint):
    return make_world(engine_endpoint, guest=GUEST, authenticated=SIGNED_IN)


def test_guest_put_is_denied_and_own_prefix_put_succeeds(world, tmp_path):
    profile = world.profile()
    note = tmp_path / "note.txt"
    note.write_text("hello")
    guest = S3Browser.for_profile(profile, creds.CredentialsManager(profile, "guest"))
    with pytest.raises(S3Error) as denied:
        guest.upload(world.bucket, "public/", [note])
    assert denied.value.code == "access_denied" and denied.value.action == "s3:PutObject"
    out = tmp_path / "out"
    out.mkdir()
    guest.download(world.bucket, ["public/welcome.txt"], out)  # guests may read public/
    assert (out / "welcome.txt").read_bytes()

    id_token = admin("cognito-idp", world.endpoint_url).initiate_auth(
        ClientId=world.client_id, AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": world.username, "PASSWORD": world.password},
    )["AuthenticationResult"]["IdToken"]
    manager = creds.CredentialsManager(profile, "authenticated", lambda: id_token)
    signed_in = S3Browser.for_profile(profile, manager)
    identity = manager.current().identity_id
    # The engine's IAM evaluator does not substitute ${cognito-identity.amazonaws.com:sub}:
    # the policy names this identity literally, which is what the variable stands for.
    role = admin("cognito-identity", world.endpoint_url).get_identity_pool_roles(
        IdentityPoolId=world.identity_pool_id)["Roles"]["authenticated"].rpartition("/")[2]
    admin("iam", world.endpoint_url).put_role_policy(
        RoleName=role, PolicyName="access", PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": json.loads(json.dumps(SIGNED_IN).replace(_SUB, identity))}))
    own = f"private/{identity}/"
    assert signed_in.upload(world.bucket, own, [note]) == [f"{own}note.txt"]
    body = admin("s3", world.endpoint_url).get_object(Bucket=world.bucket, Key=f"{own}note.txt")
    assert body["Body"].read() == b"hello"
    with pytest.raises(S3Error) as elsewhere:  # another identity's prefix
        signed_in.upload(world.bucket, "private/us-east-1:someone-else/", [note])
    assert elsewhere.value.code == "access_denied"
