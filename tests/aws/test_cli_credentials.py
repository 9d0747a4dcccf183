"""`tokenexplorer credentials` in subprocesses, against the emulator."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tokenexplorer.cognito.profiles import ProfileStore

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tokenexplorer", "credentials", *args],
        capture_output=True, text=True, timeout=60, cwd=ROOT, env=env or dict(os.environ),
    )


@pytest.fixture
def saved(profile):
    """The sandbox profile saved under a name of its own (in the test's config dir)."""
    return ProfileStore().put(profile.__class__(**{**profile.to_json(), "name": "emu",
                                                   "is_sandbox": False}))


def test_guest_json(saved):
    done = _cli("--profile", saved.name, "--guest", "--format", "json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert {"IdentityId", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"} <= set(
        document
    )
    assert document["IdentityId"].startswith("us-east-1:")
    expires = datetime.strptime(document["Expiration"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert expires > datetime.now(UTC)


def test_guest_process_format(saved):
    done = _cli("--profile", saved.name, "--guest", "--format", "process")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["Version"] == 1
    assert set(document) == {"Version", "AccessKeyId", "SecretAccessKey", "SessionToken",
                             "Expiration"}


def test_guest_env_format_is_shell(saved):
    done = _cli("--profile", saved.name, "--guest")
    assert done.returncode == 0, done.stderr
    exports = {}
    for line in done.stdout.splitlines():
        if line.startswith("export "):
            name, value = shlex.split(line.removeprefix("export "))[0].split("=", 1)
            exports[name] = value
    assert {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"} <= set(exports)
    assert exports["AWS_DEFAULT_REGION"] == "us-east-1"
    assert exports["AWS_ENDPOINT_URL"] == saved.endpoint_url  # the emulator, for the AWS CLI


def test_without_a_keyring_it_says_so_and_offers_only_guest(saved):
    """No keyring: no session can be stored, so "signin --remember" would be bad advice."""
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus"}
    done = _cli("--profile", saved.name, "--format", "json", env=env)
    assert done.returncode != 0
    assert done.stdout == ""
    assert "no keyring is usable" in done.stderr
    assert "Secret Service" in done.stderr  # the reason, from the probe
    assert f"tokenexplorer credentials --profile {saved.name} --guest" in done.stderr
    assert "--remember" not in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.keyring
def test_without_a_stored_session_it_says_how_to_sign_in(saved):

    done = _cli("--profile", saved.name, "--format", "json")
    assert done.returncode != 0
    assert done.stdout == ""
    assert "has no stored session" in done.stderr
    assert f"tokenexplorer signin --profile {saved.name} --remember" in done.stderr
    assert "Traceback" not in done.stderr


def test_unknown_profile_and_missing_identity_pool(profile):
    done = _cli("--profile", "nope", "--guest")
    assert done.returncode != 0 and "no profile named 'nope'" in done.stderr
    ProfileStore().put(profile.__class__(**{**profile.to_json(), "name": "bare",
                                            "identity_pool_id": None, "is_sandbox": False}))
    done = _cli("--profile", "bare", "--guest")
    assert done.returncode != 0 and "no identity pool ID" in done.stderr


def test_aws_cli_uses_it_as_credential_process(saved, sandbox, tmp_path):
    """The documented ~/.aws/config line, used by the real AWS CLI against the emulator."""
    aws = VENV_BIN / "aws"
    if not aws.exists():
        pytest.skip(f"awscli (the 'bench' extra; scripts/test.sh installs it): no {aws}")
    command = f"{sys.executable} -m tokenexplorer credentials --profile {saved.name} " \
              "--guest --format process"
    config = tmp_path / "aws-config"
    config.write_text(f"[profile cognito]\nregion = us-east-1\ncredential_process = {command}\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_CONFIG_FILE=str(config), AWS_SHARED_CREDENTIALS_FILE=os.devnull)
    done = subprocess.run(
        [str(aws), "s3", "ls", f"s3://{sandbox.bucket}/", "--profile", "cognito",
         "--endpoint-url", sandbox.endpoint_url],
        capture_output=True, text=True, timeout=90, cwd=ROOT, env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "PRE docs/" in done.stdout


@pytest.mark.keyring
def test_authenticated_from_the_stored_session(saved, sandbox):
    from tokenexplorer import keyring_store
    from tokenexplorer.cognito.auth import CognitoAuth, Tokens
    from tokenexplorer.cognito.binding import target_of
    from tokenexplorer.cognito.session import jwt_claims

    step = CognitoAuth(saved).sign_in(sandbox.username, sandbox.password, flow="password")
    assert isinstance(step, Tokens)
    tokens = step
    username = jwt_claims(tokens.id_token)["cognito:username"]
    keyring_store.save_refresh_token(saved.name, username, tokens.refresh_token,
                                     target=target_of(saved))
    try:
        done = _cli("--profile", saved.name, "--format", "json")
        assert done.returncode == 0, done.stderr
        document = json.loads(done.stdout)
        assert document["Kind"] == "authenticated"
        guest = json.loads(_cli("--profile", saved.name, "--guest", "--format", "json").stdout)
        assert guest["IdentityId"] != document["IdentityId"]
    finally:
        keyring_store.delete_refresh_token(saved.name)


@pytest.mark.keyring
def test_a_stored_session_that_no_longer_works_says_how_to_sign_in(saved):
    from tokenexplorer import keyring_store
    from tokenexplorer.cognito.binding import target_of

    keyring_store.save_refresh_token(saved.name, "demo", "not-a-refresh-token",
                                     target=target_of(saved))
    try:
        done = _cli("--profile", saved.name, "--format", "process")
    finally:
        keyring_store.delete_refresh_token(saved.name)
    assert done.returncode != 0 and done.stdout == ""
    assert "could not be refreshed" in done.stderr
    assert f"tokenexplorer signin --profile {saved.name} --remember" in done.stderr
    assert "not-a-refresh-token" not in done.stderr
