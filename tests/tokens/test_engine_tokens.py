"""Real emulator tokens: the engine (ministack) signs them with a key of its own (made on its
first start) and serves its JWKS at {endpoint}/{pool}/.well-known/…"""

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
                          aws_access_key_id="test", aws_secret_access_key="test",
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
    # The engine's refresh token is a signed JWT too (Cognito's is encrypted): no error.
    assert analysis.errors == []
    for report in kinds.values():
        if report.token.kind in (TokenKind.ID, TokenKind.ACCESS):
            assert report.signature.status is SignatureStatus.VALID, report.signature
            assert "fetched at" in report.signature.key_source
            assert not failed(report), report.checks
            # Valid, but only against the emulator: said so, in the reason and the warnings.
            assert "emulator's JWKS (an emulator, not AWS)" in (report.signature.reason or "")
            assert any(f"emulator's JWKS at {endpoint}" in w for w in report.warnings)
            # Its key is its own, not moto's published one: no "anyone can forge" warning.
            assert MOTO_KEY_WARNING not in report.warnings

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
