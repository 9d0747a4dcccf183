"""Identity-pool credentials against the emulator: guest, authenticated, renewal, exports."""

from __future__ import annotations

import configparser
import dataclasses
import shlex
from datetime import UTC, datetime, timedelta

import pytest

from tokenexplorer.activity import ActivityLog
from tokenexplorer.aws import credentials as creds
from tokenexplorer.aws.clients import AwsCredentials
from tokenexplorer.cognito.profiles import Profile

EU_POOL = "eu-west-1_AbCdEf123"


def _eu_profile(**overrides) -> Profile:
    values = dict(
        name="eu",
        region="us-east-1",  # deliberately disagrees: the pool ID decides
        user_pool_id=EU_POOL,
        client_id="client123",
        identity_pool_id="eu-central-1:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
    )
    values.update(overrides)
    return Profile(**values)


def test_logins_key_takes_the_region_from_the_user_pool_id():
    assert creds.logins_key(_eu_profile()) == f"cognito-idp.eu-west-1.amazonaws.com/{EU_POOL}"
    assert creds.logins_key("ap-southeast-2_Xyz") == (
        "cognito-idp.ap-southeast-2.amazonaws.com/ap-southeast-2_Xyz"
    )


def test_logins_key_refuses_a_pool_id_without_a_region():
    with pytest.raises(creds.CredentialsError) as caught:
        creds.logins_key("NoRegionHere")
    assert caught.value.code == "bad_user_pool_id"


def test_identity_pool_region_comes_from_its_id():
    assert creds.identity_pool_region(_eu_profile()) == "eu-central-1"
    with pytest.raises(creds.CredentialsError) as caught:
        creds.identity_pool_region(_eu_profile(identity_pool_id=None))
    assert caught.value.code == "no_identity_pool"


def test_guest_credentials(profile):
    got = creds.get_guest_credentials(profile)
    assert got.kind == "guest"
    assert got.identity_id.startswith("us-east-1:")
    assert got.credentials.access_key_id and got.credentials.secret_access_key
    assert got.credentials.session_token
    assert got.expiration.tzinfo is not None
    # The emulator hands out short-lived credentials (90 s in moto 5.2); real AWS 1 h.
    assert 0 < got.seconds_left() <= 3600
    text = repr(got)
    assert got.credentials.secret_access_key not in text
    assert got.credentials.session_token not in text


def test_authenticated_credentials_send_the_id_token_under_the_pool_key(profile, id_token):
    log = ActivityLog()
    got = creds.get_authenticated_credentials(profile, id_token, activity=log)
    assert got.kind == "authenticated"
    assert got.credentials.access_key_id
    operations = [entry.operation for entry in log.entries()]
    assert operations == ["GetId", "GetCredentialsForIdentity"]
    get_id = log.entries()[0]
    # The activity log keeps the Logins key (the provider name) and masks the token.
    assert list(get_id.request["Logins"]) == [profile.logins_key]
    assert id_token not in str(get_id.request)


def test_a_pool_outside_us_east_1_sends_its_own_region_in_the_logins_key(engine_endpoint):
    """The engine checks that the Logins key names the token's issuer: a user pool in
    eu-west-1 behind an identity pool in us-east-1 works only with the pool's own region."""
    import boto3

    from tests.engine_world import ALL_OF_S3, add_user, admin, give_roles

    eu_idp = boto3.session.Session().client(
        "cognito-idp", endpoint_url=engine_endpoint, region_name="eu-west-1",
        aws_access_key_id="test", aws_secret_access_key="test")
    pool_id = eu_idp.create_user_pool(PoolName="eu")["UserPool"]["Id"]
    client_id = eu_idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="eu",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    add_user(eu_idp, pool_id, "eve", "Eve-Europe-12")
    id_token = eu_idp.initiate_auth(
        ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "eve", "PASSWORD": "Eve-Europe-12"},
    )["AuthenticationResult"]["IdToken"]
    provider = f"cognito-idp.eu-west-1.amazonaws.com/{pool_id}"
    identity_pool_id = admin("cognito-identity", engine_endpoint).create_identity_pool(
        IdentityPoolName="eu", AllowUnauthenticatedIdentities=False,
        CognitoIdentityProviders=[{"ProviderName": provider, "ClientId": client_id}],
    )["IdentityPoolId"]
    give_roles(engine_endpoint, identity_pool_id, authenticated=ALL_OF_S3)
    eu = Profile(name="eu", region="us-east-1", user_pool_id=pool_id, client_id=client_id,
                 identity_pool_id=identity_pool_id, endpoint_url=engine_endpoint)
    log = ActivityLog()
    got = creds.get_authenticated_credentials(eu, id_token, activity=log)
    assert got.kind == "authenticated"
    assert list(log.entries()[0].request["Logins"]) == [provider]


def test_guest_and_authenticated_are_different_identities(profile, id_token):
    guest = creds.get_guest_credentials(profile)
    user = creds.get_authenticated_credentials(profile, id_token)
    assert guest.identity_id != user.identity_id


def test_caller_identity_names_the_principal(profile):
    got = creds.get_guest_credentials(profile)
    who = creds.caller_identity(got, profile)
    assert who.arn.startswith("arn:aws:")
    assert who.account.isdigit()
    assert who.user_id


def test_caller_identity_role_parsing():
    who = creds.CallerIdentity(
        "arn:aws:sts::123456789012:assumed-role/Cognito_PoolUnauth_Role/CognitoIdentityCredentials",
        "123456789012", "AROAEXAMPLE:CognitoIdentityCredentials",
    )
    assert who.role_name == "Cognito_PoolUnauth_Role"
    assert who.role_arn == "arn:aws:iam::123456789012:role/Cognito_PoolUnauth_Role"
    assert creds.CallerIdentity("arn:aws:iam::1:user/bob", "1", "AIDA").role_arn is None


def test_unknown_identity_pool_is_an_explained_error(profile):
    """moto answers an unknown pool with HTTP 500 (real AWS: ResourceNotFoundException)."""
    missing = dataclasses.replace(
        profile, identity_pool_id="us-east-1:00000000-0000-0000-0000-000000000000"
    )
    with pytest.raises(creds.CredentialsError) as caught:
        creds.get_guest_credentials(missing)
    assert caught.value.original_code
    assert caught.value.message.startswith("Getting identity-pool credentials")
    assert "Traceback" not in caught.value.message


def test_endpoint_down_is_explained(profile):
    down = dataclasses.replace(profile, endpoint_url="http://127.0.0.1:9")
    with pytest.raises(creds.CredentialsError) as caught:
        creds.get_guest_credentials(down)
    assert caught.value.code == "EndpointDown"


# ---------------------------------------------------------------- expiry and renewal


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


def test_renewal_margin_follows_the_lifetime():
    now = datetime(2030, 1, 1, tzinfo=UTC)
    aws = AwsCredentials("AKIA", "secret", "token")
    hour = creds.IdentityCredentials("id", "guest", aws, now + timedelta(hours=1), now)
    assert hour.renew_margin == 300
    assert not hour.renew_due(now + timedelta(minutes=54))
    assert hour.renew_due(now + timedelta(minutes=55, seconds=1))
    short = creds.IdentityCredentials("id", "guest", aws, now + timedelta(seconds=90), now)
    assert short.renew_margin == 22.5
    assert short.renew_in(now) == pytest.approx(67.5)
    assert short.expired(now + timedelta(seconds=90))


def test_manager_renews_guest_credentials_when_due(profile):
    clock = Clock()
    manager = creds.CredentialsManager(profile, "guest", clock=clock)
    seen: list[creds.IdentityCredentials] = []
    manager.subscribe(seen.append)
    first = manager.current()
    assert manager.current() is first  # not due: no network call, same object
    assert manager.renewals == 1
    # Move the clock to just past the renewal point of what the emulator returned.
    clock.now = first.expiration - timedelta(seconds=first.renew_margin - 1)
    second = manager.current()
    assert second is not first
    assert manager.renewals == 2
    assert second.identity_id == first.identity_id  # the same guest identity, renewed
    assert second.expiration > first.expiration - timedelta(seconds=1)
    assert seen == [first, second]


def test_manager_asks_for_a_fresh_id_token_on_each_renewal(profile, id_token):
    clock = Clock()
    calls: list[int] = []

    def supplier() -> str:
        calls.append(1)
        return id_token

    manager = creds.CredentialsManager(profile, "authenticated", supplier, clock=clock)
    first = manager.current()
    clock.now = first.expiration + timedelta(seconds=1)
    assert first.expired(clock.now)
    second = manager.current()
    assert second.kind == "authenticated"
    assert len(calls) == 2
    assert not second.renew_due(datetime.now(UTC))


def test_a_token_of_another_user_never_renews_the_previous_users_identity(
    profile, id_token, alice_id_token
):
    """Renewal with alice's token must not ask for demo's identity (trial report 2.3)."""
    tokens = [id_token]
    manager = creds.CredentialsManager(profile, "authenticated", lambda: tokens[-1])
    demo = manager.renew()
    assert demo.subject == creds.token_subject(id_token) is not None
    assert manager.renew().identity_id == demo.identity_id  # same user: same identity
    tokens.append(alice_id_token)
    alice = manager.renew()
    assert alice.subject == creds.token_subject(alice_id_token) != demo.subject
    assert alice.identity_id != demo.identity_id


def test_token_subject_reads_sub_and_tolerates_garbage(id_token):
    from tokenexplorer.cognito.session import jwt_claims

    assert creds.token_subject(id_token) == jwt_claims(id_token)["sub"]
    assert creds.token_subject("not a token") is None
    assert creds.token_subject("a.!!!.c") is None


def test_reading_the_held_credentials_never_waits_for_a_renewal(profile, id_token):
    """The GUI thread reads `credentials` while a worker renews (here: stuck in the supplier)."""
    import threading

    release = threading.Event()
    inside = threading.Event()

    def slow_supplier() -> str:
        inside.set()
        release.wait(30)
        return id_token

    manager = creds.CredentialsManager(profile, "authenticated", slow_supplier)
    outcome: list[str] = []

    def renew() -> None:
        try:
            manager.current()
            outcome.append("renewed")
        except creds.CredentialsError as exc:
            outcome.append(exc.code)

    worker = threading.Thread(target=renew)
    worker.start()
    assert inside.wait(10), "the renewal never reached the supplier"
    seen: list[object] = []

    def gui_thread() -> None:
        seen.append(manager.credentials)
        manager.clear()  # sign-out meanwhile: must not block either
        seen.append("cleared")

    reader = threading.Thread(target=gui_thread)
    reader.start()
    reader.join(10)  # were it blocked, it would wait for the supplier, which waits for us
    blocked = reader.is_alive()
    release.set()
    reader.join(10)
    assert not blocked, "reading or clearing the credentials waited for the renewal"
    assert seen == [None, "cleared"]
    worker.join(10)
    assert manager.credentials is None  # the renewal in flight did not bring them back
    assert outcome == ["cleared"]


def test_authenticated_manager_needs_a_token_supplier(profile):
    with pytest.raises(ValueError):
        creds.CredentialsManager(profile, "authenticated")


# ---------------------------------------------------------------- export formats


def _sample() -> creds.IdentityCredentials:
    now = datetime(2030, 5, 6, 7, 8, 9, tzinfo=UTC)
    return creds.IdentityCredentials(
        "us-east-1:abc", "guest", AwsCredentials("ASIAX", "se'cret", "tok/en+="),
        now + timedelta(hours=1), now, region="us-east-1",
    )


def test_env_export_is_shell_safe():
    text = creds.as_env(_sample())
    exports = dict(
        shlex.split(line.removeprefix("export "))[0].split("=", 1)
        for line in text.splitlines() if line.startswith("export ")
    )
    assert exports["AWS_ACCESS_KEY_ID"] == "ASIAX"
    assert exports["AWS_SECRET_ACCESS_KEY"] == "se'cret"
    assert exports["AWS_SESSION_TOKEN"] == "tok/en+="


def test_credentials_file_section():
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(creds.as_credentials_file(_sample(), "cognito"))
    assert parser["cognito"]["aws_secret_access_key"] == "se'cret"
    assert parser["cognito"]["aws_session_token"] == "tok/en+="


def test_process_and_json_documents():
    process = creds.as_process_json(_sample())
    assert process == {
        "Version": 1, "AccessKeyId": "ASIAX", "SecretAccessKey": "se'cret",
        "SessionToken": "tok/en+=", "Expiration": "2030-05-06T08:08:09Z",
    }
    document = creds.as_json(_sample())
    assert {"IdentityId", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"} <= set(
        document
    )
    assert document["IdentityId"] == "us-east-1:abc"
