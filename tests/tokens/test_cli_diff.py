"""`tokenexplorer diff` through the CLI: in-process for detail, a subprocess for the real thing."""

import io
import json
import os
import subprocess
import sys

import pytest
from token_factory import jwe, unsigned

from tokenexplorer import cli

T = 1_700_000_000
A = unsigned({"alg": "RS256", "kid": "k1"},
             {"sub": "s-1", "iat": T, "exp": T + 3600, "nonce": "n-1"})
B = unsigned({"alg": "RS256", "kid": "k1"},
             {"sub": "s-1", "iat": T + 3600, "exp": T + 7200, "name": "Eve\u202eevil"})


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run_cli(capsys, monkeypatch, *args, stdin: str | None = None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
    code = cli.main(["diff", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_document_and_exit_one_when_different(capsys, monkeypatch, no_network):
    code, out, err = run_cli(capsys, monkeypatch, A, B, "--json")
    assert code == 1 and err == ""
    assert json.loads(out) == {
        "header": [{"name": "alg", "status": "same", "a": "RS256", "b": "RS256"},
                   {"name": "kid", "status": "same", "a": "k1", "b": "k1"}],
        "payload": [{"name": "sub", "status": "same", "a": "s-1", "b": "s-1"},
                    {"name": "iat", "status": "changed", "a": T, "b": T + 3600},
                    {"name": "exp", "status": "changed", "a": T + 3600, "b": T + 7200},
                    {"name": "nonce", "status": "removed", "a": "n-1"},
                    {"name": "name", "status": "added", "b": "Eve\u202eevil"}],
    }
    assert "\u202e" not in out  # JSON escapes it: nothing reaches the terminal raw
    assert no_network == []


def test_same_tokens_exit_zero(capsys, monkeypatch, no_network):
    code, out, _ = run_cli(capsys, monkeypatch, A, f"Authorization: Bearer {A}")
    assert code == 0 and "0 changed, 0 added, 0 removed, 6 same" in out


def test_human_output_is_aligned_escaped_and_plain_off_a_terminal(capsys, monkeypatch):
    code, out, _ = run_cli(capsys, monkeypatch, A, B)
    assert code == 1 and "\033[" not in out and "\u202e" not in out
    lines = out.splitlines()
    assert lines[0] == "A: JWT from argument A" and lines[1] == "B: JWT from argument B"
    rows = [line for line in lines if line.startswith("  ")]
    assert len(rows) == 7
    # every column starts at the same place on every row
    b_values = ["RS256", "k1", "s-1", str(T + 3600), str(T + 7200), "—", "Eve⟨U+202E⟩evil"]
    assert len({row.rindex(f" {b}") for row, b in zip(rows, b_values, strict=True)}) == 1
    assert len({row.index(" 1700") for row in rows if "1700" in row}) == 1
    exp = next(row for row in rows if " exp " in row)
    assert exp.split() == ["changed", "exp", str(T + 3600), str(T + 7200), "exp", "+1", "h"]
    assert any(row.split() == ["added", "name", "—", "Eve⟨U+202E⟩evil"] for row in rows)
    assert any(row.split() == ["removed", "nonce", "n-1", "—"] for row in rows)
    assert lines[-1] == "2 changed, 1 added, 1 removed, 3 same"


def test_colour_only_on_a_terminal_and_never_with_no_color(capsys, monkeypatch):
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert cli.main(["diff", A, B]) == 1
    assert "\033[33mchanged" in terminal.getvalue()
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli.main(["diff", A, B]) == 1
    assert "\033[" not in terminal.getvalue() and "changed" in terminal.getvalue()


def test_stdin_for_one_side_with_json_around_it(capsys, monkeypatch, no_network):
    code, out, _ = run_cli(capsys, monkeypatch, A, "-", "--json",
                           stdin=json.dumps({"AuthenticationResult": {"IdToken": B}}))
    assert code == 1 and json.loads(out)["payload"][1]["b"] == T + 3600
    code, out, _ = run_cli(capsys, monkeypatch, "-", B, stdin=f"Bearer {A}\n")
    assert code == 1 and "A: JWT from stdin, " not in out and "A: JWT from stdin" in out


def test_a_file_argument(capsys, monkeypatch, tmp_path):
    (tmp_path / "b.jwt").write_text(B + "\n")
    code, out, _ = run_cli(capsys, monkeypatch, A, str(tmp_path / "b.jwt"))
    assert code == 1 and f"B: JWT from file {tmp_path / 'b.jwt'}" in out


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (("-", "-"), "", "stdin can hold only one of the two tokens"),
    (("hello world", B), None, "TOKEN_A (argument A): No token-shaped text found"),
    ((A, f"{A} {B}"), None, "TOKEN_B (argument B) holds 2 tokens"),
    ((A, "eyJhbGciOiJub25lIn0.eyJ-x.x"), None, "cannot decode TOKEN_B"),
    ((A, jwe()), None, "token B is encrypted"),
    ((A, "/no/such/file.jwt"), None, "TOKEN_B: no such file: /no/such/file.jwt"),
])
def test_trouble_exits_two_with_a_reason(capsys, monkeypatch, args, stdin, message):
    code, out, err = run_cli(capsys, monkeypatch, *args, stdin=stdin)
    assert code == 2 and out == "" and message in err and "Traceback" not in err


def test_subprocess_round_trip():
    env = {**os.environ, "PYTHONPATH": os.getcwd(), "NO_COLOR": ""}
    done = subprocess.run([sys.executable, "-m", "tokenexplorer", "diff", A, "-", "--json"],
                          input=B, capture_output=True, text=True, env=env, timeout=60,
                          check=False)
    assert done.returncode == 1, done.stderr
    assert [row["status"] for row in json.loads(done.stdout)["payload"]] == \
        ["same", "changed", "changed", "removed", "added"]
    done = subprocess.run([sys.executable, "-m", "tokenexplorer", "diff", A, A],
                          capture_output=True, text=True, env=env, timeout=60, check=False)
    assert done.returncode == 0 and "6 same" in done.stdout and "\033[" not in done.stdout


def test_diff_and_mask_load_no_qt_and_no_boto3():
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    code = ("import sys\nfrom tokenexplorer import cli\n"
            f"assert cli.main(['diff', {A!r}, {B!r}]) == 1\n"
            f"cli.main(['decode', '--mask', '--offline', {A!r}])\n"
            "heavy = [m for m in ('PySide6', 'boto3', 'botocore', 'moto') if m in sys.modules]\n"
            "assert not heavy, heavy\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr


def test_mask_hides_personal_values_but_keeps_the_verdicts(capsys, monkeypatch):
    roles = ["arn:aws:iam::123456789012:r"]
    a = unsigned({"alg": "RS256"}, {"email": "jane@corp.example.com", "sub": "s-1234",
                                    "exp": T, "cognito:roles": roles})
    b = unsigned({"alg": "RS256"}, {"email": "john@corp.example.com", "sub": "s-1234",
                                    "exp": T + 60, "cognito:roles": roles})
    document = {"AuthenticationResult": {"IdToken": b}}
    code, out, _ = run_cli(capsys, monkeypatch, a, "-", "--json", "--mask",
                           stdin=json.dumps(document))
    assert code == 1
    assert "corp.example.com" not in out and "s-1234" not in out and "123456789012" not in out
    assert json.loads(out)["payload"] == [
        {"name": "email", "status": "changed", "a": "user-1@example.invalid",
         "b": "user-2@example.invalid"},
        {"name": "sub", "status": "same", "a": "00000000-0000-4000-8000-000000000001",
         "b": "00000000-0000-4000-8000-000000000001"},
        {"name": "exp", "status": "changed", "a": T, "b": T + 60},
        {"name": "cognito:roles", "status": "same", "a": ["arn:aws:iam::000000000001:r"],
         "b": ["arn:aws:iam::000000000001:r"]},
    ]
    code, out, _ = run_cli(capsys, monkeypatch, a, b, "--mask")
    assert code == 1 and "jane" not in out and "exp +1 min" in out
    # a username met later (in B) is hidden in an earlier claim too
    c = unsigned({"alg": "RS256"}, {"cognito:roles": ["arn:aws:iam::1:role/jdoe42-role"]})
    d = unsigned({"alg": "RS256"}, {"cognito:roles": ["arn:aws:iam::1:role/jdoe42-role"],
                                    "cognito:username": "jdoe42"})
    code, out, _ = run_cli(capsys, monkeypatch, c, d, "--mask", "--json")
    assert code == 1 and "jdoe42" not in out and "role/user-1-role" in out
