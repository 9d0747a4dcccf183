"""The whole authorization-code flow over HTTP against the engine's hosted UI; the test plays
the browser (GET the authorize page, submit its form, follow the redirect to our listener)."""

from __future__ import annotations

import dataclasses
import socket
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
from hosted_helpers import browser_sign_in, follow, free_port, port_is_free

from tokenexplorer.activity import ActivityLog
from tokenexplorer.cognito.hosted_ui import HostedSignIn, HostedUIError
from tokenexplorer.cognito.hosted_ui import errors as codes
from tokenexplorer.cognito.hosted_ui.listener import SIGNED_IN_PAGE
from tokenexplorer.cognito.session import jwt_claims
from tokenexplorer.tokens.analyse import analyse_text
from tokenexplorer.tokens.options import VerifyOptions


def _checks(raw: str, hosted) -> dict[str, object]:
    options = VerifyOptions(client_id=hosted.client_id, pool_id=hosted.pool_id,
                            endpoint_url=hosted.endpoint, allow_http_jwks=True)
    report = analyse_text(raw, options).reports[0]
    return {c.name: c.ok for c in report.checks}


def test_sign_in_end_to_end(hosted):
    log = ActivityLog()
    flow = HostedSignIn(hosted.profile(), activity=log)
    url = flow.start()
    query = parse_qs(urlsplit(url).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == [f"http://localhost:{hosted.port}/callback"]
    assert query["scope"] == ["openid email profile"]
    location = browser_sign_in(url)
    status, page = follow(location)
    assert (status, page.strip()) == (200, SIGNED_IN_PAGE)
    result = flow.finish(flow.wait(5))
    claims = jwt_claims(result.tokens.id_token)
    assert claims["cognito:username"] == "hosted-user"
    assert result.nonce_ok is True and result.tokens.refresh_token
    checks = _checks(result.tokens.id_token, hosted)
    assert checks["nonce"] is True
    # Activity: the calls, named, and no code, verifier, state or token in any entry.
    operations = [e.operation for e in log.entries()]
    assert operations == ["GET /oauth2/authorize", "POST /oauth2/token"]
    text = repr(log.entries())
    code = parse_qs(urlsplit(location).query)["code"][0]
    for secret in (code, flow.request.verifier, flow.request.state, flow.request.nonce,
                   result.tokens.id_token, result.tokens.access_token):
        assert secret not in text
    # The port is free again.
    assert port_is_free(hosted.port)


def test_tampered_verifier_fails_at_the_server(hosted):
    flow = HostedSignIn(hosted.profile())
    url = flow.start()
    follow(browser_sign_in(url))
    callback = flow.wait(5)
    flow.request = dataclasses.replace(flow.request, verifier=flow.request.verifier[:-1] + "x")
    with pytest.raises(HostedUIError) as caught:
        flow.finish(callback)
    assert caught.value.code == codes.INVALID_GRANT
    assert "PKCE" in caught.value.message


def test_state_mismatch_is_refused_and_the_wait_goes_on(hosted):
    refused = []
    flow = HostedSignIn(hosted.profile(), on_refused=refused.append)
    url = flow.start()
    location = browser_sign_in(url)
    parts = urlsplit(location)
    query = parse_qs(parts.query)
    forged = urlunsplit(parts._replace(query=urlencode(
        {"code": query["code"][0], "state": "not-the-state"})))
    status, page = follow(forged)
    assert status == 400 and "state does not match" in page
    assert len(refused) == 1 and flow.listener.result is None
    assert follow(location)[0] == 200  # the real answer still gets through
    assert flow.finish(flow.wait(5)).nonce_ok is True


def test_nonce_mismatch_is_flagged(hosted):
    flow = HostedSignIn(hosted.profile())
    url = flow.start()
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query["nonce"] = "a-nonce-from-another-sign-in"
    follow(browser_sign_in(urlunsplit(parts._replace(query=urlencode(query)))))
    result = flow.finish(flow.wait(5))
    assert result.nonce_ok is False
    assert any("nonce" in w for w in result.warnings)
    assert _checks(result.tokens.id_token, hosted)["nonce"] is False


def test_busy_port_is_named(hosted):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", hosted.port))
        holder.listen()
        with pytest.raises(HostedUIError) as caught:
            HostedSignIn(hosted.profile()).start()
    assert caught.value.code == codes.PORT_BUSY
    assert str(hosted.port) in caught.value.message and "--port" in str(caught.value)


def test_the_next_free_callback_port_is_used(admin, moto_endpoint):
    from hosted_helpers import make_hosted_pool

    ports = (free_port(), free_port())
    hosted = make_hosted_pool(admin, moto_endpoint, ports=ports)
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", ports[0]))
        holder.listen()
        flow = HostedSignIn(hosted.profile(callback_ports=ports))
        url = flow.start()
    assert f"localhost%3A{ports[1]}" in url
    follow(browser_sign_in(url))
    assert flow.finish(flow.wait(5)).tokens.access_token


def test_redirect_mismatch_shows_the_url_to_register(hosted):
    port = free_port()
    with pytest.raises(HostedUIError) as caught:
        HostedSignIn(hosted.profile(), port=port).start()
    assert caught.value.code == codes.REDIRECT_MISMATCH
    assert f"http://localhost:{port}/callback" in caught.value.message
    assert port_is_free(port)  # the listener was stopped


def test_unknown_identity_provider_is_explained(hosted):
    with pytest.raises(HostedUIError) as caught:
        HostedSignIn(hosted.profile(), provider="Google").start()
    assert caught.value.code == codes.UNKNOWN_PROVIDER
    assert "Google" in caught.value.message


def test_invalid_scope_is_explained(hosted):
    with pytest.raises(HostedUIError) as caught:
        HostedSignIn(hosted.profile(hosted_ui_scopes=("openid", "sandbox-api/admin"))).start()
    assert caught.value.code == codes.INVALID_SCOPE


def test_client_without_oauth_is_explained(hosted, admin):
    plain = admin.create_user_pool_client(UserPoolId=hosted.pool_id, ClientName="no-oauth")
    profile = hosted.profile(client_id=plain["UserPoolClient"]["ClientId"])
    with pytest.raises(HostedUIError) as caught:
        HostedSignIn(profile).start()
    assert caught.value.code == codes.UNAUTHORIZED_CLIENT


def test_error_answer_from_the_browser_is_explained(hosted):
    flow = HostedSignIn(hosted.profile())
    flow.start()
    status, page = follow(f"http://localhost:{hosted.port}/callback?" + urlencode(
        {"state": flow.request.state, "error": "access_denied",
         "error_description": "<b>user said no</b>"}))
    assert status == 200 and "access_denied" in page
    with pytest.raises(HostedUIError) as caught:
        flow.finish(flow.wait(5))
    assert caught.value.code == codes.ACCESS_DENIED


def test_anything_but_the_callback_is_404(hosted):
    flow = HostedSignIn(hosted.profile())
    flow.start()
    try:
        assert follow(f"http://127.0.0.1:{hosted.port}/")[0] == 404
        assert follow(f"http://127.0.0.1:{hosted.port}/favicon.ico")[0] == 404
        assert flow.listener.result is None
    finally:
        flow.close()


def test_cancel_frees_the_port(hosted):
    import threading

    flow = HostedSignIn(hosted.profile())
    flow.start()
    outcome: list[BaseException] = []

    def wait() -> None:
        try:
            flow.wait(30)
        except HostedUIError as exc:
            outcome.append(exc)

    waiter = threading.Thread(target=wait)
    waiter.start()
    flow.cancel()
    waiter.join(5)
    assert outcome and outcome[0].code == codes.CANCELLED
    assert port_is_free(hosted.port)


def test_timeout_is_explained(hosted):
    flow = HostedSignIn(hosted.profile())
    flow.start()
    try:
        with pytest.raises(HostedUIError) as caught:
            flow.wait(0.3)
        assert caught.value.code == codes.TIMEOUT
    finally:
        flow.close()


def test_domain_that_does_not_resolve(hosted):
    profile = hosted.profile(hosted_ui_domain="no-such-domain.invalid", endpoint_url=None)
    with pytest.raises(HostedUIError) as caught:
        HostedSignIn(profile).start()
    assert caught.value.code in (codes.ENDPOINT_DOWN, codes.TIMEOUT)
    assert "no-such-domain.invalid" in caught.value.message
