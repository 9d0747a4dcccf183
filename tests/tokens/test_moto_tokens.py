"""Real emulator tokens: moto signs them and serves its JWKS at {endpoint}/{pool}/.well-known/…"""

import json

import pytest

from tokenexplorer.tokens.analyse import analyse_text
from tokenexplorer.tokens.keys import MOTO_KEY_WARNING
from tokenexplorer.tokens.model import SignatureStatus, TokenKind
from tokenexplorer.tokens.verify import VerifyOptions, failed

pytestmark = pytest.mark.network


@pytest.fixture
def signed_in(engine_endpoint):
    import boto3
    from botocore.config import Config

    client = boto3.client("cognito-idp", endpoint_url=engine_endpoint, region_name="us-east-1",
                          aws_access_key_id="testing", aws_secret_access_key="testing",
                          config=Config(retries={"max_attempts": 1}))
    pool = client.create_user_pool(PoolName="tokens")["UserPool"]["Id"]
    app = client.create_user_pool_client(
        UserPoolId=pool, ClientName="app",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    client.admin_create_user(UserPoolId=pool, Username="alice", MessageAction="SUPPRESS")
    client.admin_set_user_password(UserPoolId=pool, Username="alice",
                                   Password="Secret-Pass-123", Permanent=True)
    response = client.initiate_auth(ClientId=app, AuthFlow="USER_PASSWORD_AUTH",
                                     AuthParameters={"USERNAME": "alice",
                                                     "PASSWORD": "Secret-Pass-123"})
    return engine_endpoint, pool, app, json.dumps(response, default=str)


def test_emulator_tokens_verify_then_work_offline(signed_in, no_network_later):
    endpoint, pool, app, response = signed_in
    options = VerifyOptions(endpoint_url=endpoint, allow_http_jwks=True, client_id=app,
                            pool_id=pool)
    analysis = analyse_text(response, options)
    kinds = {report.token.kind: report for report in analysis.reports}
    assert {TokenKind.ID, TokenKind.ACCESS} <= set(kinds)
    # moto's refresh token is a UUID: a notice, not an error.
    assert analysis.errors == []
    assert any(n.startswith("RefreshToken is an opaque value") for n in analysis.find.notices)
    for report in kinds.values():
        if report.token.kind in (TokenKind.ID, TokenKind.ACCESS):
            assert report.signature.status is SignatureStatus.VALID, report.signature
            assert "fetched at" in report.signature.key_source
            assert not failed(report), report.checks
            # Valid, but only against the emulator, whose signing key is public in moto.
            assert "emulator's JWKS" in report.signature.reason
            assert "anyone can forge" in report.signature.reason
            assert MOTO_KEY_WARNING in report.warnings
            assert any(f"emulator's JWKS at {endpoint}" in w for w in report.warnings)

    attempts = no_network_later()
    offline = VerifyOptions(endpoint_url=endpoint, allow_http_jwks=True, client_id=app,
                            pool_id=pool, offline=True)
    again = analyse_text(response, offline)
    statuses = {r.token.kind: r.signature for r in again.reports}
    assert statuses[TokenKind.ID].status is SignatureStatus.VALID
    assert "from cache fetched at" in statuses[TokenKind.ID].key_source
    assert attempts == []

    wrong_client = VerifyOptions(endpoint_url=endpoint, allow_http_jwks=True, client_id="other",
                                 pool_id=pool, offline=True)
    assert all(failed(r) for r in analyse_text(response, wrong_client).reports
               if r.token.kind is TokenKind.ID)
