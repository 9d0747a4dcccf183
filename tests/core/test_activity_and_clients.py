"""The client factory and the activity log, against the emulator over real HTTP."""

import socket

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

from tokenexplorer.activity import ActivityLog, redact
from tokenexplorer.aws.clients import AwsCredentials, make_client

ADMIN = AwsCredentials("test", "test")  # the engine's root keys (tests/engine_world)


def test_redact_masks_secrets_and_tokens_but_keeps_what_teaches():
    jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlX2J5dGVz"
    shown = redact({
        "AuthFlow": "USER_SRP_AUTH",
        "AuthParameters": {"USERNAME": "alice", "PASSWORD": "hunter2", "SRP_A": "abc",
                           "SECRET_HASH": "xyz"},
        "ChallengeName": "PASSWORD_VERIFIER",
        "ConfirmationCode": "123456",
        "AuthenticationResult": {"IdToken": jwt, "TokenType": "Bearer", "ExpiresIn": 3600},
        "Note": jwt,
        "Credentials": {"AccessKeyId": "ASIA…", "SecretKey": "s3cr3t", "SessionToken": "tok"},
    })
    flat = repr(shown)
    for secret in ("hunter2", "123456", jwt, "s3cr3t", "xyz"):
        assert secret not in flat
    assert shown["AuthFlow"] == "USER_SRP_AUTH"
    assert shown["ChallengeName"] == "PASSWORD_VERIFIER"
    assert shown["AuthParameters"]["USERNAME"] == "alice"
    assert shown["AuthenticationResult"]["TokenType"] == "Bearer"
    assert shown["AuthenticationResult"]["ExpiresIn"] == 3600
    assert shown["AuthParameters"]["PASSWORD"] == "‹redacted, 7 chars›"


def test_calls_are_recorded_with_operation_outcome_and_duration(engine_endpoint):
    log = ActivityLog()
    client = make_client("cognito-idp", region="us-east-1", endpoint_url=engine_endpoint,
                         credentials=ADMIN, activity=log)
    pool = client.create_user_pool(PoolName="p")["UserPool"]["Id"]
    with pytest.raises(ClientError):
        client.initiate_auth(AuthFlow="USER_PASSWORD_AUTH", ClientId="nope",
                             AuthParameters={"USERNAME": "u", "PASSWORD": "pw-secret"})
    ok, failed = log.entries()
    assert (ok.operation, ok.outcome, ok.service) == ("CreateUserPool", "success", "cognito-idp")
    assert ok.endpoint.startswith(engine_endpoint)
    assert ok.response["UserPool"]["Id"] == pool
    assert ok.duration_ms > 0
    assert failed.operation == "InitiateAuth"
    assert failed.outcome == "ResourceNotFoundException"
    assert "pw-secret" not in repr(failed)


def test_dead_endpoint_fails_fast_and_is_recorded():
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = ActivityLog()
    client = make_client("cognito-idp", region="us-east-1", unsigned=True,
                         endpoint_url=f"http://127.0.0.1:{port}", activity=log,
                         retries=0, connect_timeout=1, read_timeout=1)
    with pytest.raises(EndpointConnectionError):
        client.initiate_auth(AuthFlow="USER_PASSWORD_AUTH", ClientId="c",
                             AuthParameters={"USERNAME": "u", "PASSWORD": "p"})
    (entry,) = log.entries()
    assert entry.operation == "InitiateAuth"
    assert entry.outcome == "connection refused"  # plain words, not the exception's class
    assert f"127.0.0.1:{port} refused the connection" in entry.response["error"]


def test_export_writes_only_redacted_entries(tmp_path, engine_endpoint):
    log = ActivityLog()
    client = make_client("cognito-idp", region="us-east-1", endpoint_url=engine_endpoint,
                         credentials=ADMIN, activity=log)
    pool = client.create_user_pool(PoolName="p")["UserPool"]["Id"]
    client.sign_up(ClientId=client.create_user_pool_client(
        UserPoolId=pool, ClientName="c")["UserPoolClient"]["ClientId"],
        Username="bob", Password="Sup3r-Secret!pw")
    out = tmp_path / "activity.json"
    log.export_json(out)
    text = out.read_text()
    assert "SignUp" in text and "Sup3r-Secret!pw" not in text
