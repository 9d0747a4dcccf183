"""A hostile identity pool: its answer is checked at the boundary, and what passes is
written safely, end to end through `tokenexplorer credentials` against a local peer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shell_eval import CANARY, eval_in_bash, hostile

from tests.json_peer import JsonPeer
from tokenexplorer import cli
from tokenexplorer.aws import credentials as creds
from tokenexplorer.cognito.profiles import Profile, ProfileStore


@pytest.fixture(autouse=True)
def no_canary():
    Path(CANARY).unlink(missing_ok=True)
    yield
    assert not Path(CANARY).exists(), "a hostile value ran a command"


ROOT = Path(__file__).resolve().parents[2]
_json = st.recursive(st.none() | st.booleans() | st.floats() | st.integers() | hostile,
                     lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(st.text(max_size=4), inner, max_size=3), max_leaves=6)
_field = st.one_of(hostile, _json, st.just("ASIAGOODKEY123"))


@settings(max_examples=200, deadline=None)
@given(access=_field, secret=_field, token=st.one_of(st.none(), _field),
       expiration=st.one_of(_json, st.floats(), st.integers()), identity=_field)
def test_shell_injection_server_answer_checked_at_boundary(access, secret, token, expiration,
                                                           identity):
    raw = {"AccessKeyId": access, "SecretKey": secret, "Expiration": expiration}
    if token is not None:
        raw["SessionToken"] = token
    try:
        got = creds.from_answer({"IdentityId": identity, "Credentials": raw}, "fallback",
                                kind="guest")
    except creds.CredentialsError as exc:
        assert exc.code == "bad_answer" and "\n" not in exc.message
        return
    aws = got.credentials
    for value in (aws.access_key_id, aws.secret_access_key, aws.session_token or "x"):
        assert value.isascii() and value.isprintable() and " " not in value
    assert isinstance(got.identity_id, str)


@pytest.mark.parametrize("answer", [None, [], {"Credentials": None}, {"Credentials": {}},
                                    {"Credentials": {"AccessKeyId": "A", "SecretKey": "S",
                                                     "Expiration": "soon"}}])
def test_shell_injection_server_answer_without_credentials_is_refused(answer):
    with pytest.raises(creds.CredentialsError, match="not usable"):
        creds.from_answer(answer, "us-east-1:x", kind="guest")


HOSTILE_ID = f"us-east-1:abc\ntouch {CANARY}\n\x1b]52;c;aGk=\x07$(touch {CANARY})"


@pytest.fixture
def hostile_pool():
    """A cognito-identity peer over HTTP that answers with a hostile IdentityId."""
    answers = {
        "GetId": {"IdentityId": "us-east-1:0000"},
        "GetCredentialsForIdentity": {
            "IdentityId": HOSTILE_ID,
            "Credentials": {"AccessKeyId": "ASIAHOSTILE", "SecretKey": "se'cr$(et)`x`",
                            "SessionToken": "tok;en&&|", "Expiration": 1999999999},
        },
    }

    peer = JsonPeer(lambda target, _body: (200, answers[target]))
    url = peer.url
    ProfileStore().put(Profile(name="evil", region="us-east-1", user_pool_id="us-east-1_abc",
                               client_id="client", endpoint_url=url,
                               identity_pool_id="us-east-1:0a1b2c3d-0000-4000-8000-000000000000"))
    yield url
    peer.close()


EXPECTED = {"AWS_ACCESS_KEY_ID": "ASIAHOSTILE", "AWS_SECRET_ACCESS_KEY": "se'cr$(et)`x`",
            "AWS_SESSION_TOKEN": "tok;en&&|", "AWS_DEFAULT_REGION": "us-east-1"}


def test_shell_injection_end_to_end_env_from_a_hostile_pool(hostile_pool, capsys):
    assert cli.main(["credentials", "--profile", "evil", "--guest"]) == 0
    out = capsys.readouterr().out
    values, _ = eval_in_bash(out)
    assert values == {**EXPECTED, "AWS_ENDPOINT_URL": hostile_pool}
    assert not Path(CANARY).exists()


@pytest.mark.parametrize("form", ["json", "process"])
def test_shell_injection_end_to_end_json_from_a_hostile_pool(hostile_pool, capsys, form):
    assert cli.main(["credentials", "--profile", "evil", "--guest", "--format", form]) == 0
    out = capsys.readouterr().out
    assert out.isascii() and "\x1b" not in out
    document = json.loads(out)
    assert document["AccessKeyId"] == "ASIAHOSTILE"
    if form == "json":
        assert document["IdentityId"] == HOSTILE_ID


def test_shell_injection_end_to_end_in_a_real_shell(hostile_pool):
    """The README's own line, in bash, with the command run as a program."""
    command = f"{sys.executable} -m tokenexplorer credentials --profile evil --guest"
    script = f'eval "$({command})"; printf "%s" "$AWS_SECRET_ACCESS_KEY"'
    done = subprocess.run(["bash", "--norc", "-c", script], capture_output=True, text=True,
                          timeout=60, cwd=ROOT, env=dict(os.environ))
    assert done.returncode == 0, done.stderr
    assert done.stdout == EXPECTED["AWS_SECRET_ACCESS_KEY"]
    assert "Traceback" not in done.stderr
    assert not Path(CANARY).exists()
