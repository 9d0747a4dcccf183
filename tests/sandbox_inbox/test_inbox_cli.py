"""`tokenexplorer sandbox inbox` in-process through cli.main, against the real engine."""

from __future__ import annotations

import json
from datetime import datetime

from inbox_helpers import sign_up

from tokenexplorer import cli
from tokenexplorer.cognito.profiles import Profile, ProfileStore


def save(profile: Profile, name: str = "Sandbox") -> Profile:
    saved = Profile(name=name, region=profile.region, user_pool_id=profile.user_pool_id,
                    client_id=profile.client_id, endpoint_url=profile.endpoint_url)
    ProfileStore().put(saved)
    return saved


def test_json_lines_have_the_documented_shape(engine_pool, capsys):
    profile, _admin = engine_pool
    save(profile, "Sandbox")
    sign_up(profile, "carol")
    sign_up(profile, "dave")
    assert cli.main(["sandbox", "inbox", "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    for row in (first, second):
        assert set(row) == {"to", "subject", "body", "code", "time", "medium"}
        assert row["medium"] == "email" and row["code"] in row["body"]
        assert datetime.fromisoformat(row["time"]).tzinfo is not None
    assert first["to"] == "dave@example.com" and second["to"] == "carol@example.com"
    assert first["time"] >= second["time"]


def test_profile_picks_another_emulator_and_the_text_list_is_readable(engine_pool, capsys):
    profile, _admin = engine_pool
    save(profile, "Mine")
    sign_up(profile, "carol")
    assert cli.main(["sandbox", "inbox", "--profile", "Mine"]) == 0
    out = capsys.readouterr().out
    assert "1 message in the sandbox at" in out and "carol@example.com" in out
    assert "Code:" in out and "Your verification code" in out


def test_an_empty_inbox_says_how_to_fill_it(engine_pool, capsys):
    profile, _admin = engine_pool
    save(profile)
    assert cli.main(["sandbox", "inbox"]) == 0
    assert "No messages yet" in capsys.readouterr().out
    assert cli.main(["sandbox", "inbox", "--json"]) == 0
    assert capsys.readouterr().out == ""


def test_a_stopped_sandbox_is_one_plain_line_and_exit_1(closed_url, capsys):
    ProfileStore().put(Profile(name="Sandbox", region="us-east-1",
                               user_pool_id="us-east-1_abcdefghi", client_id="a" * 26,
                               endpoint_url=closed_url))
    assert cli.main(["sandbox", "inbox", "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    [line] = captured.err.splitlines()
    assert "the sandbox is not running" in line and "Traceback" not in line


def test_no_sandbox_profile_or_an_aws_profile_is_explained(capsys):
    assert cli.main(["sandbox", "inbox"]) == 1
    assert "no Sandbox profile yet" in capsys.readouterr().err
    ProfileStore().put(Profile(name="Real", region="eu-west-1",
                               user_pool_id="eu-west-1_abcdefghi", client_id="b" * 26))
    assert cli.main(["sandbox", "inbox", "--profile", "Real"]) == 1
    assert "AWS itself" in capsys.readouterr().err
    assert cli.main(["sandbox", "inbox", "--profile", "Nope"]) == 1
    assert "no profile named 'Nope'" in capsys.readouterr().err
