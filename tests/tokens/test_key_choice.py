"""Which keys check a token with the Automatic source, and what the verdict then says.

A configured pool never replaces the token's own iss; the emulator endpoint serves only the
configured pool; HS* tokens point to the HMAC secret; moto's built-in key is always flagged.
"""

import gzip
import importlib.util
import json
import time
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from token_factory import CLIENT, POOL, b64, claims, public_jwk

from tokenexplorer.tokens import jwks
from tokenexplorer.tokens.decode import decode
from tokenexplorer.tokens.keys import MOTO_KEY_WARNING, JwksFile, PemKey
from tokenexplorer.tokens.model import SignatureStatus
from tokenexplorer.tokens.verify import VerifyOptions, failed, needs_network, resolve_keys, verify

NOW = time.time()
OTHER_POOL = "eu-west-1_OtherPool9"
OTHER_ISS = f"https://cognito-idp.eu-west-1.amazonaws.com/{OTHER_POOL}"
JWKS_PATH = f"/{POOL}/.well-known/jwks.json"
HS_NEEDS_SECRET = "HS256 is signed with a shared secret: choose HMAC secret as the key source"


def check(report, name):
    return next(c for c in report.checks if c.name == name)


def emulator(server, **extra):
    """The UI's context for a sandbox profile: pool, client and the emulator endpoint."""
    return VerifyOptions(pool_id=POOL, client_id=CLIENT, endpoint_url=server.url,
                         allow_http_jwks=True, timeout=5, **extra)


def jwt_io_demo() -> str:
    """The jwt.io demo token's shape: HS256, no iss, no exp (signed here with our own secret)."""
    return jwt.encode({"sub": "1234567890", "name": "John Doe", "iat": 1516239022},
                      "your-256-bit-secret-is-long-enough", "HS256")


def test_token_of_another_pool_is_not_checked_against_the_profiles_keys(
        jwks_server, jwks_document, rsa_key):
    jwks_server.serve(JWKS_PATH, jwks_document)
    raw = jwt.encode(claims(NOW, iss=OTHER_ISS), rsa_key, "RS256", headers={"kid": "rsa-1"})
    token = decode(raw)
    offline = emulator(jwks_server, offline=True)
    report = verify(token, resolve_keys(token, offline), offline)
    # The token's own pool's JWKS on AWS, not the emulator: offline it is simply not checked.
    assert report.signature.status is SignatureStatus.NOT_CHECKED
    assert f"the Cognito JWKS of {OTHER_POOL}" in report.signature.reason
    assert f"{OTHER_ISS}/.well-known/jwks.json" in report.signature.key_source
    assert jwks_server.requests == []
    iss = check(report, "iss")
    assert iss.ok is False
    assert iss.detail == f"issued by pool {OTHER_POOL}, not by the configured pool {POOL}"
    # Online it would fetch from AWS (the token's issuer), never from the profile's endpoint.
    assert needs_network(token, emulator(jwks_server))


def test_another_pools_token_verifies_with_its_own_cached_jwks(jwks_server, jwks_document,
                                                              rsa_key):
    aws_url = f"{OTHER_ISS}/.well-known/jwks.json"
    jwks.write_cache(jwks.Jwks(jwks_document, aws_url, time.time(), from_cache=False))
    raw = jwt.encode(claims(NOW, iss=OTHER_ISS), rsa_key, "RS256", headers={"kid": "rsa-1"})
    token = decode(raw)
    options = emulator(jwks_server)
    assert not needs_network(token, options)
    report = verify(token, resolve_keys(token, options), options)
    assert report.signature.status is SignatureStatus.VALID
    assert aws_url in report.signature.key_source
    assert jwks_server.requests == []
    assert check(report, "iss").ok is False and failed(report)  # the iss check says why


def test_the_configured_pool_uses_the_emulator_endpoint(jwks_server, jwks_document, rsa_key):
    jwks_server.serve(JWKS_PATH, jwks_document)
    token = decode(jwt.encode(claims(NOW), rsa_key, "RS256", headers={"kid": "rsa-1"}))
    options = emulator(jwks_server)
    report = verify(token, resolve_keys(token, options), options)
    assert jwks_server.requests == [JWKS_PATH]
    assert report.signature.status is SignatureStatus.VALID
    assert "emulator" in report.signature.reason
    assert any(f"emulator's JWKS at {jwks_server.url}" in w for w in report.warnings)
    assert check(report, "iss").ok is True and not failed(report)


def test_the_reason_does_not_repeat_the_key_source(jwks_server, jwks_document, rsa_key):
    jwks_server.serve(JWKS_PATH, jwks_document)
    token = decode(jwt.encode(claims(NOW), rsa_key, "RS256", headers={"kid": "rsa-1"}))
    options = emulator(jwks_server)
    signature = verify(token, resolve_keys(token, options), options).signature
    url = f"{jwks_server.url}{JWKS_PATH}"
    assert url in signature.key_source and "fetched at" in signature.key_source
    assert url not in signature.reason and "fetched at" not in signature.reason
    assert signature.reason.startswith("signature matches key rsa-1 of the emulator's JWKS")


@pytest.mark.parametrize("offline", [False, True])
def test_hs256_with_the_automatic_source_asks_for_the_secret(jwks_server, offline, no_network):
    token = decode(jwt_io_demo())
    options = VerifyOptions(pool_id=POOL, endpoint_url=jwks_server.url, allow_http_jwks=True,
                            offline=offline)
    assert not needs_network(token, options)
    report = verify(token, resolve_keys(token, options), options)
    assert report.signature.status is SignatureStatus.NOT_CHECKED
    assert report.signature.reason == HS_NEEDS_SECRET
    assert not any("confusion" in w.lower() for w in report.warnings)
    assert no_network == [] and jwks_server.requests == []
    iss = check(report, "iss")
    assert iss.ok is False and "no iss claim" in iss.detail and "Cognito" not in iss.detail
    assert check(report, "token_use").ok is None  # not a Cognito token: nothing to demand


def test_hs256_with_a_cognito_iss_is_never_fetched_either(jwks_server, no_network):
    token = decode(jwt.encode(claims(NOW), "k" * 48, "HS384"))
    report = verify(token, resolve_keys(token, emulator(jwks_server)), emulator(jwks_server))
    assert report.signature.reason.startswith("HS384 is signed with a shared secret")
    assert jwks_server.requests == [] and no_network == []


def test_no_iss_says_so_not_that_it_is_not_cognito(rsa_key, no_network):
    token = decode(jwt.encode(claims(NOW, iss=None), rsa_key, "RS256"))
    report = verify(token, resolve_keys(token, VerifyOptions()), VerifyOptions())
    assert report.signature.status is SignatureStatus.NOT_CHECKED
    assert "no iss claim" in report.signature.reason
    assert "not a Cognito" not in report.signature.reason
    assert check(report, "iss").ok is None


# --- moto's built-in key ---------------------------------------------------------------------

def _moto_private_jwk() -> dict:
    spec = importlib.util.find_spec("moto")
    folder = Path(spec.submodule_search_locations[0]) / "cognitoidp" / "resources"
    return json.loads(gzip.decompress((folder / "jwks-private.json.gz").read_bytes()))


@pytest.fixture(scope="module")
def moto_key():
    from jwt.algorithms import RSAAlgorithm

    return RSAAlgorithm.from_jwk(json.dumps(_moto_private_jwk()))


def test_a_token_forged_with_motos_shipped_key_is_flagged(moto_key, tmp_path, no_network):
    # Anyone can do this: moto's private key is in its source.
    forged = jwt.encode(claims(NOW, sub="admin"), moto_key, "RS256", headers={"kid": "dummy"})
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": [public_jwk(moto_key, "dummy", "RS256")]}))
    pem = PemKey(moto_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode())
    for source in (JwksFile(str(path)), pem):
        options = VerifyOptions(key_source=source)
        token = decode(forged)
        report = verify(token, resolve_keys(token, options), options)
        assert report.signature.status is SignatureStatus.VALID
        assert MOTO_KEY_WARNING in report.warnings
        assert "anyone can forge" in report.signature.reason


def test_an_ordinary_key_is_not_taken_for_motos(rsa_key, tmp_path):
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": [public_jwk(rsa_key, "dummy", "RS256")]}))
    token = decode(jwt.encode(claims(NOW), rsa_key, "RS256", headers={"kid": "dummy"}))
    options = VerifyOptions(key_source=JwksFile(str(path)))
    report = verify(token, resolve_keys(token, options), options)
    assert report.signature.status is SignatureStatus.VALID
    assert MOTO_KEY_WARNING not in report.warnings and "forge" not in report.signature.reason


def test_a_bad_signature_with_motos_kid_is_not_flagged_as_verified(moto_key, tmp_path):
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": [public_jwk(moto_key, "dummy", "RS256")]}))
    good = jwt.encode(claims(NOW), moto_key, "RS256", headers={"kid": "dummy"})
    header, payload, _ = good.split(".")
    bad = f"{header}.{payload}.{b64(b'x' * 256)}"
    options = VerifyOptions(key_source=JwksFile(str(path)))
    report = verify(decode(bad), resolve_keys(decode(bad), options), options)
    assert report.signature.status is SignatureStatus.INVALID
    assert MOTO_KEY_WARNING not in report.warnings
