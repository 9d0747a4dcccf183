"""Credentials output read by shells and other programs: hostile values stay data.

`eval "$(tokenexplorer credentials …)"` is the documented use, so every value a server (or
a profile file) supplies is tried with newlines, quotes, `$()`, backticks, NUL, non-ASCII
and leading dashes, and bash itself evaluates the output: exactly the expected variables
are defined with exactly the values, and the canary command never runs.
"""

from __future__ import annotations

import configparser
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from shell_eval import CANARY, eval_in_bash, hostile

from tokenexplorer.aws import credentials as creds
from tokenexplorer.aws import export
from tokenexplorer.aws.clients import AwsCredentials

FAST = settings(max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


def _identity(access: str, secret: str, token: str | None, region: str | None = "us-east-1",
              identity_id: str = "us-east-1:abc") -> creds.IdentityCredentials:
    now = datetime(2030, 5, 6, 7, 8, 9, tzinfo=UTC)
    return creds.IdentityCredentials(identity_id, "guest", AwsCredentials(access, secret, token),
                                     now + timedelta(hours=1), now, region=region)


@pytest.fixture(autouse=True)
def no_canary():
    Path(CANARY).unlink(missing_ok=True)
    yield
    assert not Path(CANARY).exists(), "a hostile value ran a command"


BASELINE = {"OUT", "PATH", "PWD", "SHLVL", "_", "OLDPWD"}


@FAST
@given(access=hostile, secret=hostile, token=hostile, region=hostile, endpoint=hostile,
       identity_id=hostile)
@example(access="x", secret="y", token="z", region="r", endpoint="e",
         identity_id=f"us-east-1:abc\ntouch {CANARY}")
@example(access="-n", secret="'\"'\"'", token="$(touch x)", region="`id`", endpoint="\n\n",
         identity_id="\x1b]52;c;aGk=\x07\r")
def test_shell_injection_env_eval_defines_exactly_the_values(access, secret, token, region,
                                                               endpoint, identity_id):
    got = _identity(access, secret, token, region or None, identity_id)
    text = export.as_env(got, endpoint or None)
    values, exported = eval_in_bash(text)
    expected = {"AWS_ACCESS_KEY_ID": access, "AWS_SECRET_ACCESS_KEY": secret,
                "AWS_SESSION_TOKEN": token}
    if region:
        expected["AWS_DEFAULT_REGION"] = region
    if endpoint:
        expected["AWS_ENDPOINT_URL"] = endpoint
    assert values == expected
    assert exported - BASELINE == set(expected)
    comment = text.rstrip("\n").rsplit("\n", 1)[1]
    assert comment.startswith("# expires ") and comment.isascii()
    assert not Path(CANARY).exists()


@pytest.mark.parametrize("field", ["access", "secret", "token", "region", "endpoint"])
def test_shell_injection_nul_is_refused_not_dropped(field):
    values = {"access": "AKIA", "secret": "s", "token": "t", "region": "us-east-1",
              "endpoint": "http://127.0.0.1:1"}
    values[field] = "ab\x00c"
    got = _identity(values["access"], values["secret"], values["token"], values["region"])
    with pytest.raises(export.ExportError, match="NUL"):
        export.as_env(got, values["endpoint"])


def test_shell_injection_nul_in_identity_is_shown_in_the_comment():
    text = export.as_env(_identity("A", "B", "C", identity_id="id\x00\n; touch x"))
    assert "\x00" not in text and text.count("\n") == 5
    assert "(identity id\\x00\\n; touch x, guest)" in text


@FAST
@given(access=hostile, secret=hostile, token=st.one_of(st.none(), hostile),
       identity_id=st.text(max_size=20))
def test_shell_injection_json_formats_stay_valid_ascii_json(access, secret, token, identity_id):
    got = _identity(access, secret, token, identity_id=identity_id)
    try:
        documents = [export.dumps(export.as_json(got)),
                     export.dumps(export.as_process_json(got), indent=None)]
    except export.ExportError as exc:  # only lone surrogates are refused in JSON
        assert "not valid Unicode" in str(exc)
        return
    for text in documents:
        assert all(" " <= ch <= "~" or ch == "\n" for ch in text)  # no raw control, C1, bidi
    as_json, process = (json.loads(text) for text in documents)
    assert as_json["IdentityId"] == identity_id and as_json["SessionToken"] == token
    assert (process["AccessKeyId"], process["SecretAccessKey"]) == (access, secret)
    assert process.get("SessionToken") == (token or None)


@FAST
@given(access=hostile, secret=hostile, token=hostile,
       section=st.one_of(st.just("cognito"), hostile))
@example(access="AKIA\n[default]\naws_access_key_id = evil", secret="s", token="t",
         section="cognito")
@example(access="AKIA", secret="s", token="t", section="x]\n[default")
def test_shell_injection_credentials_file_cannot_inject_sections(access, secret, token, section):
    got = _identity(access, secret, token)
    try:
        text = export.as_credentials_file(got, section)
    except export.ExportError:
        return
    parser = configparser.RawConfigParser()  # what botocore reads the file with
    parser.read_string(text)
    assert parser.sections() == [section]
    expected = {"aws_access_key_id": access, "aws_secret_access_key": secret}
    if token:
        expected["aws_session_token"] = token
    assert dict(parser[section]) == expected
    assert [line for line in text.splitlines() if line.startswith("[")] == [f"[{section}]"]
    assert all(" " <= ch <= "~" for ch in text.replace("\n", ""))


def test_shell_injection_old_names_still_importable():
    assert creds.as_env is export.as_env and creds.ExportError is export.ExportError
