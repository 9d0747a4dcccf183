"""Property-based fuzzing of the whole input path: find → decode → explain → verify → JSON.

Whatever the text, the only exception allowed out of the core is TokenDecodeError.
"""

import json
import os
import time

import jwt
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from token_factory import SEED, b64, claims, public_jwk

from tokenexplorer.tokens.analyse import analyse_text, report_to_json
from tokenexplorer.tokens.decode import decode
from tokenexplorer.tokens.explain import build_tree
from tokenexplorer.tokens.keys import HmacSecret, JwkKey
from tokenexplorer.tokens.model import TokenDecodeError
from tokenexplorer.tokens.safe_text import visible
from tokenexplorer.tokens.verify import VerifyOptions, needs_network, resolve_keys, verify

# TOKENS_FUZZ_EXAMPLES=5000 for a long hunt; 150 keeps the suite fast.
FUZZ = settings(max_examples=int(os.environ.get("TOKENS_FUZZ_EXAMPLES", "150")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
claim_names = st.sampled_from(["exp", "iat", "nbf", "auth_time", "iss", "aud", "client_id",
                               "token_use", "custom:x", "cognito:groups", "sub", "scope"])
header_names = st.sampled_from(["alg", "kid", "typ", "cty", "crit", "jwk", "jku", "x5u", "x5c",
                                "enc", "zip", "b64"])
kids = st.text(max_size=5) | st.lists(st.integers(), max_size=2) | st.none()
algs = st.sampled_from(["none", "NONE", "None", "HS256", "HS512", "RS256", "PS256", "ES256",
                        "ES512", "EdDSA", "RSA-OAEP", "", "x"]) | st.text(max_size=6)


def segment(value) -> str:
    return b64(json.dumps(value).encode())


structured_tokens = st.builds(
    lambda header, payload, signature, extra: ".".join(
        [segment(header), segment(payload), b64(signature), *extra]),
    st.fixed_dictionaries({"alg": algs}, optional={"kid": kids}).flatmap(
        lambda base: st.dictionaries(header_names, json_values, max_size=3).map(
            lambda more: {**more, **base})),
    st.dictionaries(claim_names | st.text(max_size=6), json_values, max_size=8),
    st.binary(max_size=80),
    st.sampled_from([[], [], ["", "x"], [b64(b"iv"), b64(b"ct")]]),
)

raw_segments = st.lists(st.binary(max_size=30).map(b64) | st.text(max_size=10), min_size=1,
                        max_size=6).map(".".join)


def mutate(text: str, data) -> str:
    if not text:
        return text
    position = data.draw(st.integers(0, len(text)))
    insert = data.draw(st.text(max_size=3))
    cut = data.draw(st.integers(0, 3))
    return text[:position] + insert + text[position + cut:]


@pytest.fixture(scope="module")
def key_options(rsa_key, ec_key):
    from cryptography.hazmat.primitives.asymmetric import ec  # noqa: F401 - key types loaded

    jwks = json.dumps({"keys": [public_jwk(rsa_key, "a"), public_jwk(ec_key, "b")]})
    return [
        VerifyOptions(offline=True),
        VerifyOptions(offline=True, key_source=JwkKey(jwks), client_id="c",
                      pool_id="us-east-1_X", leeway=5),
        VerifyOptions(offline=True, key_source=HmacSecret("s")),
        VerifyOptions(offline=True, check_signature=False),
    ]


def exercise(text: str, all_options) -> None:
    """The whole path; asserts the outputs are usable (JSON-serialisable, safe text)."""
    for options in all_options:
        analysis = analyse_text(text, options)
        assert analysis.reports or analysis.errors or analysis.find.problem
        for report in analysis.reports:
            needs_network(report.token, VerifyOptions())  # pure: reads the (empty) cache only
            json.dumps(report_to_json(report), allow_nan=False)
            _walk(build_tree(report.token, now=time.time()))
            assert report.signature.reason
        for _, error in analysis.errors:
            assert isinstance(error, TokenDecodeError) and error.problem


def _walk(nodes) -> None:
    for node in nodes:
        assert visible(node.value) == node.value  # already safe: nothing left to escape
        assert isinstance(node.meaning, str)
        _walk(node.children)


@FUZZ
@given(text=st.text())
@example(text="eyJ" + "." * 4)
@example(text='{"a": "{\\"b\\": \\"eyJ.e30.x\\"}"}')
@example(text="#id_token=eyJhbGciOiJub25lIn0.e30.&code=x")
def test_any_text(text, key_options):
    exercise(text, key_options)


@FUZZ
@given(token=structured_tokens, data=st.data())
def test_token_shaped_input_and_mutations(token, data, key_options):
    exercise(token, key_options)
    exercise(mutate(token, data), key_options[:2])
    exercise(json.dumps({"IdToken": token, "x": [f"Bearer {token}"]}), key_options[:1])


@FUZZ
@given(raw=raw_segments)
def test_decode_raises_only_token_decode_error(raw):
    try:
        token = decode(raw)
    except TokenDecodeError as error:
        assert error.problem
        return
    build_tree(token)


@FUZZ
@given(payload=st.dictionaries(claim_names, json_values, max_size=6))
def test_really_signed_tokens_with_odd_claims(payload, rsa_key, key_options):
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    signing_input = f"{segment({'alg': 'RS256', 'kid': 'a'})}.{segment(payload)}"
    signature = rsa_key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    token = decode(f"{signing_input}.{b64(signature)}")
    for options in key_options:
        report = verify(token, resolve_keys(token, options), options)
        json.dumps(report_to_json(report), allow_nan=False)
    report = verify(token, resolve_keys(token, key_options[1]), key_options[1])
    assert report.signature.status.value == "valid"


def test_seed_survives_every_single_character_deletion(key_options):
    for index in range(0, len(SEED), 7):
        exercise(SEED[:index] + SEED[index + 1:], key_options[:2])


def test_claims_factory_tokens_round_trip(key_options):
    exercise(jwt.encode(claims(time.time()), "s" * 32, "HS256"), key_options)


@FUZZ
@given(text=st.text() | st.builds(lambda v: json.dumps({"kty": "RSA", **v}),
                                  st.dictionaries(st.sampled_from(["n", "e", "kid", "alg", "d"]),
                                                  json_values, max_size=4))
       | st.builds(lambda body: f"-----BEGIN PUBLIC KEY-----\n{body}\n-----END PUBLIC KEY-----",
                   st.text(max_size=40)))
def test_pasted_keys_raise_only_value_error_and_load_without_raising(text):
    from tokenexplorer.tokens.keys import key_source_from_text, load_local

    try:
        source = key_source_from_text(text)
    except ValueError as error:
        assert str(error)
        return
    keyset = load_local(source)
    assert keyset.keys or keyset.problem
