"""The sandbox's seed data, checked over real HTTP against the engine (ministack)."""

import json
import socket
import urllib.error
import urllib.request

import boto3
import jwt
import pytest
from botocore import UNSIGNED
from botocore.config import Config

from tokenexplorer.cognito import sandbox
from tokenexplorer.cognito.sandbox import SandboxError, seed_sandbox, start_sandbox


def client(service, endpoint, signed=True):
    config = Config(
        region_name="us-east-1",
        retries={"max_attempts": 1},
        connect_timeout=5,
        read_timeout=20,
        s3={"addressing_style": "path"},
        **({} if signed else {"signature_version": UNSIGNED}),
    )
    keys = {"aws_access_key_id": "test", "aws_secret_access_key": "test"} if signed else {}
    return boto3.session.Session().client(service, endpoint_url=endpoint, config=config, **keys)


@pytest.fixture
def seeded(moto_endpoint):
    return seed_sandbox(moto_endpoint)


def test_seed_info_is_complete_and_consistent(seeded, moto_endpoint):
    assert seeded.endpoint_url == moto_endpoint
    assert seeded.region == "us-east-1"
    assert seeded.user_pool_id.startswith("us-east-1_")
    assert seeded.identity_pool_id.startswith("us-east-1:")
    assert (seeded.username, seeded.password) == (sandbox.DEMO_USERNAME, sandbox.DEMO_PASSWORD)
    profile = seeded.profile()
    assert profile.name == sandbox.SANDBOX_PROFILE_NAME == "Sandbox"
    assert profile.is_sandbox and profile.endpoint_url == moto_endpoint
    assert profile.problems() == []
    assert set(seeded.as_json()) == {
        "profile", "endpoint_url", "region", "user_pool_id", "client_id",
        "identity_pool_id", "bucket", "username", "password",
        "hosted_ui_url", "hosted_ui_client_id", "m2m_client_id", "data_dir",
    }
    assert seeded.m2m_client_secret not in json.dumps(seeded.as_json())


def test_seeding_again_finds_everything_and_creates_nothing(seeded, moto_endpoint):
    again = seed_sandbox(moto_endpoint)
    assert again == seeded
    idp = client("cognito-idp", moto_endpoint)
    assert len(idp.list_user_pools(MaxResults=60)["UserPools"]) == 1
    clients = idp.list_user_pool_clients(UserPoolId=seeded.user_pool_id, MaxResults=60)
    assert len(clients["UserPoolClients"]) == 3
    identity = client("cognito-identity", moto_endpoint)
    assert len(identity.list_identity_pools(MaxResults=60)["IdentityPools"]) == 1


def test_pool_and_client_settings(seeded, moto_endpoint):
    idp = client("cognito-idp", moto_endpoint)
    pool = idp.describe_user_pool(UserPoolId=seeded.user_pool_id)["UserPool"]
    policy = pool["Policies"]["PasswordPolicy"]
    assert policy["MinimumLength"] == 8 and policy["RequireNumbers"]
    app = idp.describe_user_pool_client(
        UserPoolId=seeded.user_pool_id, ClientId=seeded.client_id
    )["UserPoolClient"]
    assert "ClientSecret" not in app
    assert {"ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"} <= set(
        app["ExplicitAuthFlows"]
    )
    assert {"email", "given_name", "family_name"} <= set(app["ReadAttributes"])
    user = idp.admin_get_user(UserPoolId=seeded.user_pool_id, Username=seeded.username)
    assert user["UserStatus"] == "CONFIRMED"


def test_demo_user_signs_in_with_password_auth_and_refreshes(seeded, moto_endpoint):
    idp = client("cognito-idp", moto_endpoint, signed=False)
    result = idp.initiate_auth(
        ClientId=seeded.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": seeded.username, "PASSWORD": seeded.password},
    )["AuthenticationResult"]
    claims = jwt.decode(result["IdToken"], options={"verify_signature": False})
    assert claims["iss"] == seeded.profile().issuer
    assert claims["aud"] == seeded.client_id and claims["token_use"] == "id"
    assert claims["email"] == "demo@example.com"
    assert (claims["given_name"], claims["family_name"]) == ("Demo", "User")
    assert claims["cognito:username"] == seeded.username
    assert result["RefreshToken"]

    refreshed = idp.initiate_auth(
        ClientId=seeded.client_id,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": result["RefreshToken"]},
    )["AuthenticationResult"]
    assert refreshed["AccessToken"]

    with pytest.raises(idp.exceptions.NotAuthorizedException):
        idp.initiate_auth(
            ClientId=seeded.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": seeded.username, "PASSWORD": "Wrong-Password-1"},
        )


def test_identity_pool_gives_guests_credentials(seeded, moto_endpoint):
    identity = client("cognito-identity", moto_endpoint, signed=False)
    pool = client("cognito-identity", moto_endpoint).describe_identity_pool(
        IdentityPoolId=seeded.identity_pool_id
    )
    assert pool["AllowUnauthenticatedIdentities"] is True
    assert pool["CognitoIdentityProviders"][0]["ProviderName"] == seeded.profile().logins_key
    identity_id = identity.get_id(IdentityPoolId=seeded.identity_pool_id)["IdentityId"]
    assert identity_id.startswith("us-east-1:")
    credentials = identity.get_credentials_for_identity(IdentityId=identity_id)["Credentials"]
    assert credentials["AccessKeyId"] and credentials["SessionToken"]


def test_bucket_holds_the_sample_objects_under_public(seeded, moto_endpoint):
    s3 = client("s3", moto_endpoint)
    top = s3.list_objects_v2(Bucket=seeded.bucket, Delimiter="/")
    assert top.get("Contents", []) == []
    assert {item["Prefix"] for item in top["CommonPrefixes"]} == {"public/"}
    public = s3.list_objects_v2(Bucket=seeded.bucket, Prefix="public/", Delimiter="/")
    keys = {item["Key"] for item in public.get("Contents", [])}
    assert {"public/README.txt", "public/hello.json", "public/welcome.txt"} <= keys
    prefixes = {item["Prefix"] for item in public.get("CommonPrefixes", [])}
    assert {"public/docs/", "public/images/"} <= prefixes
    nested = s3.list_objects_v2(Bucket=seeded.bucket, Prefix="public/docs/", Delimiter="/")
    assert "public/docs/reference/" in {item["Prefix"] for item in nested["CommonPrefixes"]}
    readme = s3.get_object(Bucket=seeded.bucket, Key="public/README.txt")
    assert readme["ContentType"] == "text/plain"
    assert b"sandbox" in readme["Body"].read()


def test_seeding_an_endpoint_that_is_down_is_a_clear_error():
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    with pytest.raises(SandboxError, match="did not answer"):
        seed_sandbox(f"http://127.0.0.1:{port}")


def test_start_sandbox_serves_until_stopped():
    with start_sandbox(persist=False) as running:
        info = running.info
        assert running.profile.endpoint_url == info.endpoint_url == running.endpoint_url
        assert running.profile.is_sandbox
        idp = client("cognito-idp", info.endpoint_url, signed=False)
        tokens = idp.initiate_auth(
            ClientId=info.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": info.username, "PASSWORD": info.password},
        )["AuthenticationResult"]
        assert tokens["IdToken"]
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(info.endpoint_url + "/_ministack/health", timeout=2)


def test_start_sandbox_on_a_busy_port_fails_fast():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(SandboxError, match=f"127.0.0.1:{port}"):
            start_sandbox(port, persist=False)
    with pytest.raises(SandboxError, match="not a TCP port"):
        start_sandbox(70000)


def test_emulator_warning_names_the_caveats():
    text = sandbox.EMULATOR_WARNING
    assert "ministack" in text and "not AWS" in text and "SRP" in text
    assert "123456" in text and "inbox" in text and "never to trust a token" in text
