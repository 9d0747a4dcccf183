"""Decisions read codes, not words: find problems, key problems, tree flags, fetch outcomes."""

import dataclasses
import time

import jwt
import pytest
from token_factory import ISS, POOL, claims, jwe, unsigned

from tokenexplorer.tokens.decode import decode, unverified_claims
from tokenexplorer.tokens.explain import build_tree
from tokenexplorer.tokens.find import find_tokens
from tokenexplorer.tokens.inspection import inspect_text
from tokenexplorer.tokens.keys import HmacSecret, KeySet, PemKey
from tokenexplorer.tokens.model import FindProblem, KeyProblem, Severity, SignatureStatus
from tokenexplorer.tokens.token_check import check_token, check_without_keys, fetch_outcome
from tokenexplorer.tokens.verify import VerifyOptions, resolve_keys, verify

NOW = time.time()
SECRET = "s" * 40
JWKS_PATH = f"/{POOL}/.well-known/jwks.json"


@pytest.mark.parametrize(("text", "code", "notice"), [
    ("  ", FindProblem.EMPTY, False),
    ("hello world", FindProblem.NOTHING, False),
    ('{"a": 1}', FindProblem.JSON, False),
    ("https://app.example/cb?code=abc-123&state=x", FindProblem.CODE, True),
    ('{"RefreshToken": "2f1c8a55-6a0e-4a3f-9a3c-2b1f0b7c9d11"}', FindProblem.OPAQUE_REFRESH,
     True),
])
def test_find_problems_carry_a_code_and_its_words(text, code, notice):
    found = find_tokens(text)
    assert found.candidates == [] and found.problem_code is code
    assert found.problem == code.text and code.is_notice is notice


def test_a_found_token_has_no_problem_code():
    found = find_tokens(jwt.encode({"sub": "x"}, SECRET, algorithm="HS256"))
    assert found.candidates and found.problem is None and found.problem_code is None


def test_input_messages_take_their_severity_from_the_code():
    code = inspect_text("https://app.example/cb?code=abc-123")
    assert code.messages(None)[0] == (Severity.INFO, FindProblem.CODE.text)
    nothing = inspect_text("hello world")
    assert nothing.messages(None) == [(Severity.ERROR, FindProblem.NOTHING.text)]
    assert inspect_text("").messages(None) == []


def test_an_hs_token_with_the_automatic_source_asks_for_a_secret():
    token = decode(jwt.encode(claims(NOW), SECRET, algorithm="HS256"))
    options = VerifyOptions(offline=True)
    signature = verify(token, resolve_keys(token, options), options).signature
    assert signature.status is SignatureStatus.NOT_CHECKED
    assert signature.key_problem is KeyProblem.NEEDS_HMAC_SECRET and signature.needs_hmac_secret
    with_secret = VerifyOptions(key_source=HmacSecret(SECRET))
    checked = verify(token, resolve_keys(token, with_secret), with_secret).signature
    assert checked.status is SignatureStatus.VALID and not checked.needs_hmac_secret


def test_same_words_without_the_code_decide_nothing():
    """A reason that reads like the HMAC request (say, masked or translated) is not one."""
    token = decode(jwt.encode(claims(NOW), SECRET, algorithm="HS256"))
    options = VerifyOptions(offline=True)
    asked = verify(token, resolve_keys(token, options), options).signature
    words_only = dataclasses.replace(asked, key_problem=None)
    assert words_only.reason == asked.reason and not words_only.needs_hmac_secret


@pytest.mark.parametrize(("payload", "code"), [
    ({"sub": "x"}, KeyProblem.NO_ISSUER),
    ({"iss": "https://login.example.com"}, KeyProblem.NOT_COGNITO),
    ({"iss": ISS}, KeyProblem.OFFLINE_NO_CACHE),
])
def test_why_no_key_is_a_code(rsa_key, payload, code):
    token = decode(jwt.encode(payload, rsa_key, "RS256", headers={"kid": "k"}))
    options = VerifyOptions(offline=True)
    keys = resolve_keys(token, options)
    assert keys.problem_code is code and keys.problem
    assert verify(token, keys, options).signature.key_problem is code


def test_unusable_given_keys_are_coded():
    token = decode(jwt.encode(claims(NOW), SECRET, algorithm="HS256"))
    broken = VerifyOptions(key_source=PemKey("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END"))
    assert resolve_keys(token, broken).problem_code is KeyProblem.UNUSABLE
    alg_none = decode(unsigned({"alg": "none"}, {"sub": "x"}))
    assert resolve_keys(alg_none, VerifyOptions()).problem_code is KeyProblem.NO_KEY_NEEDED


@pytest.mark.network
def test_fetch_failure_and_stale_cache_are_coded(jwks_server, jwks_document, rsa_key):
    token = decode(jwt.encode(claims(NOW), rsa_key, "RS256", headers={"kid": "rsa-1"}))
    options = VerifyOptions(endpoint_url=jwks_server.url, allow_http_jwks=True, timeout=5)
    jwks_server.serve(JWKS_PATH, {}, status=500)
    failed = resolve_keys(token, options)
    assert failed.problem_code is KeyProblem.FETCH_FAILED
    assert fetch_outcome(failed) == failed.problem[:1].upper() + failed.problem[1:]
    jwks_server.serve(JWKS_PATH, jwks_document)
    assert resolve_keys(token, options).problem_code is None
    jwks_server.serve(JWKS_PATH, {}, status=500)
    other_kid = dataclasses.replace(token, header={**token.header, "kid": "zz"})
    stale = resolve_keys(other_kid, options)
    assert stale.problem_code is KeyProblem.STALE_CACHE and stale.keys
    assert fetch_outcome(stale).startswith("Fetching") and "cached copy" in fetch_outcome(stale)


def test_fetch_outcome_reads_the_code_not_the_words():
    key = KeySet(problem="fetching it failed", problem_code=None)
    assert fetch_outcome(key) == "Fetching it failed"  # no keys: the problem, as a sentence
    fetched = dataclasses.replace(key, keys=(object(),))
    assert fetch_outcome(fetched) == "Signing keys fetched"  # words alone: not a failure
    coded = dataclasses.replace(fetched, problem_code=KeyProblem.STALE_CACHE)
    assert fetch_outcome(coded) == "Fetching it failed"


def test_check_token_tells_of_a_fetch_and_stops_when_cancelled(rsa_key):
    token = decode(jwt.encode(claims(NOW), rsa_key, "RS256", headers={"kid": "k"}))
    told: list[str] = []
    offline = check_token(token, VerifyOptions(offline=True), on_fetch=lambda: told.append("x"))
    assert told == [] and offline is not None and offline.fetch_outcome is None
    assert offline.report.signature.key_problem is KeyProblem.OFFLINE_NO_CACHE
    unreachable = VerifyOptions(endpoint_url="http://127.0.0.1:9", allow_http_jwks=True,
                                timeout=1)
    assert check_token(token, unreachable, on_fetch=lambda: told.append("fetch"),
                       cancelled=lambda: True) is None
    assert told == ["fetch"]


def test_without_keys_the_signature_is_not_checked_whatever_the_alg():
    token = decode(unsigned({"alg": "none"}, claims(NOW)))
    check = check_without_keys(token, VerifyOptions(), "enter the key", KeyProblem.UNUSABLE_CHOICE)
    signature = check.report.signature
    assert signature.status is SignatureStatus.NOT_CHECKED and signature.reason == "enter the key"
    assert signature.key_problem is KeyProblem.UNUSABLE_CHOICE
    assert any("Unsecured" in warning for warning in check.report.warnings)


def _rows(nodes):
    for node in nodes:
        yield node
        yield from _rows(node.children)


def test_tree_flags_are_severities_with_the_reason_from_the_core():
    payload = {"exp": NOW - 7200, "iat": "yesterday", "iss": "https://cognito-idp.nowhere"}
    token = decode(unsigned({"alg": "none", "jku": "https://x"}, payload))
    rows = {node.name: node for node in _rows(build_tree(token, now=NOW))}
    assert rows["exp"].flag is Severity.WARNING
    assert rows["exp"].why == "the token has expired 2 h ago."
    assert rows["iat"].flag is Severity.ERROR and rows["iat"].why.startswith("Not a number")
    assert rows["iss"].flag is Severity.WARNING and rows["iss"].why.startswith("Looks like")
    assert rows["alg"].why.startswith("Unsecured") and rows["jku"].why.startswith("Risk:")
    fresh = decode(unsigned({"alg": "none"}, {"exp": NOW + 60}))
    exp = next(n for n in _rows(build_tree(fresh, now=NOW)) if n.name == "exp")
    assert exp.flag is None and exp.why == ""


def test_unverified_claims_uses_the_strict_decoder():
    raw = jwt.encode({"sub": "u-1", "cognito:username": "jane"}, SECRET, algorithm="HS256")
    assert unverified_claims(raw) == {"sub": "u-1", "cognito:username": "jane"}
    assert unverified_claims(f"  {raw}\n") == {"sub": "u-1", "cognito:username": "jane"}
    for bad in ("", "a.b", "x.y.z", raw.replace(".", "+", 1), jwe(), None):
        assert unverified_claims(bad) is None, bad
