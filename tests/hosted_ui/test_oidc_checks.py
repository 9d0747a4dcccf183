"""nonce / at_hash / m2m checks on crafted tokens (pure; the engine's tokens carry no at_hash)."""

from __future__ import annotations

import base64
import hashlib
import time

from tests.tokens.token_factory import CLIENT, claims, unsigned
from tokenexplorer.tokens import issued_with
from tokenexplorer.tokens.decode import decode
from tokenexplorer.tokens.issued_with import IssuedWith
from tokenexplorer.tokens.oidc_checks import at_hash_of, oidc_checks
from tokenexplorer.tokens.options import VerifyOptions

ACCESS = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"


def _checks(raw: str, context: IssuedWith | None = None) -> dict[str, bool | None]:
    token = decode(raw)
    return {c.name: c.ok for c in oidc_checks(token, VerifyOptions(issued_with=context))}


def _id_token(**extra: object) -> str:
    return unsigned({"alg": "RS256", "kid": "k"}, claims(time.time(), "id", **extra))


def test_at_hash_is_the_left_half_of_the_algs_hash():
    # OIDC Core 3.1.3.6, computed independently: sha256 for RS256, sha384 for RS384.
    assert at_hash_of("jHkWEdUXMU1BwAsC4vtUsZwnNsWVPJUM", "RS256") == "ma4QP1yagPjNbps2UxA_Zw"
    digest = hashlib.sha384(b"abc").digest()[:24]
    assert at_hash_of("abc", "RS384") == base64.urlsafe_b64encode(digest).decode().rstrip("=")
    assert at_hash_of("x", "none") is None


def test_at_hash_matches_and_mismatches():
    good = _id_token(at_hash=at_hash_of(ACCESS, "RS256"), nonce="n1")
    assert _checks(good, IssuedWith("n1", ACCESS)) == {"nonce": True, "at_hash": True}
    bad = _id_token(at_hash=at_hash_of(ACCESS + "x", "RS256"), nonce="n1")
    assert _checks(bad, IssuedWith("n1", ACCESS))["at_hash"] is False


def test_nonce_mismatch_and_missing():
    assert _checks(_id_token(nonce="other"), IssuedWith("n1", None))["nonce"] is False
    assert _checks(_id_token(), IssuedWith("n1", None))["nonce"] is False


def test_without_context_nothing_is_claimed():
    assert _checks(_id_token(nonce="n1", at_hash="abc")) == {"nonce": None, "at_hash": None}
    assert _checks(_id_token()) == {}


def test_registry_supplies_the_context():
    raw = _id_token(nonce="n1", at_hash=at_hash_of(ACCESS, "RS256"))
    issued_with.remember(raw, IssuedWith("n1", ACCESS))
    assert _checks(raw) == {"nonce": True, "at_hash": True}
    issued_with.forget_all()
    assert _checks(raw) == {"nonce": None, "at_hash": None}


def test_m2m_access_token_is_recognised():
    payload = claims(time.time(), "access", client_id=CLIENT, sub=CLIENT,
                     scope="sandbox-api/read")
    payload.pop("username", None)
    payload.pop("cognito:username", None)
    raw = unsigned({"alg": "RS256", "kid": "k"}, payload)
    assert _checks(raw) == {"m2m": True}
    user = claims(time.time(), "access", client_id=CLIENT, username="u", sub="abc")
    assert _checks(unsigned({"alg": "RS256"}, user)) == {}


def test_catalogue_explains_machine_tokens():
    from tokenexplorer.tokens import catalogue

    assert "client_id" in catalogue.claim("sub").description
    assert "machine-to-machine" in catalogue.claim("username").description
    assert "resource-server" in catalogue.claim("scope").description
    assert "no username" in catalogue.note("m2m")
