"""Client credentials, refresh, userInfo, revoke and discovery against the engine."""

from __future__ import annotations

import pytest
from hosted_helpers import browser_sign_in, follow

from tokenexplorer.activity import ActivityLog
from tokenexplorer.cognito.hosted_ui import HostedSignIn, HostedUIError, OAuthClient
from tokenexplorer.cognito.hosted_ui import errors as codes
from tokenexplorer.cognito.session import jwt_claims
from tokenexplorer.tokens.analyse import analyse_text
from tokenexplorer.tokens.options import VerifyOptions


def _signed_in(hosted):
    flow = HostedSignIn(hosted.profile())
    follow(browser_sign_in(flow.start()))
    return flow.finish(flow.wait(5)).tokens


def test_client_credentials_token(hosted):
    log = ActivityLog()
    client = OAuthClient(hosted.m2m_profile(), client_secret=hosted.m2m_secret, activity=log)
    token = client.client_credentials(("sandbox-api/read",))
    claims = jwt_claims(token.access_token)
    assert claims["sub"] == claims["client_id"] == hosted.m2m_client_id
    assert "username" not in claims and claims["scope"] == "sandbox-api/read"
    assert set(token.as_json()) == {"AccessToken", "ExpiresIn", "TokenType"}
    options = VerifyOptions(client_id=hosted.m2m_client_id, pool_id=hosted.pool_id,
                            endpoint_url=hosted.endpoint, allow_http_jwks=True)
    report = analyse_text(token.access_token, options).reports[0]
    checks = {c.name: c.ok for c in report.checks}
    assert checks["token_use"] is True and checks["client_id"] is True and checks["m2m"] is True
    assert report.signature.status.value == "valid"
    entry = log.entries()[-1]
    assert entry.operation == "POST /oauth2/token" and entry.outcome == "success"
    assert hosted.m2m_secret not in repr(log.entries())
    assert token.access_token not in repr(log.entries())


def test_client_credentials_wrong_secret_and_scope(hosted):
    client = OAuthClient(hosted.m2m_profile(), client_secret="wrong")
    with pytest.raises(HostedUIError) as caught:
        client.client_credentials()
    assert caught.value.code == codes.INVALID_CLIENT
    client = OAuthClient(hosted.m2m_profile(), client_secret=hosted.m2m_secret)
    with pytest.raises(HostedUIError) as caught:
        client.client_credentials(("sandbox-api/admin",))
    assert caught.value.code == codes.INVALID_SCOPE


def test_client_credentials_needs_a_secret(hosted):
    with pytest.raises(HostedUIError) as caught:
        OAuthClient(hosted.m2m_profile()).client_credentials()
    assert caught.value.code == codes.NO_SECRET


def test_userinfo_refresh_and_revoke(hosted):
    tokens = _signed_in(hosted)
    client = OAuthClient(hosted.profile())
    info = client.userinfo(tokens.access_token)
    assert info["email"] == "hosted@example.com"
    renewed = client.refresh(tokens.refresh_token)
    assert renewed.access_token and renewed.refresh_token == tokens.refresh_token
    with pytest.raises(HostedUIError) as caught:  # the engine has no /oauth2/revoke (README)
        client.revoke(tokens.refresh_token)
    assert caught.value.code == codes.NOT_SERVED


def test_bad_refresh_token_is_invalid_grant(hosted):
    with pytest.raises(HostedUIError) as caught:
        OAuthClient(hosted.profile()).refresh("not-a-refresh-token")
    assert caught.value.code == codes.INVALID_GRANT


def test_discovery_is_read_into_the_activity_log(hosted):
    log = ActivityLog()
    document = OAuthClient(hosted.profile(), activity=log).discovery()
    assert document["issuer"].endswith(hosted.pool_id)
    assert log.entries()[-1].operation.endswith("/.well-known/openid-configuration")


def test_logout_url(hosted):
    client = OAuthClient(hosted.profile())
    url = client.logout_url(f"http://localhost:{hosted.port}/signed-out")
    assert url.startswith(f"{hosted.endpoint}/logout?client_id={hosted.client_id}")
    assert follow(url)[0] == 302


def test_sign_out_falls_back_to_revoke_token_and_logout_lands(hosted, admin):
    from tokenexplorer.cognito.auth import CognitoAuth
    from tokenexplorer.cognito.errors import CognitoError
    from tokenexplorer.cognito.hosted_ui.listener import LoopbackListener
    from tokenexplorer.cognito.hosted_ui.sign_out import sign_out_hosted
    from tokenexplorer.cognito.session import Session

    tokens = _signed_in(hosted)
    profile = hosted.profile()
    session = Session(CognitoAuth(profile), tokens, profile_name=profile.name)
    outcome = sign_out_hosted(session, OAuthClient(profile))
    assert "RevokeToken API" in outcome.message and session.tokens is None
    with pytest.raises((HostedUIError, CognitoError)):
        OAuthClient(profile).refresh(tokens.refresh_token)
    with LoopbackListener(hosted.port, lambda _state: False) as listener:
        status, _ = follow(OAuthClient(profile).logout_url(
            f"http://localhost:{hosted.port}/signed-out"))
        assert status == 302
        assert follow(f"http://localhost:{hosted.port}/signed-out")[0] == 200
        assert listener.signed_out.is_set()
