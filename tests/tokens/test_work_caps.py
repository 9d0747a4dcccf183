"""Unbounded work per input: hostile input cannot make the CLI examine endless tokens, fetch
endless key sets or read an endless file; each cap, when hit, is said."""

import io
import json
import sys
import time

import jwt
from token_factory import claims, public_jwk

from tokenexplorer import cli
from tokenexplorer.tokens.find import find_tokens
from tokenexplorer.tokens.limits import (
    MAX_INPUT_BYTES,
    MAX_JWKS_FETCHES_PER_RUN,
    MAX_TOKENS_PER_INPUT,
)

NOW = time.time()


def hs_tokens(count: int) -> list[str]:
    return [jwt.encode({"sub": f"u-{n}", "exp": 4_000_000_000}, "s" * 40, algorithm="HS256")
            for n in range(count)]


def test_unbounded_tokens_per_input_are_capped_and_said():
    many = hs_tokens(MAX_TOKENS_PER_INPUT + 30)
    for text in ("\n".join(many), json.dumps({"items": many})):
        result = find_tokens(text)
        assert len(result.candidates) == MAX_TOKENS_PER_INPUT
        assert any(f"more than {MAX_TOKENS_PER_INPUT} tokens" in n for n in result.notices)
    assert not any("more than" in n for n in find_tokens("\n".join(many[:5])).notices)


def test_unbounded_jwks_fetches_per_run_are_capped_and_said(capsys, rsa_key, jwks_server):
    pools = [f"us-east-1_Pool{n}" for n in range(MAX_JWKS_FETCHES_PER_RUN + 3)]
    tokens = []
    for pool in pools:
        jwks_server.serve(f"/{pool}/.well-known/jwks.json",
                          {"keys": [public_jwk(rsa_key, "k1", "RS256")]})
        iss = f"https://cognito-idp.us-east-1.amazonaws.com/{pool}"
        tokens.append(jwt.encode(claims(NOW, iss=iss), rsa_key, "RS256", headers={"kid": "k1"}))
    code = cli.main(["decode", "\n".join(tokens), "--endpoint-url", jwks_server.url,
                     "--allow-http-jwks", "--json"])
    document = json.loads(capsys.readouterr().out)
    assert len(jwks_server.requests) == MAX_JWKS_FETCHES_PER_RUN
    statuses = [token["signature"]["status"] for token in document["tokens"]]
    assert statuses == ["valid"] * MAX_JWKS_FETCHES_PER_RUN + ["not checked"] * 3
    assert any("3 more token(s)" in notice for notice in document["notices"])
    assert code == 0  # not checked is no failure


def test_a_file_whose_size_lies_is_read_only_up_to_the_limit(capsys):
    code = cli.main(["decode", "/dev/zero"])
    err = capsys.readouterr().err
    assert code == 2 and "more than 20 MB" in err and "/dev/zero" in err


def test_endless_stdin_is_read_only_up_to_the_limit(capsys, monkeypatch):
    class Endless(io.RawIOBase):
        def __init__(self):
            self.served = 0

        def readable(self):
            return True

        def readinto(self, buffer):
            buffer[:] = b"A" * len(buffer)
            self.served += len(buffer)
            return len(buffer)

    endless = Endless()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(endless)))
    code = cli.main(["decode", "-"])
    assert code == 2 and "stdin holds more than" in capsys.readouterr().err
    assert endless.served <= MAX_INPUT_BYTES + 2 * 1024 * 1024


def test_a_key_file_whose_size_lies_is_read_only_up_to_the_limit(capsys):
    """--key and --jwks name files too: /dev/zero says it is empty and never ends."""
    token = hs_tokens(1)[0]
    assert cli.main(["decode", "--key", "/dev/zero", token]) == 2
    assert "/dev/zero holds more than" in capsys.readouterr().err
    assert cli.main(["decode", "--json", "--jwks", "/dev/zero", token]) == 0  # no usable key
    signature = json.loads(capsys.readouterr().out)["tokens"][0]["signature"]
    assert signature["status"] == "not checked" and "/dev/zero holds more than" in \
        signature["reason"]


def test_a_secret_on_endless_or_broken_stdin_is_bad_input(capsys, monkeypatch):
    """--secret-stdin reads one bounded line; bytes that are not UTF-8 are said as such."""
    token = hs_tokens(1)[0]
    for data, words in ((b"s" * 200_000, "longer than"), (b"\xff\xfe\n", "not UTF-8")):
        stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="surrogateescape")
        monkeypatch.setattr(sys, "stdin", stdin)
        assert cli.main(["decode", "--secret-stdin", token]) == 2
        err = capsys.readouterr().err
        assert words in err and err.count("\n") == 1


def test_an_endless_timeout_is_a_usage_error(capsys):
    for value in ("inf", "nan", "1e309", "0"):
        assert cli.main(["decode", "--timeout", value, hs_tokens(1)[0]]) == 2
        assert "--timeout must be" in capsys.readouterr().err
