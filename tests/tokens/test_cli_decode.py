import io
import json
import os
import subprocess
import sys
import time

import jwt
import pytest
from token_factory import CLIENT, POOL, SEED, claims, jwe, part, public_jwk, unsigned

from tokenexplorer import cli

NOW = time.time()


def run_cli(capsys, monkeypatch, *args, stdin: str | None = None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
    code = cli.main(["decode", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_seed_offline_json(capsys, monkeypatch, no_network):
    code, out, _ = run_cli(capsys, monkeypatch, SEED, "--offline", "--json")
    document = json.loads(out)
    [token] = document["tokens"]
    assert set(token) >= {"kind", "header", "payload", "signature", "checks", "warnings"}
    assert token["kind"] == "id"
    assert token["signature"]["status"] == "not checked"
    assert token["payload"]["exp"] - token["payload"]["iat"] == 3600
    assert {k: token["checks"][0][k] for k in ("name", "ok")} == {"name": "exp", "ok": False}
    assert code == 1  # expired
    assert no_network == []


def test_seed_human_output_shows_lifetime(capsys, monkeypatch, no_network):
    code, out, _ = run_cli(capsys, monkeypatch, SEED, "--offline")
    assert "Lifetime (exp − iat): 3600 s (1 h)" in out
    assert "Signature: NOT CHECKED" in out and "\033[" not in out
    assert code == 1 and no_network == []


def test_exit_zero_when_valid(capsys, monkeypatch, rsa_key, tmp_path, no_network):
    (tmp_path / "jwks.json").write_text(json.dumps({"keys": [public_jwk(rsa_key, "k")]}))
    raw = jwt.encode(claims(NOW), rsa_key, "RS256", headers={"kid": "k"})
    code, out, _ = run_cli(capsys, monkeypatch, raw, "--jwks", str(tmp_path / "jwks.json"),
                           "--client-id", CLIENT, "--pool-id", POOL, "--json")
    token = json.loads(out)["tokens"][0]
    assert token["signature"]["status"] == "valid" and code == 0
    assert all(check["ok"] for check in token["checks"])
    code, out, _ = run_cli(capsys, monkeypatch, raw, "--jwks", str(tmp_path / "jwks.json"),
                           "--client-id", "other-client", "--json")
    assert code == 1


def test_key_file_and_secret(capsys, monkeypatch, rsa_key, tmp_path, no_network):
    from cryptography.hazmat.primitives import serialization

    pem = rsa_key.public_key().public_bytes(serialization.Encoding.PEM,
                                            serialization.PublicFormat.SubjectPublicKeyInfo)
    (tmp_path / "key.pem").write_bytes(pem)
    raw = jwt.encode(claims(NOW), rsa_key, "RS256")
    assert run_cli(capsys, monkeypatch, raw, "--key", str(tmp_path / "key.pem"))[0] == 0
    hs = jwt.encode(claims(NOW), "k" * 32, "HS256")
    code, out, _ = run_cli(capsys, monkeypatch, hs, "--secret", "k" * 32, "--json")
    assert json.loads(out)["tokens"][0]["signature"]["status"] == "valid" and code == 0
    code, _, err = run_cli(capsys, monkeypatch, hs, "--key", str(tmp_path / "missing.pem"))
    assert code == 2 and "cannot read --key" in err


def test_unsecured_token_exits_one(capsys, monkeypatch, no_network):
    code, out, _ = run_cli(capsys, monkeypatch, unsigned({"alg": "None"}, claims(NOW)), "--json",
                           "--offline")
    assert json.loads(out)["tokens"][0]["signature"]["status"] == "unsecured" and code == 1


def test_stdin_json_with_several_tokens(capsys, monkeypatch, no_network):
    doc = {"AuthenticationResult": {"IdToken": SEED, "RefreshToken": jwe(),
                                    "AccessToken": unsigned({"alg": "RS256"},
                                                            claims(NOW, "access"), b"x")}}
    code, out, _ = run_cli(capsys, monkeypatch, "-", "--offline", "--json",
                           stdin=json.dumps(doc))
    kinds = [t["kind"] for t in json.loads(out)["tokens"]]
    assert kinds == ["id", "refresh", "access"]
    assert code == 1  # the seed has expired
    code, out, _ = run_cli(capsys, monkeypatch, "--offline", stdin=json.dumps(doc))
    assert "[1/3] ID token" in out and "[2/3] Refresh token" in out


@pytest.mark.parametrize(("text", "words"), [
    ("", "empty"),
    ("hello there", "No token-shaped text"),
    ("https://app/cb?code=abc", "authorization code"),
])
def test_nothing_found_exits_two_with_reason(capsys, monkeypatch, text, words, no_network):
    code, _, err = run_cli(capsys, monkeypatch, "-", stdin=text)
    assert code == 2 and words in err
    code, out, _ = run_cli(capsys, monkeypatch, "--json", "-", stdin=text)
    assert code == 2 and words in json.dumps(json.loads(out))


def test_undecodable_token_names_segment(capsys, monkeypatch, no_network):
    code, out, _ = run_cli(capsys, monkeypatch, "--json", '{"IdToken": "eyJhbGciOi.e30.x"}')
    document = json.loads(out)
    assert code == 2 and document["tokens"] == []
    assert document["errors"][0]["segment"] == "header"
    assert document["errors"][0]["source"] == "JSON IdToken"


def test_hostile_values_are_made_visible(capsys, monkeypatch, no_network):
    raw = unsigned({"alg": "none"}, claims(NOW, name="evil\u202e\x1b[31mred\ud800"))
    code, out, _ = run_cli(capsys, monkeypatch, raw, "--offline")
    assert "evil⟨U+202E⟩⟨U+001B⟩[31mred⟨U+D800⟩" in out and "\u202e" not in out
    assert code == 1  # unsecured
    hostile_key = json.dumps({"a\u202eb\n": SEED})
    code, out, _ = run_cli(capsys, monkeypatch, hostile_key, "--offline")
    assert "(from JSON a⟨U+202E⟩b\\n)" in out


def _imports_after(args: list[str], stdin: str = "") -> tuple[int, set[str]]:
    code = (
        "import sys\n"
        "from tokenexplorer import cli\n"
        f"rc = cli.main({args!r})\n"
        "heavy = {'PySide6', 'boto3', 'botocore', 'cryptography', 'jwt', 'moto'}\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & heavy)\n"
        "sys.stderr.write('LOADED=' + ','.join(loaded) + '\\n')\n"
        "sys.exit(rc)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], input=stdin, capture_output=True,
                            text=True, timeout=60, env={**os.environ, "NO_COLOR": "1"})
    line = next(x for x in result.stderr.splitlines() if x.startswith("LOADED="))
    return result.returncode, set(filter(None, line[len("LOADED="):].split(",")))


def test_decode_imports_neither_qt_nor_boto3_nor_crypto_when_no_key_is_needed():
    code, loaded = _imports_after(["decode", "--offline", "-"], SEED)
    assert code == 1 and loaded == set()
    code, loaded = _imports_after(["decode", "--secret", "k" * 32, "-"],
                                  jwt.encode(claims(NOW), "k" * 32, "HS256"))
    assert code == 0 and "PySide6" not in loaded and "boto3" not in loaded


def test_colour_only_on_a_terminal_and_never_with_no_color():
    import pty

    def output(extra_env: dict) -> bytes:
        leader, follower = pty.openpty()
        env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | extra_env
        process = subprocess.Popen([sys.executable, "-m", "tokenexplorer", "decode", "--offline",
                                    SEED], stdout=follower, stderr=subprocess.DEVNULL, env=env)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=60)
        os.close(leader)
        return b"".join(chunks)

    assert b"\033[" in output({})
    coloured_off = output({"NO_COLOR": "1"})
    assert b"\033[" not in coloured_off and b"NOT CHECKED" in coloured_off


def test_bad_numbers_are_usage_errors(capsys, monkeypatch):
    assert run_cli(capsys, monkeypatch, SEED, "--leeway", "-5")[0] == 2
    code, _, err = run_cli(capsys, monkeypatch, SEED, "--timeout", "0")
    assert code == 2 and "--timeout" in err


# --- sign-in output, bad input, secrets off the command line ---------------------------------

UUID_REFRESH = "f9d57c4c-9255-46e8-ae7d-9a324bb263dc"


def test_signin_json_with_an_opaque_refresh_token_exits_zero(capsys, monkeypatch, rsa_key,
                                                             tmp_path, no_network):
    """`tokenexplorer signin --json | tokenexplorer decode -` on the sandbox (moto's shape)."""
    (tmp_path / "jwks.json").write_text(json.dumps({"keys": [public_jwk(rsa_key, "k")]}))
    signed_in = json.dumps({
        "IdToken": jwt.encode(claims(NOW), rsa_key, "RS256", headers={"kid": "k"}),
        "AccessToken": jwt.encode(claims(NOW, "access"), rsa_key, "RS256", headers={"kid": "k"}),
        "RefreshToken": UUID_REFRESH, "ExpiresIn": 3600})
    args = ("-", "--jwks", str(tmp_path / "jwks.json"), "--client-id", CLIENT, "--pool-id", POOL)
    code, out, err = run_cli(capsys, monkeypatch, *args, "--json", stdin=signed_in)
    document = json.loads(out)
    assert code == 0, (document, err)
    assert [t["kind"] for t in document["tokens"]] == ["id", "access"]
    assert document["errors"] == [] and document["problem"] is None
    assert document["notices"] == ["RefreshToken is an opaque value (36 chars): refresh tokens "
                                   "are opaque to clients; nothing to decode"]
    code, out, err = run_cli(capsys, monkeypatch, *args, stdin=signed_in)
    assert code == 0 and "Note: RefreshToken is an opaque value" in out and err == ""
    assert UUID_REFRESH not in out


@pytest.mark.parametrize("argument", ["/nonexistent.jwt", "nothing-here.json", "dir/token.txt",
                                      "./missing"])
def test_a_missing_file_is_named(capsys, monkeypatch, argument, tmp_path, no_network):
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(capsys, monkeypatch, argument)
    assert code == 2 and f"no such file: {argument}" in err and out == ""
    code, _, err = run_cli(capsys, monkeypatch, str(tmp_path))
    assert code == 2 and "is a folder" in err


def test_a_file_is_still_read_and_text_is_still_text(capsys, monkeypatch, tmp_path, no_network):
    (tmp_path / "token.jwt").write_text(SEED + "\n")
    code, out, _ = run_cli(capsys, monkeypatch, str(tmp_path / "token.jwt"), "--offline")
    assert "ID token" in out and code == 1  # the seed has expired
    code, _, err = run_cli(capsys, monkeypatch, "hello")
    assert code == 2 and "No token-shaped text" in err


def test_garbage_in_the_signature_is_named(capsys, monkeypatch, tmp_path, no_network):
    garbage = f"{part({'alg': 'HS256'})}.{part({'sub': 'x'})}.!!!"
    (tmp_path / "garbage.txt").write_text(garbage)
    for source in (garbage, str(tmp_path / "garbage.txt")):
        code, _, err = run_cli(capsys, monkeypatch, source)
        assert code == 2 and "signature: not valid base64url: character '!'" in err
    code, out, _ = run_cli(capsys, monkeypatch, "--json", "-", stdin=garbage)
    [error] = json.loads(out)["errors"]
    assert error["segment"] == "signature" and "not valid base64url" in error["problem"]


def test_plain_http_jwks_is_a_usage_error(capsys, monkeypatch, jwks_server, rsa_key):
    jwks_server.serve("/keys.json", {"keys": [public_jwk(rsa_key, "k")]})
    raw = jwt.encode(claims(NOW), rsa_key, "RS256", headers={"kid": "k"})
    code, _, err = run_cli(capsys, monkeypatch, raw, "--jwks", f"{jwks_server.url}/keys.json")
    assert code == 2 and "plain http" in err and "--allow-http-jwks" in err
    assert jwks_server.requests == []
    code, out, _ = run_cli(capsys, monkeypatch, raw, "--jwks", f"{jwks_server.url}/keys.json",
                           "--allow-http-jwks", "--json")
    assert code == 0 and json.loads(out)["tokens"][0]["signature"]["status"] == "valid"
    code, _, err = run_cli(capsys, monkeypatch, raw, "--jwks", "/no/such/jwks.json")
    assert code == 2 and "no such file" in err


def test_hs256_without_a_secret_points_to_the_secret(capsys, monkeypatch, no_network):
    hs = jwt.encode(claims(NOW), "k" * 32, "HS256")
    for extra in ((), ("--offline",)):
        code, out, _ = run_cli(capsys, monkeypatch, hs, "--json", *extra)
        signature = json.loads(out)["tokens"][0]["signature"]
        assert signature == {"status": "not checked", "key_source": None,
                             "reason": "HS256 is signed with a shared secret: choose HMAC "
                                       "secret as the key source"}
        assert code == 0
    _, out, _ = run_cli(capsys, monkeypatch, hs)
    assert "--secret-stdin" in out and "JWKS file" not in out


def test_secret_from_stdin_or_the_environment(capsys, monkeypatch, tmp_path, no_network):
    secret = "s3cret-" + "x" * 30
    hs = jwt.encode(claims(NOW), secret, "HS256")
    (tmp_path / "hs.jwt").write_text(hs)
    for token in (hs, str(tmp_path / "hs.jwt")):
        code, out, _ = run_cli(capsys, monkeypatch, token, "--secret-stdin", "--json",
                               stdin=secret + "\n")
        assert json.loads(out)["tokens"][0]["signature"]["status"] == "valid" and code == 0
        assert secret not in out
    code, out, _ = run_cli(capsys, monkeypatch, hs, "--secret-stdin", "--json",
                           stdin="wrong-secret-but-long-enough-000000\n")
    assert json.loads(out)["tokens"][0]["signature"]["status"] == "invalid" and code == 1
    code, _, err = run_cli(capsys, monkeypatch, "-", "--secret-stdin", stdin=f"{secret}\n{hs}")
    assert code == 2 and "must come as an argument or a file" in err
    code, _, err = run_cli(capsys, monkeypatch, hs, "--secret-stdin", stdin="\n")
    assert code == 2 and "empty" in err

    monkeypatch.setenv("TE_TEST_SECRET", secret)
    code, out, _ = run_cli(capsys, monkeypatch, hs, "--secret-env", "TE_TEST_SECRET", "--json")
    assert json.loads(out)["tokens"][0]["signature"]["status"] == "valid" and code == 0
    monkeypatch.delenv("TE_TEST_SECRET")
    code, _, err = run_cli(capsys, monkeypatch, hs, "--secret-env", "TE_TEST_SECRET")
    assert code == 2 and "TE_TEST_SECRET is not set" in err and secret not in err


def test_a_plain_http_endpoint_needs_the_explicit_allowance(capsys, monkeypatch, no_network):
    code, _, err = run_cli(capsys, monkeypatch, SEED, "--endpoint-url", "http://127.0.0.1:5000")
    assert code == 2 and "--allow-http-jwks" in err
    code, _, _ = run_cli(capsys, monkeypatch, SEED, "--offline", "--endpoint-url",
                         "http://127.0.0.1:5000", "--allow-http-jwks")
    assert code == 1  # decoded; the seed has expired


def test_no_token_with_json_says_why_on_stderr_too(capsys, monkeypatch):
    """Exit 2 explains itself in one line whatever the output format; stdout stays JSON."""
    code, out, err = run_cli(capsys, monkeypatch, "--json", stdin="no token in here\n")
    assert code == 2
    assert json.loads(out)["problem"].startswith("No token-shaped text found")
    assert err.startswith("tokenexplorer decode: No token-shaped text found")
    assert err.count("\n") == 1
