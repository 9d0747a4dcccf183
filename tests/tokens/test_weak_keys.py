"""Weak keys: a signature from a factorable RSA key or an exotic curve proves nothing.

RSA under 1024 bits is refused, under 2048 verifies with a warning; only the curves JOSE
defines are accepted. All keys are really generated and the tokens really signed."""

import json
import time
import warnings

import jwt
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from token_factory import b64, claims, part, public_jwk, small_rsa_key

from tokenexplorer.tokens.decode import decode
from tokenexplorer.tokens.keys import JwkKey, PemKey
from tokenexplorer.tokens.model import SignatureStatus
from tokenexplorer.tokens.verify import VerifyOptions, resolve_keys, verify

NOW = time.time()


def _pem(private_key) -> str:
    return private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def _sign(private_key, alg: str, kid: str | None = None) -> str:
    with warnings.catch_warnings():  # PyJWT warns about the short keys these tests want
        warnings.simplefilter("ignore")
        return jwt.encode(claims(NOW), private_key, alg, headers={"kid": kid} if kid else None)


def _report(raw: str, source):
    options = VerifyOptions(key_source=source, offline=True)
    token = decode(raw)
    return verify(token, resolve_keys(token, options), options, NOW)


@pytest.mark.parametrize("bits", [512, 768, 1016])
def test_weak_key_rsa_under_1024_bits_is_refused(bits):
    key = small_rsa_key(bits)
    report = _report(_sign(key, "RS256"), PemKey(_pem(key)))
    assert report.signature.status is SignatureStatus.NOT_CHECKED
    assert f"only {bits} bits" in report.signature.reason
    assert "refused" in report.signature.reason


def test_weak_key_rsa_under_2048_bits_verifies_with_a_warning():
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    report = _report(_sign(key, "RS256"), PemKey(_pem(key)))
    assert report.signature.status is SignatureStatus.VALID
    assert any(w.startswith("Weak key: the RSA key has 1024 bits") for w in report.warnings)


def test_weak_key_in_a_jwks_is_skipped_and_named_while_strong_keys_still_verify():
    weak, strong = small_rsa_key(768), rsa.generate_private_key(65537, 2048)
    document = {"keys": [public_jwk(weak, "weak"), public_jwk(strong, "strong")]}
    report = _report(_sign(weak, "RS256", "weak"), JwkKey(json.dumps(document)))
    assert report.signature.status is SignatureStatus.KEY_NOT_FOUND
    assert "not among the 1 key(s)" in report.signature.reason
    good = _report(_sign(strong, "RS256", "strong"), JwkKey(json.dumps(document)))
    assert good.signature.status is SignatureStatus.VALID
    assert not any("Weak key" in w for w in good.warnings)


@pytest.mark.parametrize("curve", [ec.SECP224R1(), ec.SECP192R1(), ec.BrainpoolP256R1()],
                         ids=lambda c: c.name)
def test_weak_key_on_a_curve_jose_does_not_define_is_refused(curve):
    key = ec.generate_private_key(curve)
    # Signed by hand: PyJWT itself would not sign ES256 with these curves.
    header, payload = part({"alg": "ES256", "typ": "JWT"}), part(claims(NOW))
    der = key.sign(f"{header}.{payload}".encode(), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    size = (key.curve.key_size + 7) // 8
    raw = f"{header}.{payload}.{b64(r.to_bytes(size, 'big') + s.to_bytes(size, 'big'))}"
    report = _report(raw, PemKey(_pem(key)))
    assert report.signature.status is not SignatureStatus.VALID
    assert f"curve {curve.name}, which JOSE does not define" in report.signature.reason


@pytest.mark.parametrize("make, alg", [
    (lambda: ec.generate_private_key(ec.SECP256R1()), "ES256"),
    (lambda: ec.generate_private_key(ec.SECP384R1()), "ES384"),
    (lambda: ec.generate_private_key(ec.SECP521R1()), "ES512"),
    (lambda: ed25519.Ed25519PrivateKey.generate(), "EdDSA"),
    (lambda: ed448.Ed448PrivateKey.generate(), "EdDSA"),
    (lambda: rsa.generate_private_key(65537, 2048), "PS256"),
], ids=["P-256", "P-384", "P-521", "Ed25519", "Ed448", "RSA-2048"])
def test_weak_key_policy_accepts_the_strong_keys_jose_defines_without_a_warning(make, alg):
    key = make()
    report = _report(_sign(key, alg), PemKey(_pem(key)))
    assert report.signature.status is SignatureStatus.VALID, report.signature.reason
    assert not any("Weak key" in w for w in report.warnings)
