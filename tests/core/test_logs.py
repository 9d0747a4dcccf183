"""Logging: categorised, in the (test-redirected) log folder, rotated, never a secret."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import jwt
import pytest

from tokenexplorer import activity, logs, redaction
from tokenexplorer.paths import log_dir
from tokenexplorer.redaction import redact_text

PASSWORD = "hunter2-Very-Secret"


def a_token() -> str:
    return jwt.encode({"sub": "u-1", "email": "someone@example.com"}, "k" * 32,
                      algorithm="HS256")


@pytest.fixture(autouse=True)
def _clean_logging():
    yield
    logs.shutdown()


def files_text(folder) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in folder.iterdir())


def test_log_folder_follows_the_test_overrides(tmp_path):
    assert log_dir() == Path(os.environ["TOKENEXPLORER_CACHE_DIR"]) / "log"
    assert str(tmp_path) in str(log_dir())
    path = logs.setup(to_file=True)
    assert path is not None and path.parent == log_dir()
    assert os.environ["TOKENEXPLORER_CACHE_DIR"] in str(path)


def test_every_part_of_a_record_is_redacted():
    token = a_token()
    path = logs.setup(to_file=True)
    logs.cognito.info("signed in with %s and %r", token, {"Password": PASSWORD, "user": "ann"})
    logs.aws.info("answer %(SRP_A)s for %(user)s", {"SRP_A": "abcdef0123", "user": "ann"})
    logs.keyring.warning(f"stored secret_key={PASSWORD} for ann")
    try:
        raise ValueError(f"bad IdToken {token} password={PASSWORD}")
    except ValueError:
        logs.tokens.exception("decoding failed")
    text = path.read_text(encoding="utf-8")
    for category in ("cognito", "aws", "keyring", "tokens"):
        assert f"tokenexplorer.{category}:" in text
    assert "ValueError: bad IdToken" in text and "for ann" in text
    for secret in (token.split(".")[1], PASSWORD, "abcdef0123"):
        assert secret not in text


def test_the_log_uses_the_activity_logs_rules():
    """Same key rules as the Activity log: what it shows, the log shows too."""
    assert redact_text("ChallengeName=PASSWORD_VERIFIER TokenType=Bearer") == (
        "ChallengeName=PASSWORD_VERIFIER TokenType=Bearer")
    assert PASSWORD not in redact_text(f"{{'ClientSecret': '{PASSWORD}'}}")
    token = a_token()
    assert redact_text(f"IdToken={token}, next") == (
        f"IdToken=‹redacted, {len(token)} chars›, next")  # masked once, not twice
    assert activity.redact is redaction.redact  # one implementation, not a copy


def test_the_file_rotates_and_never_holds_a_token():
    token = a_token()
    path = logs.setup(to_file=True, max_bytes=2000, backups=2)
    for number in range(200):
        logs.cognito.info("refresh %d gave %s with password=%s", number, token, PASSWORD)
    files = sorted(p.name for p in path.parent.iterdir())
    assert files == ["tokenexplorer.log", "tokenexplorer.log.1", "tokenexplorer.log.2"]
    assert all(p.stat().st_size <= 2000 for p in path.parent.iterdir())
    if os.name == "posix":  # the user's alone, the rotated copies too
        assert {p.stat().st_mode & 0o777 for p in path.parent.iterdir()} == {0o600}
    text = files_text(path.parent)
    assert "refresh 199 gave ‹redacted" in text
    assert token.split(".")[1] not in text and PASSWORD not in text


def test_setup_without_stderr(monkeypatch):
    """The Windows GUI has sys.stderr None: set-up and logging must not fail."""
    monkeypatch.setattr(sys, "stderr", None)
    path = logs.setup(to_file=True, debug=True)
    assert all(getattr(h, "stream", True) is not None for h in logs.root.handlers)
    logs.ui.warning("still %s", "fine")
    assert "still fine" in path.read_text(encoding="utf-8")


def test_unwritable_folder_means_no_file_not_a_failure(tmp_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    assert logs.setup(to_file=True, folder=blocker / "log") is None
    logs.ui.error("nowhere to go")  # and no exception


def test_cli_is_quiet_by_default(capsys):
    rest = logs.setup_cli(["decode", "x"])
    assert rest == ["decode", "x"] and logs.log_file() is None
    logs.cli.warning("not shown")
    assert capsys.readouterr().err == ""
    assert not log_dir().exists()


def test_cli_debug_logs_to_file_and_stderr(capsys):
    rest = logs.setup_cli(["--debug", "decode", "x"])
    assert rest == ["decode", "x"]
    logs.cli.debug("detail for %s", "debugging")
    assert "detail for debugging" in capsys.readouterr().err
    assert "detail for debugging" in logs.log_file().read_text(encoding="utf-8")
    assert logs.debug_requested()


def test_debug_env(monkeypatch):
    monkeypatch.setenv(logs.DEBUG_ENV, "1")
    logs.setup_cli(["decode"])
    assert logs.log_file() is not None and logs.root.level == logging.DEBUG


def test_records_before_the_file_opens_are_kept_redacted():
    """The window opens its file after the first paint; what came before is not lost."""
    token = a_token()
    logs.buffer_until_file()
    logs.ui.info("early line with %s", token)
    logs.ui.debug("debug detail, not kept at INFO")
    path = logs.setup(to_file=True)
    text = path.read_text(encoding="utf-8")
    assert "early line with ‹redacted" in text and token.split(".")[1] not in text
    assert "debug detail" not in text
