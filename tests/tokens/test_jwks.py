import dataclasses
import json
import time

import jwt
import pytest
from token_factory import ISS, POOL, claims

from tokenexplorer.tokens import jwks
from tokenexplorer.tokens.decode import decode
from tokenexplorer.tokens.keys import JwksUrl
from tokenexplorer.tokens.model import SignatureStatus
from tokenexplorer.tokens.verify import VerifyOptions, needs_network, resolve_keys, verify

pytestmark = pytest.mark.network
NOW = time.time()
JWKS_PATH = f"/{POOL}/.well-known/jwks.json"


def test_cognito_issuer_form_is_strict():
    assert jwks.cognito_jwks_url(ISS) == f"{ISS}/.well-known/jwks.json"
    assert jwks.cognito_jwks_url(ISS, "http://127.0.0.1:5000/") == \
        f"http://127.0.0.1:5000{JWKS_PATH}"
    for bad in ("https://evil.example/us-east-1_X", f"{ISS}/../x", f"{ISS}?x", ISS + "/",
                "http://cognito-idp.us-east-1.amazonaws.com/us-east-1_A",
                "https://cognito-idp.us-east-1.amazonaws.com.evil.com/us-east-1_A",
                "https://cognito-idp.us-east-1.amazonaws.com/eu-west-1_A", None, 5):
        assert jwks.cognito_jwks_url(bad) is None, bad


@pytest.fixture
def token(rsa_key):
    return decode(jwt.encode(claims(NOW), rsa_key, "RS256", headers={"kid": "rsa-1"}))


def options(server, **extra):
    return VerifyOptions(endpoint_url=server.url, allow_http_jwks=True, timeout=5, **extra)


def test_fetch_then_cache_then_offline(jwks_server, jwks_document, token, no_network_later):
    jwks_server.serve(JWKS_PATH, jwks_document)
    online = options(jwks_server)
    assert needs_network(token, online)
    keys = resolve_keys(token, online)
    assert keys.problem is None and "fetched at" in keys.source
    assert "from cache" not in keys.source
    report = verify(token, keys, online)
    assert report.signature.status is SignatureStatus.VALID
    assert "fetched at" in report.signature.key_source
    assert jwks_server.requests == [JWKS_PATH]

    # Online again: the fresh cache has the kid, so no second request.
    assert not needs_network(token, online)
    assert "from cache fetched at" in resolve_keys(token, online).source
    assert jwks_server.requests == [JWKS_PATH]

    # Offline with the network gone: the cache alone verifies.
    attempts = no_network_later()
    offline = options(jwks_server, offline=True)
    assert not needs_network(token, offline)
    keys = resolve_keys(token, offline)
    assert "from cache fetched at" in keys.source
    assert verify(token, keys, offline).signature.status is SignatureStatus.VALID
    assert attempts == []


def test_unknown_kid_refetches(jwks_server, jwks_document, rsa_key):
    jwks_server.serve(JWKS_PATH, jwks_document)
    first = decode(jwt.encode(claims(NOW), rsa_key, "RS256", headers={"kid": "rsa-1"}))
    resolve_keys(first, options(jwks_server))
    rotated = decode(jwt.encode(claims(NOW), rsa_key, "RS256", headers={"kid": "new"}))
    keys = resolve_keys(rotated, options(jwks_server))
    assert len(jwks_server.requests) == 2
    assert verify(rotated, keys, options(jwks_server)).signature.status is \
        SignatureStatus.KEY_NOT_FOUND


def test_offline_without_cache_never_connects(jwks_server, token, no_network):
    keys = resolve_keys(token, options(jwks_server, offline=True))
    report = verify(token, keys, options(jwks_server, offline=True))
    assert report.signature.status is SignatureStatus.NOT_CHECKED
    assert "offline" in report.signature.reason
    assert no_network == [] and jwks_server.requests == []


def test_plain_http_needs_the_explicit_setting(jwks_server, jwks_document, token):
    jwks_server.serve(JWKS_PATH, jwks_document)
    strict = VerifyOptions(endpoint_url=jwks_server.url)
    report = verify(token, resolve_keys(token, strict), strict)
    assert report.signature.status is SignatureStatus.NOT_CHECKED
    assert "plain http" in report.signature.reason
    assert jwks_server.requests == []


def test_non_cognito_issuer_is_never_fetched(jwks_server, rsa_key):
    raw = jwt.encode(claims(NOW, iss=f"{jwks_server.url}/{POOL}"), rsa_key, "RS256")
    token = decode(raw)
    report = verify(token, resolve_keys(token, options(jwks_server)), options(jwks_server))
    assert report.signature.status is SignatureStatus.NOT_CHECKED
    assert "not a Cognito user-pool issuer" in report.signature.reason
    assert jwks_server.requests == []


def test_fetch_errors_are_reasons_and_stale_cache_is_used(jwks_server, jwks_document, token):
    jwks_server.serve(JWKS_PATH, b"<html>oops</html>")
    report = verify(token, resolve_keys(token, options(jwks_server)), options(jwks_server))
    assert report.signature.status is SignatureStatus.NOT_CHECKED
    assert "did not return JSON" in report.signature.reason

    jwks_server.serve(JWKS_PATH, jwks_document, status=302, headers={"Location": "http://x/"})
    keys = resolve_keys(token, options(jwks_server))
    assert "redirected" in keys.problem

    jwks_server.serve(JWKS_PATH, jwks_document)
    resolve_keys(token, options(jwks_server))  # cached now
    jwks_server.serve(JWKS_PATH, {}, status=500)
    # A kid missing from the cache forces a fetch; it fails, so the stale cache is used.
    missing_kid = dataclasses.replace(token, header={**token.header, "kid": "zz"})
    keys = resolve_keys(missing_kid, options(jwks_server))
    assert "HTTP 500" in keys.problem and "used the cache" in keys.problem and keys.keys
    report = verify(missing_kid, keys, options(jwks_server))
    assert report.signature.status is SignatureStatus.KEY_NOT_FOUND
    assert any("HTTP 500" in warning for warning in report.warnings)


def test_user_given_jwks_url(jwks_server, jwks_document, token):
    jwks_server.serve("/keys.json", jwks_document)
    opts = VerifyOptions(key_source=JwksUrl(f"{jwks_server.url}/keys.json"), allow_http_jwks=True)
    assert verify(token, resolve_keys(token, opts), opts).signature.status is \
        SignatureStatus.VALID
    refused = VerifyOptions(key_source=JwksUrl(f"{jwks_server.url}/other.json"))
    assert "plain http" in resolve_keys(token, refused).problem


def test_timeout_is_a_reason_not_a_hang(token):
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection, never answers
    try:
        opts = VerifyOptions(endpoint_url=f"http://127.0.0.1:{listener.getsockname()[1]}",
                             allow_http_jwks=True, timeout=0.5)
        start = time.perf_counter()
        keys = resolve_keys(token, opts)
        assert time.perf_counter() - start < 5
        assert "failed" in keys.problem
    finally:
        listener.close()


def test_odd_kids_in_token_and_cache_do_not_break_lookup(jwks_server, jwks_document, token):
    import dataclasses

    jwks_server.serve(JWKS_PATH, {"keys": [*jwks_document["keys"], {"kid": ["x"], "kty": "RSA"}]})
    resolve_keys(token, options(jwks_server))
    odd = dataclasses.replace(token, header={**token.header, "kid": ["rsa-1"]})
    assert needs_network(odd, options(jwks_server))  # a list kid never matches the cache
    offline = options(jwks_server, offline=True)
    report = verify(odd, resolve_keys(odd, offline), offline)
    assert report.signature.status is SignatureStatus.VALID  # like a token without kid


def test_each_fetch_is_recorded_in_the_activity_log(jwks_server, jwks_document, token):
    from dataclasses import asdict

    from tokenexplorer.activity import ActivityLog

    log = ActivityLog()
    jwks_server.serve(JWKS_PATH, jwks_document)
    opts = options(jwks_server, activity=log)
    assert verify(token, resolve_keys(token, opts), opts).signature.status is \
        SignatureStatus.VALID
    [entry] = log.entries()
    assert (entry.service, entry.operation, entry.outcome) == \
        ("cognito-idp JWKS", "GET jwks.json", "success")
    assert entry.endpoint == f"{jwks_server.url}{JWKS_PATH}" and entry.duration_ms >= 0
    assert entry.response["bytes"] == len(json.dumps(jwks_document).encode())
    assert entry.response["kids"] == ["ec-1", "rsa-1"]
    shown = json.dumps(asdict(entry), default=str)
    assert token.raw not in shown
    assert not any(token.raw[s.start:s.end] in shown for s in token.segments)

    resolve_keys(token, opts)  # a fresh cached copy: no request, no entry
    assert len(log.entries()) == 1

    # Failures are recorded too, with the HTTP status or the error class as the outcome.
    rotated = dataclasses.replace(token, header={**token.header, "kid": "new"})
    jwks_server.serve(JWKS_PATH, {}, status=404)
    resolve_keys(rotated, opts)
    assert log.entries()[-1].outcome == "HTTP 404"
    import socket

    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    closed = options(jwks_server, activity=log)
    closed.endpoint_url = f"http://127.0.0.1:{port}"
    resolve_keys(token, closed)
    assert log.entries()[-1].outcome == "connection refused"  # words, not a class name
    assert log.entries()[-1].endpoint.startswith(f"http://127.0.0.1:{port}/")


def test_a_refused_url_is_not_a_fetch(jwks_server, token):
    from tokenexplorer.activity import ActivityLog

    log = ActivityLog()
    strict = VerifyOptions(endpoint_url=jwks_server.url, activity=log)  # http not allowed
    assert "plain http" in resolve_keys(token, strict).problem
    assert log.entries() == [] and jwks_server.requests == []
