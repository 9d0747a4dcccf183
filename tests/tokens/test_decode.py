import time

import pytest
from token_factory import SEED, b64, claims, jwe, part, unsigned

from tokenexplorer.tokens.decode import decode
from tokenexplorer.tokens.model import TokenDecodeError, TokenKind

NAN = b'{"a": NaN}'
HUGE_INT = b'{"a": 1' + b"0" * 5000 + b"}"


def test_seed_decodes_with_segments():
    token = decode(SEED)
    assert token.kind is TokenKind.ID and not token.encrypted
    assert token.payload["cognito:username"] == "1b86e1a2-d9eb-4ebc-81cf-aa1fb59f531d"
    assert [s.name for s in token.segments] == ["header", "payload", "signature"]
    pieces = [SEED[s.start:s.end] for s in token.segments]
    assert ".".join(pieces) == SEED
    assert len(token.signature) == 256
    assert token.signing_input == SEED.rsplit(".", 1)[0].encode()


def test_segments_are_offsets_into_the_raw_text():
    raw = f"  {SEED}\n"
    token = decode(raw)
    assert raw[token.segments[0].start:token.segments[0].end] == SEED.split(".")[0]


@pytest.mark.parametrize(("use", "kind"), [("id", TokenKind.ID), ("access", TokenKind.ACCESS),
                                           ("other", TokenKind.JWT), (None, TokenKind.JWT)])
def test_kind_by_content(use, kind):
    assert decode(unsigned({"alg": "none"}, {"token_use": use})).kind is kind


def test_jwe_refresh_and_other_jwe():
    refresh = decode(jwe())
    assert refresh.kind is TokenKind.REFRESH and refresh.encrypted and refresh.payload is None
    assert [s.name for s in refresh.segments] == [
        "header", "encrypted_key", "iv", "ciphertext", "tag"]
    other = decode(jwe({"alg": "dir", "enc": "A128GCM"}))
    assert other.kind is TokenKind.JWE


@pytest.mark.parametrize(("raw", "segment", "words"), [
    ("", None, "empty"),
    ("   ", None, "empty"),
    ("abc.def", None, "wrong number of parts"),
    ("a.b.c.d", None, "wrong number of parts"),
    ("a+b.e30.", "header", "not valid base64url"),
    (f"{part({'alg': 'x'})}.e30.a b", "signature", "not valid base64url"),
    (f"{part({'alg': 'x'})}.A.", "payload", "not valid base64url"),
    (f"{b64(bytes([0xff, 0xfe]))}.e30.", "header", "not UTF-8"),
    (f"{b64(b'{nope')}.e30.", "header", "not JSON"),
    (f"{part([1])}.e30.", "header", "not a JSON object"),
    (f"{part({'alg': 'x'})}.{part('hi')}.", "payload", "claims are not a JSON object"),
    (f"{part({'alg': 'x'})}.{b64(NAN)}.", "payload", "not usable JSON"),
    (f"{part({'alg': 'x'})}.{b64(b'[' * 100000)}.", "payload", "JSON"),
    (f"{part({'alg': 'x'})}.{b64(HUGE_INT)}.", "payload", "JSON"),
    (f".{part({})}.", "header", "empty"),
])
def test_bad_input_names_segment_and_problem(raw, segment, words):
    with pytest.raises(TokenDecodeError) as caught:
        decode(raw)
    assert caught.value.segment == segment
    assert words in caught.value.problem


def test_jwe_parts_are_validated():
    parts = jwe().split(".")
    parts[3] = "bad*part"
    with pytest.raises(TokenDecodeError) as caught:
        decode(".".join(parts))
    assert caught.value.segment == "ciphertext"


def test_two_megabyte_claim_decodes_whole():
    """Its speed is measured by benchmarks/bench_decode.py (section 3), not asserted here."""
    raw = unsigned({"alg": "RS256"}, claims(time.time(), blob="x" * 2_000_000), b"s" * 256)
    token = decode(raw)
    assert len(token.payload["blob"]) == 2_000_000
    assert token.payload["blob"] == "x" * 2_000_000


def test_find_decode_explain_never_touch_the_network(no_network):
    import json

    from tokenexplorer.tokens.explain import build_tree
    from tokenexplorer.tokens.find import find_tokens

    text = json.dumps({"AuthenticationResult": {"IdToken": SEED, "RefreshToken": jwe()}})
    tokens = [decode(c.raw, c.source) for c in find_tokens(text).candidates]
    assert [t.kind for t in tokens] == [TokenKind.ID, TokenKind.REFRESH]
    for token in tokens:
        assert build_tree(token)
    assert no_network == []


def test_duplicate_names_are_recorded_and_warned_about():
    from token_factory import b64

    from tokenexplorer.tokens.verify import VerifyOptions, verify

    payload = b'{"sub": "user", "aud": "a", "sub": "admin", "x": {"k": 1, "k": 2}}'
    token = decode(f"{part({'alg': 'none', 'alg ': 1})}.{b64(payload)}.")
    assert token.payload["sub"] == "admin"
    assert sorted(token.duplicate_names) == ["payload: k", "payload: sub"]
    report = verify(token, None, VerifyOptions(offline=True))
    [warning] = [w for w in report.warnings if w.startswith("Duplicate names")]
    assert "payload: sub" in warning and "payload: k" in warning
