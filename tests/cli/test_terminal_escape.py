"""Text from outside cannot drive the terminal: ESC, BEL, C1 and bidi controls are shown.

A server's error message, a claim, a profile name or a user name could hold OSC 52 (writes
the clipboard), a screen clear, a title change or a right-to-left override. Every CLI write
passes `TerminalSafe`, so each reaches the terminal as ⟨U+XXXX⟩; JSON output stays valid,
ASCII-only JSON with the exact values.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.json_peer import JsonPeer
from tokenexplorer import cli
from tokenexplorer.cognito.profiles import Profile, ProfileStore
from tokenexplorer.commands.output import Printer, TerminalSafe
from tokenexplorer.tokens.safe_text import terminal

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "\x1b]52;c;aGVsbG8=\x07\x1b[2J\x9b31m\x1b]0;title\x9c\u202eevil\u2066\r\x00\x7f"
POOL = "us-east-1:0a1b2c3d-0000-4000-8000-000000000000"


def dangerous(text: str) -> list[str]:
    """The characters of `text` a terminal would act on (newline and tab are fine)."""
    return [ch for ch in text if (ord(ch) < 32 and ch not in "\n\t") or 0x7F <= ord(ch) <= 0x9F
            or ch in "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
            or 0xD800 <= ord(ch) <= 0xDFFF]


@given(st.text())
def test_terminal_escape_helper_leaves_nothing_a_terminal_acts_on(text):
    shown = terminal(text)
    assert dangerous(shown) == []
    assert shown.count("\n") == text.count("\n")  # our own line breaks stay


class _Tty(io.StringIO):
    def isatty(self):
        return True


@given(st.text(), st.text())
def test_terminal_escape_only_our_own_colours_survive(painted, plain):
    """Outside text, painted or not, even holding our own colour codes, reaches the terminal
    with every ESC made visible; only the Printer's colours are real escape codes."""
    stream = _Tty()
    printer = Printer(TerminalSafe(stream))
    assert printer.colour
    printer.line(f"{printer.paint(painted, '32')} {plain}")
    written = stream.getvalue()
    assert written.startswith("\x1b[32m") and written.count("\x1b") == 2
    assert written == f"\x1b[32m{terminal(painted)}\x1b[0m {terminal(plain)}\n"


def test_terminal_escape_stream_wrapper_escapes_every_write():
    inner = io.StringIO()
    stream = TerminalSafe(inner)
    print("name:", HOSTILE, file=stream)
    assert dangerous(inner.getvalue()) == []
    assert "⟨U+001B⟩]52;c;" in inner.getvalue()


@pytest.fixture
def hostile_server():
    """Answers every AWS JSON call with an error whose message is hostile terminal text."""
    error = {"__type": "HostileException", "message": f"Incorrect {HOSTILE} password"}
    peer = JsonPeer(lambda _target, _body: (400, error))
    url = peer.url
    ProfileStore().put(Profile(name="hostile", region="us-east-1", user_pool_id="us-east-1_abc",
                               client_id="client", endpoint_url=url, identity_pool_id=POOL))
    yield url
    peer.close()


def _run(argv: list[str], stdin: bytes, capsys) -> tuple[int, str, str]:
    saved = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        code = cli.main(argv)
    finally:
        sys.stdin = saved
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("argv", [
    ["signin", "--profile", "hostile", "--username", "u", "--flow", "password"],
    ["credentials", "--profile", "hostile", "--guest"],
])
def test_terminal_escape_server_error_messages(hostile_server, capsys, argv):
    code, out, err = _run(argv, b"password\n", capsys)
    assert code == 1, err
    assert "Incorrect" in err  # the server's words are shown …
    assert dangerous(out + err) == []  # … but none of its controls


NAME = "inv\u202eoice\x85\u2066 team"  # allowed as a name (no C0), shown escaped


def test_terminal_escape_profile_names_in_human_output(capsys):
    code, out, err = _run(["profile", "add", "--name", NAME, "--user-pool-id", "us-east-1_abc",
                           "--client-id", "c"], b"", capsys)
    assert code == 0, err
    for argv in (["profile", "list"], ["profile", "show", NAME],
                 ["profile", "rename", NAME, NAME + "2"], ["profile", "remove", NAME + "2"]):
        code, out, err = _run(argv, b"", capsys)
        assert code == 0, err
        assert dangerous(out + err) == [], argv
        assert "202e" in out.lower()  # shown, as ⟨U+202E⟩ or \u202e


def test_terminal_escape_json_output_is_ascii_with_exact_values(capsys):
    _run(["profile", "add", "--name", NAME, "--user-pool-id", "us-east-1_abc", "--client-id",
          "c"], b"", capsys)
    for argv in (["profile", "list", "--json"], ["profile", "show", NAME, "--json"]):
        code, out, err = _run(argv, b"", capsys)
        assert code == 0, err
        assert out.isascii() and dangerous(out) == []
        document = json.loads(out)
        names = [p["name"] for p in document] if isinstance(document, list) else [document["name"]]
        assert names == [NAME]


def test_terminal_escape_decode_of_a_hostile_token(capsys):
    import base64

    def part(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    token = f"{part({'alg': 'none', 'kid': HOSTILE})}.{part({HOSTILE: HOSTILE, 'sub': HOSTILE})}."
    code, out, err = _run(["decode", "--offline", token], b"", capsys)
    assert code in (0, 1), err
    assert dangerous(out + err) == []


def test_terminal_escape_as_a_program(tmp_path):
    """A real process writing to real pipes: the profile list has no raw controls either."""
    env = {**os.environ, "TOKENEXPLORER_CONFIG_DIR": str(tmp_path / "c")}
    base = [sys.executable, "-m", "tokenexplorer", "profile"]
    subprocess.run([*base, "add", "--name", NAME, "--user-pool-id", "us-east-1_abc",
                    "--client-id", "c"], check=True, capture_output=True, env=env, cwd=ROOT,
                   timeout=60)
    done = subprocess.run([*base, "list"], capture_output=True, env=env, cwd=ROOT, timeout=60)
    assert done.returncode == 0
    text = done.stdout.decode("utf-8")
    assert dangerous(text) == [] and "⟨U+202E⟩" in text



def _jwt(claims: dict) -> str:
    import base64

    def part(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'RS256', 'kid': 'k'})}.{part(claims)}.c2ln"


@pytest.fixture
def hostile_idp():
    """A user pool that signs anyone in, with a hostile user name and token text."""
    import time

    claims = {"cognito:username": f"bob\nSigned in as admin{HOSTILE}", "sub": HOSTILE,
              "exp": int(time.time()) + 3600, "iat": int(time.time()), "token_use": "id"}
    result = {"AuthenticationResult": {"IdToken": _jwt(claims),
                                       "AccessToken": _jwt({**claims, "token_use": "access"}),
                                       "RefreshToken": f"opaque\nIdToken      forged{HOSTILE}",
                                       "ExpiresIn": 3600, "TokenType": "Bearer"}}

    peer = JsonPeer(lambda _target, _body: (200, result))
    ProfileStore().put(Profile(name="idp", region="us-east-1", user_pool_id="us-east-1_abc",
                               client_id="client", endpoint_url=peer.url))
    yield result["AuthenticationResult"]
    peer.close()


def test_terminal_escape_signin_user_name_and_tokens(hostile_idp, capsys):
    code, out, err = _run(["signin", "--profile", "idp", "--username", "u", "--flow",
                           "password"], b"pw\n", capsys)
    assert code == 0, err
    assert dangerous(out + err) == []
    assert len(out.splitlines()) == 4, out  # IdToken, AccessToken, RefreshToken, ExpiresIn
    assert not any(line.startswith("Signed in as admin") for line in err.splitlines())
    code, out, err = _run(["signin", "--profile", "idp", "--username", "u", "--flow",
                           "password", "--json"], b"pw\n", capsys)
    assert code == 0, err
    assert out.isascii() and json.loads(out)["RefreshToken"] == hostile_idp["RefreshToken"]


def test_terminal_escape_on_a_real_terminal_keeps_only_our_colours(tmp_path):
    """decode on a pseudo-terminal: its own colours stay, the token's escapes are shown."""
    import pty
    import re

    token = _jwt({HOSTILE: HOSTILE, "sub": HOSTILE})
    main, secondary = pty.openpty()
    env = {**os.environ, "TOKENEXPLORER_CONFIG_DIR": str(tmp_path / "c")}
    env.pop("NO_COLOR", None)
    with subprocess.Popen([sys.executable, "-m", "tokenexplorer", "decode", "--offline", token],
                          stdout=secondary, stderr=secondary, stdin=subprocess.DEVNULL,
                          cwd=ROOT, env=env) as process:
        os.close(secondary)
        chunks = []
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # EIO: the process closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait(60) in (0, 1)
    os.close(main)
    text = b"".join(chunks).decode("utf-8")
    assert "\x1b[" in text  # colours on a terminal …
    without_ours = re.sub("\x1b\\[(?:0|1|2|31|32|33)m", "", text).replace("\r\n", "\n")
    assert dangerous(without_ours) == []  # … and nothing else a terminal acts on


def test_terminal_escape_decode_json_is_ascii_and_exact(capsys):
    token = _jwt({HOSTILE: HOSTILE, "sub": HOSTILE})
    code, out, err = _run(["decode", "--offline", "--json", token], b"", capsys)
    assert code in (0, 1), err
    assert out.isascii() and dangerous(out) == []
    document = json.loads(out)
    assert document["tokens"][0]["payload"][HOSTILE] == HOSTILE  # exact, though escaped
