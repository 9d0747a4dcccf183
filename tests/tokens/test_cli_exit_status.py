"""`decode` exits 1 for every failed verification, 0 when the signature merely could not be
checked (no key available, a JWE, --no-verify)."""

import io
import json
import sys
import time

import jwt
import pytest
from token_factory import POOL, claims, jwe, part, public_jwk

from tokenexplorer import cli

NOW = time.time()


def run_cli(capsys, *args):
    code = cli.main(["decode", *args])
    out, _ = capsys.readouterr()
    return code, out


def status(out: str) -> str:
    return json.loads(out)["tokens"][0]["signature"]["status"]


@pytest.fixture
def jwks_file(tmp_path, rsa_key):
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": [public_jwk(rsa_key, "k1", "RS256")]}))
    return str(path)


def with_header(rsa_key, header: dict) -> str:
    """A token signed with rsa_key whose header is exactly `header` (alg as given)."""
    good = jwt.encode(claims(NOW), rsa_key, "RS256", headers={"kid": "k1"})
    _, payload, signature = good.split(".")
    return f"{part(header)}.{payload}.{signature}"


def test_a_kid_not_among_the_given_keys_fails(capsys, rsa_key, jwks_file, no_network):
    raw = jwt.encode(claims(NOW), rsa_key, "RS256", headers={"kid": "rotated-away"})
    code, out = run_cli(capsys, raw, "--jwks", jwks_file, "--json")
    assert status(out) == "key not found" and code == 1


def test_a_kid_not_among_the_fetched_keys_fails(capsys, rsa_key, jwks_server):
    jwks_server.serve(f"/{POOL}/.well-known/jwks.json",
                      {"keys": [public_jwk(rsa_key, "k1", "RS256")]})
    raw = jwt.encode(claims(NOW), rsa_key, "RS256", headers={"kid": "elsewhere"})
    code, out = run_cli(capsys, raw, "--endpoint-url", jwks_server.url, "--allow-http-jwks",
                        "--json")
    assert jwks_server.requests, "the keys were fetched"
    assert status(out) == "key not found" and code == 1


@pytest.mark.parametrize("alg", ["RS256 ", "RS256\x00", ["RS256"], None, "RSA-OAEP", 256])
@pytest.mark.parametrize("mode", [[], ["--offline"], ["--no-verify"]])
def test_a_malformed_or_unsupported_alg_fails(capsys, rsa_key, jwks_file, alg, mode,
                                              no_network):
    header = {"kid": "k1", "typ": "JWT"}
    if alg is not None:
        header["alg"] = alg
    args = mode or ["--jwks", jwks_file]
    code, out = run_cli(capsys, with_header(rsa_key, header), *args, "--json")
    assert status(out) == "unsupported algorithm" and code == 1


def test_an_array_alg_is_named_as_such(capsys, rsa_key, jwks_file, no_network):
    _, out = run_cli(capsys, with_header(rsa_key, {"alg": ["RS256"]}), "--jwks", jwks_file,
                     "--json")
    reason = json.loads(out)["tokens"][0]["signature"]["reason"]
    assert "not a string" in reason and "list" in reason


@pytest.mark.parametrize("args", [["--offline"], ["--no-verify"]])
def test_not_checked_is_no_failure(capsys, rsa_key, args, no_network):
    raw = jwt.encode(claims(NOW), rsa_key, "RS256", headers={"kid": "k1"})
    code, out = run_cli(capsys, raw, *args, "--json")
    assert status(out) == "not checked" and code == 0


def test_a_jwe_is_not_checked_and_no_failure(capsys, monkeypatch, no_network):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(jwe().encode())))
    code, out = run_cli(capsys, "-", "--json")
    assert status(out) == "not checked" and code == 0
