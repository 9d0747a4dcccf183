"""`decode --mask`: none of a seeded set of personal values reaches the output."""

import io
import json
import os
import subprocess
import sys
import time

from token_factory import claims, unsigned

from tokenexplorer import cli
from tokenexplorer.tokens.mask_report import RAW_PLACEHOLDER

NOW = time.time()
SUB = "3f1c2a9e-7b4d-4c1e-9a2b-5d6e7f809112"
PERSONAL = {
    "sub": SUB,
    "email": "jane.doe@corp.example.com",
    "phone_number": "+447700900123",
    "name": "Janet Doeberg",
    "given_name": "Janet",
    "family_name": "Doeberg",
    "address": {"formatted": "12 Acacia Avenue, Springfield"},
    "cognito:username": "jdoe42",
    "identities": [{"userId": "108234567890123456789", "providerName": "Google",
                    "providerType": "Google", "primary": "true",
                    "dateCreated": "1700000000000"}],
    "cognito:roles": ["arn:aws:iam::123456789012:role/jdoe42-role"],
    "custom:note": "key AKIAIOSFODNN7EXAMPLE from 203.0.113.77 for "
                   "us-east-1:0c6f1e2a-1111-4222-8333-944455556666",
}
SEEDED = ["3f1c2a9e", "jane.doe", "corp.example.com", "+447700900123", "7700900123", "Janet",
          "Doeberg", "Acacia", "Springfield", "jdoe42", "108234567890123456789",
          "123456789012", "AKIAIOSFODNN7EXAMPLE", "IOSFODNN7", "203.0.113.77",
          "0c6f1e2a-1111"]
TOKEN = unsigned({"alg": "RS256", "kid": "k"}, claims(NOW, **PERSONAL))
# An Amplify localStorage dump: the key itself holds the username.
AMPLIFY = json.dumps({"CognitoIdentityServiceProvider.testclient.jdoe42.idToken": TOKEN})


def _leaks(text: str) -> list[str]:
    segments = TOKEN.split(".")[:2]
    return [value for value in (*SEEDED, *segments, TOKEN[:40]) if value in text]


def run_cli(capsys, monkeypatch, *args, stdin: str | None = None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
    code = cli.main(["decode", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_output_leaks_nothing_and_keeps_the_rest(capsys, monkeypatch, no_network):
    code, out, err = run_cli(capsys, monkeypatch, "--offline", "--mask", "--json", "-",
                             stdin=AMPLIFY)
    assert _leaks(out + err) == []
    [token] = json.loads(out)["tokens"]
    payload = token["payload"]
    # stable: the username is masked the same in its claim, in the role ARN, in the source
    assert payload["cognito:username"] == "user-1"
    assert payload["cognito:roles"] == ["arn:aws:iam::000000000001:role/user-1-role"]
    assert token["source"] == "JSON CognitoIdentityServiceProvider.testclient.user-1.idToken"
    assert payload["sub"] == "00000000-0000-4000-8000-000000000001"
    assert payload["email"] == "user-1@example.invalid"
    # everything that is not personal is exactly as decoded
    plain = claims(NOW, **PERSONAL)
    for name in ("iss", "aud", "token_use", "iat", "exp", "auth_time"):
        assert payload[name] == plain[name]
    assert payload["identities"][0]["providerName"] == "Google"
    assert token["header"] == {"alg": "RS256", "kid": "k"}
    code_plain, _, _ = run_cli(capsys, monkeypatch, "--offline", "--json", TOKEN)
    assert code == code_plain  # masking changes what is shown, never the verdict
    assert no_network == []


def test_human_output_leaks_nothing(capsys, monkeypatch, no_network):
    code, out, err = run_cli(capsys, monkeypatch, "--offline", "--mask", "-", stdin=AMPLIFY)
    assert _leaks(out + err) == []
    assert "email: user-1@example.invalid" in out and "jdoe42" not in out
    assert "iss: https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TestPool1" in out
    code_plain, plain, _ = run_cli(capsys, monkeypatch, "--offline", "-", stdin=AMPLIFY)
    assert code == code_plain
    assert _leaks(plain)  # the seeded values are really there without --mask


def test_errors_and_sources_are_masked_too(capsys, monkeypatch):
    broken = "eyJhbGciOiJub25lIn0.eyJ-x.x"
    document = json.dumps({"jane.doe@corp.example.com": {"IdToken": broken}})
    _code, out, err = run_cli(capsys, monkeypatch, "--offline", "--mask", "--json", "-",
                              stdin=document)
    assert "jane.doe" not in out + err and "user-1@example.invalid" in out
    # (the email pattern takes ".IdToken" for part of the domain: masking errs on the safe side)
    assert json.loads(out)["errors"][0]["source"].startswith("JSON user-1@example.invalid")


def test_mask_in_a_subprocess():
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    for extra in ([], ["--json"]):
        done = subprocess.run([sys.executable, "-m", "tokenexplorer", "decode", "--offline",
                               "--mask", *extra, "-"], input=AMPLIFY, capture_output=True,
                              text=True, env=env, timeout=60, check=False)
        assert done.returncode == 0, done.stderr  # offline, no key: not checked
        assert "user-1@example.invalid" in done.stdout
        assert _leaks(done.stdout + done.stderr) == []


def test_masked_token_has_a_placeholder_for_its_raw_text():
    from tokenexplorer.tokens.decode import decode
    from tokenexplorer.tokens.mask_report import mask_token
    from tokenexplorer.tokens.masking import Masker

    masked = mask_token(decode(TOKEN), Masker())
    assert masked.raw == RAW_PLACEHOLDER and masked.signing_input == b""
    assert _leaks(repr(masked)) == []


def test_every_text_of_an_analysis_is_masked():
    from tokenexplorer.tokens.analyse import Analysis
    from tokenexplorer.tokens.mask_report import mask_analysis
    from tokenexplorer.tokens.model import Candidate, FindResult, TokenDecodeError

    candidate = Candidate("eyJ.x.y", "JSON jane.doe@corp.example.com")
    analysis = Analysis(
        find=FindResult([candidate], ["note on jane.doe@corp.example.com"],
                        "nothing for jane.doe@corp.example.com"),
        errors=[(candidate, TokenDecodeError("payload", "bad for jane.doe@corp.example.com"))])
    masked = mask_analysis(analysis)
    [(error_candidate, error)] = masked.errors
    texts = [error_candidate.source, error.problem, str(error), *masked.find.notices,
             masked.find.problem, masked.find.candidates[0].source]
    assert texts == ["JSON user-1@example.invalid", "bad for user-1@example.invalid",
                     "payload: bad for user-1@example.invalid", "note on user-1@example.invalid",
                     "nothing for user-1@example.invalid", "JSON user-1@example.invalid"]
    assert error_candidate.raw == masked.find.candidates[0].raw == RAW_PLACEHOLDER
