"""`tokenexplorer sandbox` as a real process: one JSON line, the profiles saved, clean stop,
state kept across runs, --reset."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config

from tokenexplorer.cognito.profiles import ProfileStore

REPO = Path(__file__).resolve().parents[2]
KEYS = {
    "profile", "endpoint_url", "region", "user_pool_id", "client_id",
    "identity_pool_id", "bucket", "username", "password",
    "hosted_ui_url", "hosted_ui_client_id", "m2m_client_id", "data_dir",
}


def start(*args, stdin=subprocess.DEVNULL):
    return subprocess.Popen(
        [sys.executable, "-m", "tokenexplorer", "sandbox", *args],
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=dict(os.environ),  # TOKENEXPLORER_CONFIG_DIR from isolated_storage
    )


@pytest.fixture
def sandbox_process():
    processes = []

    def launch(*args):
        process = start(*args)
        processes.append(process)
        return process

    yield launch
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait(10)


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_json_line_profile_saved_and_clean_stop(sandbox_process, isolated_storage, stop_signal):
    process = sandbox_process("--json")
    first = process.stdout.readline()
    assert first, process.stderr.read()
    info = json.loads(first)
    assert set(info) == KEYS
    assert info["profile"] == "Sandbox" and info["endpoint_url"].startswith("http://127.0.0.1:")

    saved = ProfileStore(isolated_storage[0] / "profiles.json").get("Sandbox")
    assert saved.is_sandbox and saved.endpoint_url == info["endpoint_url"]
    assert (saved.user_pool_id, saved.client_id) == (info["user_pool_id"], info["client_id"])
    assert saved.identity_pool_id == info["identity_pool_id"] and saved.bucket == info["bucket"]

    idp = boto3.session.Session().client(
        "cognito-idp",
        endpoint_url=info["endpoint_url"],
        config=Config(region_name=info["region"], signature_version=UNSIGNED,
                      retries={"max_attempts": 1}, connect_timeout=5, read_timeout=20),
    )
    tokens = idp.initiate_auth(
        ClientId=info["client_id"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": info["username"], "PASSWORD": info["password"]},
    )["AuthenticationResult"]
    assert tokens["AccessToken"]

    process.send_signal(stop_signal)
    assert process.wait(20) == 0
    rest, errors = process.communicate(timeout=5)
    assert rest == ""  # nothing after the one JSON line
    assert "Traceback" not in errors


def test_text_output_lists_the_profile_and_the_warning(sandbox_process):
    process = sandbox_process()
    lines = []
    for line in process.stdout:
        lines.append(line)
        if line.startswith("Press Ctrl+C"):
            break
    text = "".join(lines)
    for label in ("endpoint URL", "user pool ID", "app client ID", "identity pool ID",
                  "S3 bucket", "demo username", "demo password", "emulator", "hosted UI",
                  "M2M client ID", "saved in"):
        assert label in text, text
    process.send_signal(signal.SIGINT)
    assert process.wait(20) == 0
    assert "Sandbox stopped." in process.stdout.read()


def test_a_busy_port_is_a_clear_error(sandbox_process):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        process = sandbox_process("--json", "--port", str(busy.getsockname()[1]))
        assert process.wait(30) == 1
    out, errors = process.communicate()
    assert out == ""
    assert "could not start" in errors and "Traceback" not in errors


def _stop(process):
    process.send_signal(signal.SIGINT)
    assert process.wait(20) == 0
    return process.communicate(timeout=5)


def test_calls_the_old_emulator_lacked_work_and_the_terminal_stays_quiet(sandbox_process):
    """RevokeToken (moto lacked it) answers; a wrong password fails; nothing is logged."""
    process = sandbox_process("--json")
    info = json.loads(process.stdout.readline())
    idp = boto3.session.Session().client(
        "cognito-idp",
        endpoint_url=info["endpoint_url"],
        config=Config(region_name=info["region"], signature_version=UNSIGNED,
                      retries={"max_attempts": 1}, connect_timeout=5, read_timeout=20),
    )
    tokens = idp.initiate_auth(
        ClientId=info["client_id"], AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": info["username"], "PASSWORD": info["password"]},
    )["AuthenticationResult"]
    idp.revoke_token(Token=tokens["RefreshToken"], ClientId=info["client_id"])
    with pytest.raises(idp.exceptions.NotAuthorizedException):
        idp.initiate_auth(ClientId=info["client_id"], AuthFlow="REFRESH_TOKEN_AUTH",
                          AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]})
    _out, errors = _stop(process)
    assert "Traceback" not in errors
    assert [line for line in errors.splitlines() if line.strip()] == [], errors


@pytest.mark.keyring
def test_m2m_profile_saved_with_its_secret_in_the_keyring_never_printed(
        sandbox_process, isolated_storage, secret_service):
    from tokenexplorer.cognito.profiles import client_secret_for

    process = sandbox_process("--json")
    line = process.stdout.readline()
    info = json.loads(line)
    store = ProfileStore(isolated_storage[0] / "profiles.json")
    m2m = store.get("Sandbox M2M")
    assert m2m.client_id == info["m2m_client_id"] and m2m.has_client_secret
    assert m2m.endpoint_url == info["endpoint_url"] and m2m.is_sandbox
    secret = client_secret_for(m2m)
    assert secret and len(secret) > 20
    out, errors = _stop(process)
    assert secret not in line + out + errors
    assert secret not in (isolated_storage[0] / "profiles.json").read_text()


def test_restart_keeps_the_pool_and_reset_starts_afresh(sandbox_process):
    first = sandbox_process("--json")
    before = json.loads(first.stdout.readline())
    _stop(first)
    second = sandbox_process("--json")
    assert json.loads(second.stdout.readline())["user_pool_id"] == before["user_pool_id"]
    _stop(second)
    refused = sandbox_process("--reset")  # no terminal to ask on, no --yes: nothing deleted
    assert refused.wait(20) == 1
    assert "--yes" in refused.stderr.read()
    fresh = sandbox_process("--json", "--reset", "--yes")
    after = json.loads(fresh.stdout.readline())
    assert after["user_pool_id"] != before["user_pool_id"]
    assert after["data_dir"] == before["data_dir"]
    _stop(fresh)


def test_reset_is_refused_while_the_sandbox_runs(sandbox_process):
    running = sandbox_process("--json")
    json.loads(running.stdout.readline())
    refused = sandbox_process("--reset", "--yes")
    assert refused.wait(30) == 1
    _out, errors = refused.communicate(timeout=5)
    assert "running" in errors and "Traceback" not in errors
    _stop(running)


def test_inbox_subcommand_is_wired(sandbox_process):
    import importlib.util

    process = sandbox_process("inbox", "--help")
    assert process.wait(20) == 0
    assert "inbox" in process.stdout.read()
    if importlib.util.find_spec("tokenexplorer.commands.sandbox_inbox") is None:
        missing = sandbox_process("inbox")
        assert missing.wait(20) == 1
        assert "not available" in missing.stderr.read()


def test_an_engine_that_dies_ends_the_command_with_a_plain_error(sandbox_process):
    process = sandbox_process("--json")
    info = json.loads(process.stdout.readline())
    engine = json.loads((Path(info["data_dir"]) / "engine.lock").read_text())
    os.kill(engine["pid"], signal.SIGKILL)
    assert process.wait(20) == 1
    _out, errors = process.communicate(timeout=5)
    assert "stopped on its own" in errors and "engine.log" in errors
    assert "Traceback" not in errors
