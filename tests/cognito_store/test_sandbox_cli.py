"""`tokenexplorer sandbox` as a real process: one JSON line, the profile saved, clean stop."""

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
}


def start(*args):
    return subprocess.Popen(
        [sys.executable, "-m", "tokenexplorer", "sandbox", *args],
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
                  "S3 bucket", "demo username", "demo password", "emulator"):
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


def test_calls_the_emulator_lacks_log_one_line_not_a_traceback(sandbox_process):
    """RevokeToken and ResendConfirmationCode (moto lacks both) answer a clean error; the
    sandbox's terminal gets at most one short line each, never moto's traceback."""
    from botocore.exceptions import ClientError

    from tokenexplorer.cognito.errors import to_cognito_error

    process = sandbox_process("--json")
    info = json.loads(process.stdout.readline())
    idp = boto3.session.Session().client(
        "cognito-idp",
        endpoint_url=info["endpoint_url"],
        config=Config(region_name=info["region"], signature_version=UNSIGNED,
                      retries={"max_attempts": 1}, connect_timeout=5, read_timeout=20),
    )
    calls = [
        lambda: idp.revoke_token(Token="not-a-real-token", ClientId=info["client_id"]),
        lambda: idp.resend_confirmation_code(ClientId=info["client_id"],
                                             Username=info["username"]),
    ]
    for call in calls:
        with pytest.raises(ClientError) as raised:
            call()
        mapped = to_cognito_error(raised.value)
        assert mapped.code == "NotImplemented" and mapped.server_lacks_operation
        assert "does not implement" in str(mapped)
    process.send_signal(signal.SIGINT)
    assert process.wait(20) == 0
    _out, errors = process.communicate(timeout=5)
    assert "Traceback" not in errors
    lines = [line for line in errors.splitlines() if line.strip()]
    assert len(lines) <= 2 and all(len(line) < 200 for line in lines), errors
