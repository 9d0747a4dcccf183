"""The core of `diff`: two decoded tokens aligned by name, times as relative differences."""

import pytest
from token_factory import jwe, unsigned

from tokenexplorer.tokens.decode import decode
from tokenexplorer.tokens.diff import (
    EncryptedTokenError,
    diff_to_json,
    diff_tokens,
    is_time_claim,
    time_note,
)

T = 1_700_000_000


def _pair(header_a, payload_a, header_b, payload_b):
    return decode(unsigned(header_a, payload_a)), decode(unsigned(header_b, payload_b))


def test_diff_of_two_built_tokens_is_exact():
    a, b = _pair({"alg": "RS256", "kid": "k1"},
                 {"sub": "s", "iat": T, "exp": T + 3600, "nonce": "n", "amr": ["pwd"]},
                 {"alg": "RS256", "kid": "k2", "typ": "JWT"},
                 {"exp": T + 7200, "sub": "s", "iat": T - 300, "amr": ["pwd", "mfa"],
                  "email": "x@example.com"})
    diff = diff_tokens(a, b)
    assert diff_to_json(diff) == {
        "header": [
            {"name": "alg", "status": "same", "a": "RS256", "b": "RS256"},
            {"name": "kid", "status": "changed", "a": "k1", "b": "k2"},
            {"name": "typ", "status": "added", "b": "JWT"},
        ],
        "payload": [
            {"name": "sub", "status": "same", "a": "s", "b": "s"},
            {"name": "iat", "status": "changed", "a": T, "b": T - 300},
            {"name": "exp", "status": "changed", "a": T + 3600, "b": T + 7200},
            {"name": "nonce", "status": "removed", "a": "n"},
            {"name": "amr", "status": "changed", "a": ["pwd"], "b": ["pwd", "mfa"]},
            {"name": "email", "status": "added", "b": "x@example.com"},
        ],
    }
    notes = {row.name: row.note for row in diff.payload}
    assert notes == {"sub": "", "iat": "iat −5 min", "exp": "exp +1 h", "nonce": "",
                     "amr": "", "email": ""}
    assert not diff.same
    assert diff.counts() == {"added": 2, "removed": 1, "changed": 4, "same": 2}


def test_same_token_is_same_and_key_order_does_not_matter():
    a, b = _pair({"alg": "RS256"}, {"address": {"a": 1, "b": 2}, "exp": T},
                 {"alg": "RS256"}, {"exp": T, "address": {"b": 2, "a": 1}})
    diff = diff_tokens(a, b)
    assert diff.same and [row.status for row in diff.payload] == ["same", "same"]


def test_types_are_told_apart():
    a, b = _pair({"alg": "none"}, {"x": 1, "y": 1, "z": "1"},
                 {"alg": "none"}, {"x": 1.0, "y": True, "z": 1})
    assert [row.status for row in diff_tokens(a, b).payload] == ["changed"] * 3


def test_catalogue_times_get_notes_but_other_numbers_do_not():
    assert is_time_claim("updated_at") and is_time_claim("auth_time")
    assert not is_time_claim("version") and not is_time_claim("custom:age")
    a, b = _pair({"alg": "none", "exp": 1}, {"updated_at": T, "auth_time": T, "custom:n": 1},
                 {"alg": "none", "exp": 2}, {"updated_at": T + 86400 * 2 + 3600,
                                             "auth_time": T - 45, "custom:n": 9})
    diff = diff_tokens(a, b)
    assert [row.note for row in diff.payload] == ["updated_at +2 d 1 h", "auth_time −45 s", ""]
    assert diff.header[1].note == ""  # a header is no claim set: no times there


def test_time_note_ignores_what_is_not_a_number():
    assert time_note("exp", "soon", T) == ""
    assert time_note("exp", True, T) == ""
    assert time_note("exp", 10**400, T) == ""
    assert time_note("exp", T, T + 90) == "exp +1 min 30 s"


def test_an_encrypted_token_cannot_be_compared():
    signed = decode(unsigned({"alg": "none"}, {"sub": "s"}))
    with pytest.raises(EncryptedTokenError, match="token B is encrypted"):
        diff_tokens(signed, decode(jwe()))
