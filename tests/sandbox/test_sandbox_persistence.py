"""The sandbox keeps its state in the data folder: a restart finds the same pool, clients,
users and bucket; reset starts from scratch, never under a running engine."""

from __future__ import annotations

import json
import socket

import pytest

from tests.sandbox.helpers import boto, sign_in_password
from tokenexplorer import paths
from tokenexplorer.cognito.sandbox import (
    SandboxError,
    reset_sandbox,
    running_endpoint,
    start_sandbox,
)

pytestmark = pytest.mark.network
LEARNER = ("learner", "Learner-Pass-1")


def _sign_up_and_confirm(info):
    idp = boto("cognito-idp", info.endpoint_url)
    idp.sign_up(ClientId=info.client_id, Username=LEARNER[0], Password=LEARNER[1],
                UserAttributes=[{"Name": "email", "Value": "learner@example.com"}])
    idp.confirm_sign_up(ClientId=info.client_id, Username=LEARNER[0],
                        ConfirmationCode="123456")


def test_a_restart_keeps_the_pool_its_clients_and_a_signed_up_user(tmp_path):
    data = tmp_path / "sandbox"
    with start_sandbox(data_dir=data) as first:
        _sign_up_and_confirm(first.info)
        before = first.info
    with start_sandbox(data_dir=data) as second:
        after = second.info
        assert (after.user_pool_id, after.client_id, after.identity_pool_id) == (
            before.user_pool_id, before.client_id, before.identity_pool_id)
        assert (after.hosted_ui_client_id, after.m2m_client_id, after.m2m_client_secret) == (
            before.hosted_ui_client_id, before.m2m_client_id, before.m2m_client_secret)
        assert after.endpoint_url == before.endpoint_url  # the saved port, taken again
        assert sign_in_password(after, *LEARNER)["IdToken"]
        pools = boto("cognito-idp", after.endpoint_url).list_user_pools(MaxResults=60)
        assert len(pools["UserPools"]) == 1  # seeded again without a second pool


def test_the_default_folder_is_the_apps_data_folder():
    with start_sandbox() as running:
        assert running.info.data_dir == str(paths.sandbox_data_dir())
        assert (paths.sandbox_data_dir() / "cognito.json").exists() is False  # saved on stop
    assert (paths.sandbox_data_dir() / "cognito.json").exists()


def test_without_persist_nothing_is_written(tmp_path):
    with start_sandbox(data_dir=tmp_path / "unused", persist=False) as running:
        assert running.info.data_dir is None
    assert not (tmp_path / "unused").exists()


def test_reset_refuses_while_running_then_starts_from_scratch(tmp_path):
    data = tmp_path / "sandbox"
    with start_sandbox(data_dir=data) as running:
        old_pool = running.info.user_pool_id
        with pytest.raises(SandboxError, match="running") as refused:
            reset_sandbox(data)
        assert refused.value.code == "SandboxRunning"
    assert reset_sandbox(data) == data
    assert [entry.name for entry in data.iterdir()] in ([], ["engine.lock"])
    with start_sandbox(data_dir=data) as fresh:
        assert fresh.info.user_pool_id != old_pool


def test_a_second_start_attaches_to_the_running_engine(tmp_path):
    data = tmp_path / "sandbox"
    assert running_endpoint(data) is None
    with start_sandbox(data_dir=data) as owner:
        assert running_endpoint(data) == owner.endpoint_url
        attached = start_sandbox(data_dir=data)
        assert not attached.owned and owner.owned
        assert attached.info == owner.info
        attached.stop()
        assert owner.running()  # stopping the attached one leaves the engine alone
        assert sign_in_password(owner.info, owner.info.username, owner.info.password)
    assert running_endpoint(data) is None


def test_a_busy_saved_port_moves_to_a_free_one(tmp_path):
    data = tmp_path / "sandbox"
    with start_sandbox(data_dir=data) as first:
        pool, port = first.info.user_pool_id, first.endpoint_url.rsplit(":", 1)[1]
    assert json.loads((data / "sandbox.json").read_text())["port"] == int(port)
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", int(port)))
        squatter.listen()
        with start_sandbox(data_dir=data) as moved:
            assert not moved.endpoint_url.endswith(f":{port}")
            assert moved.info.user_pool_id == pool
    assert json.loads((data / "sandbox.json").read_text())["port"] != int(port)


def test_an_explicit_busy_port_is_a_clear_error(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(SandboxError, match=f"127.0.0.1:{port}"):
            start_sandbox(port, data_dir=tmp_path / "sandbox")
    with pytest.raises(SandboxError, match="not a TCP port"):
        start_sandbox(70000)
