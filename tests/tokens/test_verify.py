import json
import time

import jwt
import pytest
from token_factory import CLIENT, POOL, SEED, claims, jwe, part, public_jwk, unsigned

from tokenexplorer.tokens.decode import decode
from tokenexplorer.tokens.keys import (
    HmacSecret,
    JwkKey,
    JwksFile,
    PemKey,
    key_source_from_text,
    load_local,
)
from tokenexplorer.tokens.model import SignatureStatus
from tokenexplorer.tokens.verify import VerifyOptions, failed, resolve_keys, verify

NOW = time.time()
STRONG = "s" * 32


def run(raw, source=None, now=NOW, **options):
    opts = VerifyOptions(key_source=source, **options)
    token = decode(raw)
    return verify(token, resolve_keys(token, opts), opts, now)


def check(report, name):
    return next(c for c in report.checks if c.name == name)


def pem(key):
    from cryptography.hazmat.primitives import serialization

    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


@pytest.fixture
def jwks_source(jwks_document):
    return JwkKey(json.dumps(jwks_document))


def test_rs256_and_es256_valid_with_a_jwks(rsa_key, ec_key, jwks_source):
    rs = jwt.encode(claims(NOW), rsa_key, "RS256", headers={"kid": "rsa-1"})
    es = jwt.encode(claims(NOW, "access"), ec_key, "ES256", headers={"kid": "ec-1"})
    for raw in (rs, es):
        report = run(raw, jwks_source, client_id=CLIENT, pool_id=POOL)
        assert report.signature.status is SignatureStatus.VALID, report.signature.reason
        assert all(c.ok for c in report.checks), report.checks
        assert not failed(report)


def test_tampered_token_is_invalid(rsa_key, jwks_source):
    raw = jwt.encode(claims(NOW), rsa_key, "RS256", headers={"kid": "rsa-1"})
    header, _, signature = raw.split(".")
    forged = f"{header}.{part(claims(NOW, sub='admin'))}.{signature}"
    report = run(forged, jwks_source)
    assert report.signature.status is SignatureStatus.INVALID
    assert "altered" in report.signature.reason and failed(report)


def test_signed_by_another_key_is_invalid_with_pem(rsa_key, other_rsa_key):
    raw = jwt.encode(claims(NOW), other_rsa_key, "RS256")
    assert run(raw, PemKey(pem(rsa_key))).signature.status is SignatureStatus.INVALID
    assert run(raw, PemKey(pem(other_rsa_key))).signature.status is SignatureStatus.VALID


def test_unknown_kid_is_key_not_found(rsa_key, jwks_source):
    raw = jwt.encode(claims(NOW), rsa_key, "RS256", headers={"kid": "rotated-away"})
    report = run(raw, jwks_source)
    assert report.signature.status is SignatureStatus.KEY_NOT_FOUND
    assert "rotated-away" in report.signature.reason and failed(report)  # keys were at hand


@pytest.mark.parametrize("alg", ["none", "NONE", "None", "nOnE"])
def test_alg_none_in_any_case_is_unsecured_never_valid(alg, jwks_source):
    report = run(unsigned({"alg": alg}, claims(NOW)), jwks_source)
    assert report.signature.status is SignatureStatus.UNSECURED
    assert failed(report)
    off = run(unsigned({"alg": alg}, claims(NOW)), None, check_signature=False)
    assert off.signature.status is SignatureStatus.UNSECURED


def test_verification_off_is_not_checked(rsa_key):
    raw = jwt.encode(claims(NOW), rsa_key, "RS256")
    report = run(raw, None, check_signature=False)
    assert report.signature.status is SignatureStatus.NOT_CHECKED
    assert "turned off" in report.signature.reason


def test_unsupported_algorithm():
    for header in ({"alg": "XS999"}, {"alg": "RSA-OAEP"}, {"typ": "JWT"}):
        report = run(unsigned(header, claims(NOW), b"sig"), HmacSecret(STRONG))
        assert report.signature.status is SignatureStatus.UNSUPPORTED_ALGORITHM
        assert report.signature.reason


def test_hs256_valid_with_secret_and_short_secret_flagged():
    good = jwt.encode(claims(NOW), STRONG, "HS256")
    report = run(good, HmacSecret(STRONG))
    assert report.signature.status is SignatureStatus.VALID
    assert check(report, "hmac_secret").ok is True
    with pytest.warns(jwt.warnings.InsecureKeyLengthWarning):
        weak = jwt.encode(claims(NOW), "short", "HS256")
    report = run(weak, HmacSecret("short"))
    assert report.signature.status is SignatureStatus.VALID
    short = check(report, "hmac_secret")
    assert short.ok is False and "5 bytes" in short.detail
    assert run(good, HmacSecret("s" * 31 + "x")).signature.status is SignatureStatus.INVALID


def test_hs256_against_public_key_is_refused_as_key_confusion(rsa_key, jwks_source):
    public_pem = pem(rsa_key)
    # The classic attack: HMAC-sign with the public key's PEM text as the secret.
    forged = unsigned({"alg": "HS256", "kid": "rsa-1"}, claims(NOW))
    import hashlib
    import hmac

    header_payload = forged.rsplit(".", 1)[0]
    mac = hmac.new(public_pem.encode(), header_payload.encode(), hashlib.sha256).digest()
    from token_factory import b64

    forged = f"{header_payload}.{b64(mac)}"
    for source in (PemKey(public_pem), jwks_source):
        report = run(forged, source)
        assert report.signature.status is SignatureStatus.INVALID
        assert "key confusion" in report.signature.reason
        assert any("Key confusion" in w for w in report.warnings)


def test_rs256_with_an_hmac_secret_is_key_not_found(rsa_key):
    report = run(jwt.encode(claims(NOW), rsa_key, "RS256"), HmacSecret(STRONG))
    assert report.signature.status is SignatureStatus.KEY_NOT_FOUND
    assert "HMAC secret" in report.signature.reason


def test_jwk_alg_and_curve_mismatch_refused(rsa_key, ec_key):
    raw = jwt.encode(claims(NOW), rsa_key, "RS384", headers={"kid": "rsa-1"})
    keys = JwkKey(json.dumps({"keys": [public_jwk(rsa_key, "rsa-1", "RS256")]}))
    assert run(raw, keys).signature.status is SignatureStatus.INVALID
    assert "for RS256" in run(raw, keys).signature.reason
    es = jwt.encode(claims(NOW), ec_key, "ES256", headers={"kid": "rsa-1"})
    assert run(es, keys).signature.status is SignatureStatus.KEY_NOT_FOUND  # no EC key at all
    from cryptography.hazmat.primitives.asymmetric import ec

    p384 = JwkKey(json.dumps({"keys": [public_jwk(ec.generate_private_key(ec.SECP384R1()), "e")]}))
    es = jwt.encode(claims(NOW), ec_key, "ES256", headers={"kid": "e"})
    assert "curve P-384" in run(es, p384).signature.reason


def test_jwe_is_not_checked_and_has_no_checks():
    report = run(jwe(), HmacSecret(STRONG))
    assert report.signature.status is SignatureStatus.NOT_CHECKED
    assert "encrypted" in report.signature.reason
    assert report.checks == [] and not failed(report)


def test_time_checks_with_leeway():
    token = unsigned({"alg": "none"}, claims(NOW, exp=int(NOW) - 5, nbf=int(NOW) + 5,
                                             iat=int(NOW) + 5))
    strict = run(token, None, check_signature=False, leeway=0)
    assert [check(strict, n).ok for n in ("exp", "nbf", "iat")] == [False, False, False]
    assert "expired" in check(strict, "exp").detail
    assert "future" in check(strict, "iat").detail
    lenient = run(token, None, check_signature=False, leeway=30)
    assert [check(lenient, n).ok for n in ("exp", "nbf", "iat")] == [True, True, True]


def test_missing_and_non_numeric_exp_flagged():
    missing = run(unsigned({"alg": "none"}, claims(NOW, exp=None)), None)
    assert check(missing, "exp").ok is False and "never expires" in check(missing, "exp").detail
    text = run(unsigned({"alg": "none"}, claims(NOW, exp="soon", iat=[1])), None)
    assert check(text, "exp").ok is False and check(text, "iat").ok is False


def test_iss_checks():
    assert check(run(unsigned({"alg": "none"}, claims(NOW)), None, pool_id=POOL), "iss").ok
    other = run(unsigned({"alg": "none"}, claims(NOW)), None, pool_id="eu-west-1_Other1")
    assert check(other, "iss").ok is False and "eu-west-1_Other1" in check(other, "iss").detail
    bad_pool = run(unsigned({"alg": "none"}, claims(NOW)), None, pool_id="nonsense")
    assert check(bad_pool, "iss").ok is False
    plain = run(unsigned({"alg": "none"}, claims(NOW, iss="accounts.example.com")), None)
    assert check(plain, "iss").ok is False
    generic = run(unsigned({"alg": "none"}, claims(NOW, iss="https://login.example.com")), None)
    assert check(generic, "iss").ok is True and "not a Cognito" in check(generic, "iss").detail
    # No iss: could not run without a pool to compare with, failed when a pool is configured;
    # never "not a Cognito issuer".
    absent = run(unsigned({"alg": "none"}, claims(NOW, iss=None)), None)
    assert check(absent, "iss").ok is None and "no iss claim" in check(absent, "iss").detail
    expected = run(unsigned({"alg": "none"}, claims(NOW, iss=None)), None, pool_id=POOL)
    assert check(expected, "iss").ok is False and "no iss claim" in check(expected, "iss").detail
    assert POOL in check(expected, "iss").detail


def test_token_use_and_client_checks():
    id_token = unsigned({"alg": "none"}, claims(NOW, "id"))
    access = unsigned({"alg": "none"}, claims(NOW, "access"))
    assert check(run(id_token, None), "aud").ok is None  # no client configured: not a failure
    assert check(run(id_token, None, client_id=CLIENT), "aud").ok is True
    assert check(run(id_token, None, client_id="someone-else"), "aud").ok is False
    assert check(run(access, None, client_id=CLIENT), "client_id").ok is True
    assert check(run(access, None, client_id="someone-else"), "client_id").ok is False
    refresh_use = run(unsigned({"alg": "none"}, claims(NOW, "refresh")), None)
    assert check(refresh_use, "token_use").ok is False
    no_use = run(unsigned({"alg": "none"}, claims(NOW, token_use=None)), None)
    assert check(no_use, "token_use").ok is False  # a Cognito issuer always sets it
    generic = run(unsigned({"alg": "none"}, {"iss": "https://x.example", "exp": NOW + 60}), None)
    assert check(generic, "token_use").ok is None


def test_unknown_crit_and_risky_headers_flagged(rsa_key, jwks_source):
    raw = jwt.encode(claims(NOW), rsa_key, "RS256", headers={
        "kid": "rsa-1", "crit": ["x-custom"], "x-custom": 1,
        "jwk": public_jwk(rsa_key, "embedded"), "jku": "https://evil.example/jwks.json"})
    report = run(raw, jwks_source)
    assert check(report, "crit").ok is False and "x-custom" in check(report, "crit").detail
    assert sum("names its own key" in w for w in report.warnings) == 2
    assert report.signature.status is SignatureStatus.VALID  # verified with OUR key only


def test_embedded_jwk_is_never_used(other_rsa_key, jwks_source):
    raw = jwt.encode(claims(NOW), other_rsa_key, "RS256", headers={
        "kid": "rsa-1", "jwk": public_jwk(other_rsa_key, "rsa-1")})
    assert run(raw, jwks_source).signature.status is SignatureStatus.INVALID


def test_seed_offline_is_not_checked_without_crashing(no_network):
    report = run(SEED, None, offline=True)
    assert report.signature.status is SignatureStatus.NOT_CHECKED
    assert "offline" in report.signature.reason
    assert check(report, "exp").ok is False
    assert no_network == []


def test_seed_with_an_unrelated_jwks_is_key_not_found(jwks_document, tmp_path, no_network):
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps(jwks_document))
    report = run(SEED, JwksFile(str(path)), offline=True)
    assert report.signature.status is SignatureStatus.KEY_NOT_FOUND
    assert no_network == []


def test_key_source_from_text(rsa_key, jwks_document):
    assert isinstance(key_source_from_text(pem(rsa_key)), PemKey)
    assert isinstance(key_source_from_text(json.dumps(jwks_document)), JwkKey)
    assert isinstance(key_source_from_text(json.dumps(jwks_document["keys"][0])), JwkKey)
    for bad, words in (("", "No key"), ("{nope", "not valid JSON"), ('{"a": 1}', "neither"),
                       ("hello", "Not a key")):
        with pytest.raises(ValueError, match=words):
            key_source_from_text(bad)


def test_bad_key_material_is_a_problem_not_a_crash(tmp_path):
    keyset = load_local(PemKey("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
    assert keyset.keys == () and "not usable" in keyset.problem
    missing = load_local(JwksFile(str(tmp_path / "missing.json")))
    assert "cannot read" in missing.problem
    report = run(jwt.encode(claims(NOW), STRONG, "HS256").replace("HS", "HS"),
                 JwksFile(str(tmp_path / "missing.json")))
    assert report.signature.status is SignatureStatus.NOT_CHECKED
    assert "cannot read" in report.signature.reason


def test_secret_is_never_in_repr_or_reports():
    source = HmacSecret("top-secret-value-0123456789abcdef")
    report = run(jwt.encode(claims(NOW), source.secret, "HS256"), source)
    assert "top-secret" not in repr(source)
    assert "top-secret" not in repr(report.signature) + repr(report.checks)


def test_prepared_keys_verify_many_tokens_each_on_its_own(rsa_key, other_rsa_key, jwks_source):
    """Keys resolved once serve many tokens, and no verdict carries over from one to the next.
    How fast that is: benchmarks/bench_decode.py (section 2), not asserted here."""
    opts = VerifyOptions(key_source=jwks_source)
    keys = resolve_keys(decode(jwt.encode(claims(NOW), rsa_key, "RS256",
                                          headers={"kid": "rsa-1"})), opts)
    for index in range(20):
        signer = other_rsa_key if index % 5 == 3 else rsa_key
        raw = jwt.encode({**claims(NOW), "sub": f"user-{index}"}, signer, "RS256",
                         headers={"kid": "rsa-1"})
        expected = SignatureStatus.INVALID if signer is other_rsa_key else SignatureStatus.VALID
        assert verify(decode(raw), keys, opts).signature.status is expected, index


def test_needs_network_only_for_a_jwks_not_yet_cached(rsa_key):
    from tokenexplorer.tokens.verify import needs_network

    token = decode(jwt.encode(claims(NOW), rsa_key, "RS256", headers={"kid": "k"}))
    assert needs_network(token, VerifyOptions())  # Cognito iss, nothing cached
    assert not needs_network(token, VerifyOptions(offline=True))
    assert not needs_network(token, VerifyOptions(check_signature=False))
    assert not needs_network(token, VerifyOptions(key_source=HmacSecret(STRONG)))
    assert not needs_network(decode(unsigned({"alg": "none"}, claims(NOW))), VerifyOptions())
    assert not needs_network(decode(jwe()), VerifyOptions())
    generic = decode(jwt.encode(claims(NOW, iss="https://login.example.com"), rsa_key, "RS256"))
    assert not needs_network(generic, VerifyOptions())


def test_eddsa_and_ps256_with_pem_keys(rsa_key):
    from cryptography.hazmat.primitives.asymmetric import ed25519

    ed = ed25519.Ed25519PrivateKey.generate()
    assert run(jwt.encode(claims(NOW), ed, "EdDSA"), PemKey(pem(ed))).signature.status is \
        SignatureStatus.VALID
    ps = jwt.encode(claims(NOW), rsa_key, "PS256")
    assert run(ps, PemKey(pem(rsa_key))).signature.status is SignatureStatus.VALID
    assert run(ps, PemKey(pem(ed))).signature.status is SignatureStatus.KEY_NOT_FOUND
