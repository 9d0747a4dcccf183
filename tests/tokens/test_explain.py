import time

from token_factory import SEED, claims, jwe, unsigned

from tokenexplorer.tokens.decode import decode
from tokenexplorer.tokens.explain import build_tree, lifetime_text
from tokenexplorer.tokens.safe_text import visible
from tokenexplorer.tokens.times import describe_time, humanize_delta


def rows(nodes):
    return {node.name: node for node in nodes}


def test_seed_tree_has_meanings_links_and_lifetime():
    header, payload, signature = build_tree(decode(SEED), now=1601785908 + 3 * 3600)
    assert (header.name, payload.name, signature.name) == ("Header", "Payload", "Signature")
    claims_ = rows(payload.children)
    assert claims_["token_use"].link.startswith("https://docs.aws.amazon.com/cognito/")
    assert "rfc7519" in claims_["exp"].link
    exp = rows(claims_["exp"].children)
    assert exp["Lifetime (exp − iat)"].value == "3600 s (1 h)"
    assert exp["Relative"].value == "expired 3 h ago"
    assert exp["UTC"].value == "2020-10-04 04:31:48 UTC"
    assert "3600 s (1 h)" in claims_["exp"].meaning
    assert claims_["email_verified"].value == "true"
    assert all(node.segment == "payload" for node in payload.children)
    assert rows(header.children)["kid"].segment == "header"
    assert signature.segment == "signature" and "256 bytes" in signature.value


def test_relative_times_and_delta():
    assert humanize_delta(720) == "12 min"
    assert humanize_delta(5400) == "1 h 30 min"
    assert "expires in 12 min" in describe_time(1000 + 720, now=1000, claim="exp")
    assert "expired 3 h ago" in describe_time(1000, now=1000 + 3 * 3600, claim="exp")


def test_unknown_custom_and_nested_claims():
    now = time.time()
    token = decode(unsigned({"alg": "none", "zz": 1}, claims(
        now, **{"custom:tier": "gold", "favourite": {"colour": "blue", "list": [1, 2]}})))
    header, payload, _ = build_tree(token, now)
    items = rows(payload.children)
    assert items["favourite"].meaning.startswith("Not a registered claim")
    assert rows(items["favourite"].children)["list"].children[1].value == "2"
    assert items["custom:tier"].meaning.startswith("A custom attribute")
    assert rows(header.children)["zz"].meaning.startswith("Not a registered header")
    assert rows(header.children)["alg"].flag == "warning"


def test_non_numeric_time_claims_are_flagged_not_crashed():
    token = decode(unsigned({"alg": "RS256"}, {"exp": "tomorrow", "iat": True, "nbf": None,
                                               "auth_time": 1e300}))
    items = rows(build_tree(token)[1].children)
    assert items["exp"].flag == "error" and "Not a number" in items["exp"].meaning
    assert items["iat"].flag == "error" and items["nbf"].flag == "error"
    assert "out of the range" in items["auth_time"].value
    assert lifetime_text(token.payload) is None


def test_risky_header_parameters_are_warned_about():
    risky = {"alg": "RS256", "jku": "https://evil.example/keys", "jwk": {"kty": "RSA"},
             "x5u": "https://evil", "x5c": ["MII"], "crit": ["exp"]}
    token = decode(unsigned(risky, {}))
    header = rows(build_tree(token)[0].children)
    for name in ("jku", "jwk", "x5u", "x5c", "crit"):
        assert header[name].flag == "warning", name
    assert "Never trusted" in header["jwk"].meaning


def test_jwe_explains_that_refresh_tokens_cannot_be_read():
    header, middle, _ = build_tree(decode(jwe()))
    assert middle.name == "Encrypted content"
    assert "cannot read" in middle.meaning and "Cognito" in middle.meaning
    assert "RSA-OAEP" in rows(header.children)["alg"].value
    assert "Cognito" in rows(header.children)["alg"].meaning


def test_values_are_made_visible_and_long_values_shortened():
    token = decode(unsigned({"alg": "RS256"}, {"name": "evil\u202etxt.exe\n", "big": "x" * 50_000}))
    items = rows(build_tree(token)[1].children)
    assert items["name"].value == "evil⟨U+202E⟩txt.exe\\n"
    assert items["name"].raw == "evil\u202etxt.exe\n"
    assert len(items["big"].value) < 2100 and items["big"].raw == "x" * 50_000


def test_visible():
    assert visible("a\u202eb") == "a⟨U+202E⟩b"
    assert visible("x\u200by\u2066z\x07") == "x⟨U+200B⟩y⟨U+2066⟩z⟨U+0007⟩"
    assert visible("line\nnext\ttab") == "line\\nnext\\ttab"
    assert visible("plain ünïcødé 日本") == "plain ünïcødé 日本"


def test_huge_arrays_are_summarised():
    token = decode(unsigned({"alg": "RS256"}, {"many": list(range(10_000))}))
    many = rows(build_tree(token)[1].children)["many"]
    assert many.value == "[…] 10000 items"
    assert len(many.children) == 501 and many.children[-1].value == "9500 more not shown"


def test_scope_split_and_cognito_jwks_row():
    token = decode(unsigned({"alg": "RS256"}, claims(time.time(), "access",
                                                     scope="openid email profile")))
    items = rows(build_tree(token)[1].children)
    assert [n.value for n in items["scope"].children] == ["openid", "email", "profile"]
    assert items["iss"].children[0].value.endswith("/.well-known/jwks.json")
    fake = decode(unsigned({"alg": "RS256"},
                           {"iss": "https://cognito-idp.us-east-1.amazonaws.com.evil/x"}))
    assert rows(build_tree(fake)[1].children)["iss"].flag == "warning"
