"""No traceback ever reaches a user: every command fuzzed through `cli.main` in-process.

Hostile arguments, stdin bytes and files (malformed or deeply nested Amplify configs,
non-UTF-8, huge) must end in one of the documented statuses: 0, 1 (failed) or 2 (bad
input, said in one line). The last-resort handler's status 70 fails these tests, so an
unexpected exception is still a test failure even though the user would see one line.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tokenexplorer import cli
from tokenexplorer.cli_guard import EXIT_INTERNAL

ROOT = Path(__file__).resolve().parents[2]
FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
DEAD = "http://127.0.0.1:1"  # nothing listens: every network call fails at once
POOL = "us-east-1:0a1b2c3d-0000-4000-8000-000000000000"

_weird = st.sampled_from(["", "-", "--", "-x", "\x00", "\udcff", "\x1b]52;c;aGk=\x07", "é",
                          "\u202e", " ", "a" * 5000, "../../etc/passwd", "/dev/null",
                          "/dev/zero", ".", "nan", "inf", "-1", "99999", "dead", "{}", "[]"])
word = st.one_of(_weird, st.text(max_size=12))


def run_cli(argv: list[str], stdin: bytes, capsys) -> tuple[int, str, str]:
    """`cli.main(argv)` with `stdin` as a (non-terminal) UTF-8 text stream, like a pipe."""
    saved = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        try:
            code = cli.main(argv)
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 2
    finally:
        sys.stdin = saved
    out, err = capsys.readouterr()
    return code, out, err


def assert_no_traceback(code: int, out: str, err: str, allowed=(0, 1, 2)) -> None:
    assert code != EXIT_INTERNAL, err
    assert code in allowed, (code, err)
    assert "Traceback" not in err + out
    if code == 2:
        assert err.strip(), "exit 2 says why"


def assert_one_line_bad_input(code: int, out: str, err: str) -> None:
    assert_no_traceback(code, out, err)
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1, err
    assert out == ""


@pytest.fixture
def dead_profile(capsys):
    code, _, err = run_cli(["profile", "add", "--name", "dead", "--user-pool-id",
                            "us-east-1_abc", "--client-id", "c", "--endpoint-url", DEAD,
                            "--identity-pool-id", POOL], b"", capsys)
    assert code == 0, err
    return "dead"


COMMAND_ARGS = {
    "decode": ["--offline", "--json", "--no-verify", "--leeway", "--timeout", "--jwks",
               "--key", "--secret", "--secret-env", "--secret-stdin", "--client-id",
               "--pool-id"],
    "diff": ["--json", "--mask", "-", "-"],
    "profile": ["add", "list", "show", "remove", "rename", "import", "--name", "--json",
                "--user-pool-id", "--client-id", "--replace", "--client-secret-stdin"],
    "signin": ["--profile", "--username", "--flow", "--json", "--remember", "dead",
               "user-auth", "--challenge", "EMAIL_OTP", "--remember-device"],
    "signout": ["--profile", "--global", "dead"],
    "refresh": ["--profile", "--json", "dead"],
    "devices": ["--profile", "list", "forget", "--json", "dead"],
    "credentials": ["--profile", "--guest", "--format", "env", "json", "process", "dead"],
}


@FUZZ
@given(command=st.sampled_from(sorted(COMMAND_ARGS)), data=st.data(),
       stdin=st.one_of(st.binary(max_size=200), st.just(b"\xff\xfe\x00\n")))
def test_cli_no_traceback_fuzzed_arguments_and_stdin(dead_profile, capsys, command, data,
                                                     stdin):
    args = data.draw(st.lists(st.one_of(st.sampled_from(COMMAND_ARGS[command]), word),
                              max_size=6))
    if command == "decode":
        args = ["--offline", *args]  # never the internet
    code, out, err = run_cli([command, *args], stdin, capsys)
    assert_no_traceback(code, out, err)


_deep = st.integers(1000, 60000).flatmap(lambda n: st.sampled_from([
    '{"a":' * n + "1" + "}" * n, "[" * n + "]" * n, "export default {a:" + "[" * n,
    "const c = {a:" + "[" * n + "]" * n + "}"]))
_amplify = st.one_of(
    _deep,
    st.text(max_size=300),
    st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                 lambda inner: st.lists(inner, max_size=3)
                 | st.dictionaries(st.sampled_from(["auth", "aws_user_pools_id", "Auth",
                                                    "user_pool_id", "plugins", "x"]), inner,
                                   max_size=4), max_leaves=12).map(repr),
)


@FUZZ
@given(content=st.one_of(_amplify.map(lambda t: t.encode("utf-8", "surrogatepass")),
                         st.binary(max_size=300)),
       suffix=st.sampled_from([".json", ".js", ""]))
@example(content=b'{"a":' * 100000 + b"1" + b"}" * 100000, suffix=".json")
@example(content=b"\xff\xfe{\x00", suffix=".json")
def test_cli_no_traceback_amplify_import_files(capsys, tmp_path, content, suffix):
    path = tmp_path / f"amplify{suffix}"
    path.write_bytes(content)
    code, out, err = run_cli(["profile", "import", str(path), "--name", "imported",
                              "--replace"], b"", capsys)
    assert_no_traceback(code, out, err)
    if code == 2:
        assert len(err.strip().splitlines()) == 1, err


@pytest.mark.parametrize("content", [b'{"auth":' * 50000 + b"{}" + b"}" * 50000,
                                     b"export default {a:" + b"[" * 50000 + b"]" * 50000 + b"}",
                                     b"\xff\xfe{", b""])
def test_cli_no_traceback_bad_amplify_file_is_one_line_exit_2(capsys, tmp_path, content):
    path = tmp_path / "aws-exports.js"
    path.write_bytes(content)
    assert_one_line_bad_input(*run_cli(["profile", "import", str(path), "--name", "x"], b"",
                                       capsys))


def test_cli_no_traceback_amplify_file_without_end_is_bounded(capsys):
    """/dev/zero says it holds 0 bytes: the read stops at the size limit anyway."""
    assert_one_line_bad_input(*run_cli(["profile", "import", "/dev/zero", "--name", "x"], b"",
                                       capsys))


@pytest.mark.parametrize("argv", [
    ["signin", "--profile", "dead", "--username", "u"],
    ["profile", "add", "--name", "x", "--user-pool-id", "us-east-1_abc", "--client-id", "c",
     "--client-secret-stdin"],
])
def test_cli_no_traceback_non_utf8_stdin_is_one_line_exit_2(dead_profile, capsys, argv):
    assert_one_line_bad_input(*run_cli(argv, b"\xff\xfe secret\n", capsys))


@pytest.mark.parametrize("argv", [
    ["signin", "--profile", "dead", "--username", "u"],
    ["profile", "add", "--name", "x", "--user-pool-id", "us-east-1_abc", "--client-id", "c",
     "--client-secret-stdin"],
])
def test_cli_no_traceback_endless_stdin_line_is_one_line_exit_2(dead_profile, capsys, argv):
    """A line that never ends (`< /dev/zero`) is read only up to a bound."""
    code, out, err = run_cli(argv, b"\0" * 70_000, capsys)
    assert_one_line_bad_input(code, out, err)
    assert "longer than" in err


BAD_NAMES = ["\x1b]52;c;aGk=\x07", "a\nb", "\udcff", "", " padded ", "x" * 500, "\x00"]


@pytest.mark.parametrize("name", BAD_NAMES)
@pytest.mark.parametrize("argv", [["credentials", "--profile", "{}"],
                                  ["signin", "--profile", "{}", "--username", "u"],
                                  ["signout", "--profile", "{}"], ["profile", "show", "{}"],
                                  ["refresh", "--profile", "{}"],
                                  ["devices", "--profile", "{}", "list"],
                                  ["profile", "remove", "{}"], ["profile", "rename", "dead", "{}"],
                                  ["profile", "import", "/dev/null", "--name", "{}"]])
def test_cli_no_traceback_bad_profile_names_are_one_line_exit_2(dead_profile, capsys, argv,
                                                                name):
    argv = [name if part == "{}" else part for part in argv]
    code, out, err = run_cli(argv, b"", capsys)
    assert_one_line_bad_input(code, out, err)
    assert "\x1b" not in err and "\x00" not in err


def test_cli_no_traceback_unexpected_exception_is_one_plain_line(capsys, monkeypatch):
    """The last resort: type and place only (no message: it might hold a secret), exit 70."""
    from tokenexplorer.commands import profile

    def broken(options):
        raise KeyError("eyJsecret-token-text")

    monkeypatch.setattr(profile, "run", broken)
    code, _out, err = run_cli(["profile", "list"], b"", capsys)
    assert code == EXIT_INTERNAL
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "KeyError" in err and "this is a bug" in err and "eyJsecret" not in err


@pytest.mark.parametrize("argv,stdin", [
    (["profile", "import", "{deep}", "--name", "x"], b""),
    (["decode", "-"], b"\xff\xfe\x00garbage"),
    (["profile", "show", "\udcff"], b""),
])
def test_cli_no_traceback_as_a_program(tmp_path, argv, stdin):
    """Real processes (real stdin, real argv bytes): one line, exit 2, no traceback."""
    deep = tmp_path / "deep.json"
    deep.write_bytes(b'{"a":' * 100000 + b"1" + b"}" * 100000)
    argv = [str(deep) if part == "{deep}" else part for part in argv]
    env = {**os.environ, "TOKENEXPLORER_CONFIG_DIR": str(tmp_path / "c")}
    env.pop("TOKENEXPLORER_DEBUG", None)
    done = subprocess.run([sys.executable, "-m", "tokenexplorer", *argv], input=stdin,
                          capture_output=True, timeout=60, cwd=ROOT, env=env)
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2, err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
