"""The seeded hosted UI and M2M clients work over HTTP: a PKCE code flow driven like a
browser (top-level navigation, same-origin form post), and client_credentials tokens."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest

from tests.sandbox.helpers import boto, raw_request
from tokenexplorer.cognito import sandbox as facade

pytestmark = pytest.mark.network
NAVIGATION = {"Sec-Fetch-Site": "none", "Sec-Fetch-Mode": "navigate",
              "Sec-Fetch-Dest": "document", "Accept": "text/html"}


def _token(info, form, secret=None):
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if secret is not None:
        pair = f"{info.m2m_client_id}:{secret}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
    request = urllib.request.Request(f"{info.endpoint_url}/oauth2/token",
                                     data=urlencode(form).encode(), headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as refused:
        return refused.code, json.load(refused)


def _authorize_and_log_in(sandbox, challenge, redirect_uri):
    info = sandbox.info
    query = urlencode({"response_type": "code", "client_id": info.hosted_ui_client_id,
                       "redirect_uri": redirect_uri, "scope": "openid email profile",
                       "state": "s-1", "nonce": "n-1", "code_challenge": challenge,
                       "code_challenge_method": "S256"})
    status, headers, page = raw_request(info.endpoint_url, "GET", f"/oauth2/authorize?{query}",
                                        NAVIGATION)
    assert status == 200 and b'action="/login"' in page
    assert not any(name.lower().startswith("access-control-") for name in headers)
    form = {"client_id": info.hosted_ui_client_id, "redirect_uri": redirect_uri,
            "scope": "openid email profile", "state": "s-1", "response_type": "code",
            "code_challenge": challenge, "code_challenge_method": "S256", "nonce": "n-1",
            "username": info.username, "password": info.password}
    origin = info.endpoint_url
    status, headers, _ = raw_request(
        info.endpoint_url, "POST", "/login",
        {**NAVIGATION, "Sec-Fetch-Site": "same-origin", "Origin": origin,
         "Content-Type": "application/x-www-form-urlencoded"}, urlencode(form).encode())
    assert status in (302, 303), status
    location = urlsplit(headers.get("Location") or headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == redirect_uri
    return parse_qs(location.query)


def test_seeded_hosted_ui_client(sandbox):
    client = boto("cognito-idp", sandbox.endpoint_url).describe_user_pool_client(
        UserPoolId=sandbox.info.user_pool_id, ClientId=sandbox.info.hosted_ui_client_id,
    )["UserPoolClient"]
    assert "ClientSecret" not in client and client["AllowedOAuthFlows"] == ["code"]
    assert set(client["AllowedOAuthScopes"]) == {"openid", "email", "profile"}
    assert client["CallbackURLs"] == [f"http://localhost:{port}/callback"
                                      for port in facade.HOSTED_UI_CALLBACK_PORTS]
    assert client["LogoutURLs"] == ["http://localhost:53682/signed-out"]
    assert facade.HOSTED_UI_CALLBACK_PORTS == (53682, 53683, 53684)


def test_pkce_code_flow_through_the_hosted_ui(sandbox):
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(
        hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    redirect = facade.HOSTED_UI_CALLBACK_URLS[1]
    answer = _authorize_and_log_in(sandbox, challenge, redirect)
    assert answer["state"] == ["s-1"]
    form = {"grant_type": "authorization_code", "client_id": sandbox.info.hosted_ui_client_id,
            "code": answer["code"][0], "redirect_uri": redirect}
    status, refused = _token(sandbox.info, {**form, "code_verifier": "x" * 50})
    assert status == 400 and refused["error"] == "invalid_grant"
    answer = _authorize_and_log_in(sandbox, challenge, redirect)
    status, tokens = _token(sandbox.info, {**form, "code": answer["code"][0],
                                           "code_verifier": verifier})
    assert status == 200, tokens
    claims = jwt.decode(tokens["id_token"], options={"verify_signature": False})
    assert claims["nonce"] == "n-1" and claims["aud"] == sandbox.info.hosted_ui_client_id
    assert claims["iss"] == sandbox.profile.issuer


def test_openid_configuration_points_at_the_engine(sandbox):
    url = f"{sandbox.endpoint_url}/{sandbox.info.user_pool_id}/.well-known/openid-configuration"
    with urllib.request.urlopen(url, timeout=10) as answer:
        document = json.load(answer)
    assert document["authorization_endpoint"] == f"{sandbox.info.hosted_ui_url}/oauth2/authorize"
    assert document["token_endpoint"] == f"{sandbox.info.hosted_ui_url}/oauth2/token"


def test_a_callback_outside_the_list_is_refused(sandbox):
    query = urlencode({"response_type": "code", "client_id": sandbox.info.hosted_ui_client_id,
                       "redirect_uri": "http://localhost:9/callback", "scope": "openid"})
    status, _, _ = raw_request(sandbox.endpoint_url, "GET", f"/oauth2/authorize?{query}",
                               NAVIGATION)
    assert status == 400  # the engine refuses it (not the guard: 403)


def test_m2m_client_credentials_with_the_resource_servers_scopes(sandbox):
    info = sandbox.info
    assert info.m2m_client_secret and info.m2m_client_secret not in json.dumps(info.as_json())
    assert info.m2m_client_secret not in repr(info)
    status, tokens = _token(info, {"grant_type": "client_credentials",
                                   "scope": "sandbox-api/read sandbox-api/write"},
                            secret=info.m2m_client_secret)
    assert status == 200, tokens
    claims = jwt.decode(tokens["access_token"], options={"verify_signature": False})
    assert set(claims["scope"].split()) == {"sandbox-api/read", "sandbox-api/write"}
    assert claims["client_id"] == info.m2m_client_id
    status, refused = _token(info, {"grant_type": "client_credentials"}, secret="wrong")
    assert status in (400, 401) and refused["error"] == "invalid_client"


def test_pool_has_optional_totp_and_email_verification(sandbox):
    idp = boto("cognito-idp", sandbox.endpoint_url)
    pool_id = sandbox.info.user_pool_id
    mfa = idp.get_user_pool_mfa_config(UserPoolId=pool_id)
    assert mfa["MfaConfiguration"] == "OPTIONAL"
    assert mfa["SoftwareTokenMfaConfiguration"]["Enabled"] is True
    pool = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["AutoVerifiedAttributes"] == ["email"]
    assert pool["Domain"] == "tokenexplorer-sandbox"
    server = idp.describe_resource_server(UserPoolId=pool_id, Identifier="sandbox-api")
    assert {s["ScopeName"] for s in server["ResourceServer"]["Scopes"]} == {"read", "write"}
