"""Secret exfiltration by retargeting a profile: remembered secrets never follow the name.

Sign in with --remember against moto (real HTTP, real keyring), then point the profile at a
second local HTTP peer that records every request: `credentials`, `signout` and `signin`
must send it no refresh token, no client secret and no SECRET_HASH, and say why.
"""

from __future__ import annotations

import dataclasses
import json

import pytest
from cognito_flow_helpers import STRONG_PASSWORD
from test_cli_signin import run_cli

from tokenexplorer import keyring_store
from tokenexplorer.cognito.binding import target_of
from tokenexplorer.cognito.profiles import ProfileStore

IDENTITY_POOL = "us-east-1:0a1b2c3d-1111-2222-3333-444455556666"


def _refuse_everything(_target, _body):
    return 400, {"__type": "NotAuthorizedException", "message": "recording peer"}


@pytest.fixture
def remembered(make_pool):
    """A profile with a client secret, signed in with --remember through the CLI."""
    if not keyring_store.refresh_status().usable:
        pytest.fail(f"keyring tests need a Secret Service: {keyring_store.keyring_status()}")
    store = ProfileStore()
    profile = make_pool(secret=True, name="retarget")
    make_pool.confirmed_user(profile, "mallory-target")
    profile = store.put(dataclasses.replace(profile, identity_pool_id=IDENTITY_POOL))
    secret = make_pool.secret_of(profile)
    assert store.set_client_secret(profile.name, secret) == "keyring"
    done = run_cli("signin", "--profile", profile.name, "--username", "mallory-target",
                   "--remember", "--json", stdin=STRONG_PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    refresh = json.loads(done.stdout)["RefreshToken"]
    yield store, store.get(profile.name), secret, refresh
    keyring_store.delete_profile_entries(profile.name)


def _leaked(peer, *secrets: str) -> list[str]:
    sent = json.dumps(peer.requests)
    return [name for name, value in zip(("refresh token", "client secret"), secrets,
                                        strict=False) if value in sent] + (
        ["SECRET_HASH"] if "SECRET_HASH" in sent or "SecretHash" in sent else [])


@pytest.mark.keyring
@pytest.mark.parametrize("field", ["endpoint_url", "user_pool_id", "client_id"])
def test_retargeted_profile_sends_no_remembered_secret(remembered, json_peer, field):
    store, profile, secret, refresh = remembered
    peer = json_peer(_refuse_everything)
    # One field at a time: a pool or client changed alone still points at the real server,
    # where a secret sent for the wrong client would be just as misused.
    changes = {"endpoint_url": peer.url, "user_pool_id": "us-east-1_Attacker1",
               "client_id": "attackerclient123"}
    changes = {field: changes[field]}
    # Edited behind the CLI's back (as a hand-edited profiles.json would be).
    store.put(dataclasses.replace(profile, **changes))

    credentials = run_cli("credentials", "--profile", profile.name, "--format", "json")
    assert credentials.returncode == 1 and credentials.stdout == ""
    assert "was not sent there" in credentials.stderr
    assert "belongs to app client" in credentials.stderr and profile.user_pool_id in \
        credentials.stderr

    signout = run_cli("signout", "--profile", profile.name)
    assert signout.returncode == 1
    assert "was not sent there" in signout.stderr and "--forget-only" in signout.stderr

    signin = run_cli("signin", "--profile", profile.name, "--username", "mallory-target",
                     "--flow", "password", stdin=STRONG_PASSWORD + "\n")
    assert signin.returncode == 1 and "client secret" in signin.stderr
    assert peer.requests == [] and _leaked(peer, refresh, secret) == []
    for output in (credentials, signout, signin):
        assert refresh not in output.stdout + output.stderr
        assert secret not in output.stdout + output.stderr
        assert "Traceback" not in output.stderr

    # Nothing was forgotten or rewritten: pointed back, the session works again.
    store.put(profile)
    back = run_cli("signout", "--profile", profile.name, "--global")
    assert back.returncode == 0, back.stderr
    assert keyring_store.load_refresh_token(profile.name, target=target_of(profile)) is None


@pytest.mark.keyring
def test_cli_refuses_to_retarget_a_profile_with_secrets_unless_told(remembered, json_peer):
    store, profile, _secret, _refresh = remembered
    peer = json_peer(_refuse_everything)
    args = ("profile", "add", "--name", profile.name, "--user-pool-id", profile.user_pool_id,
            "--client-id", profile.client_id, "--identity-pool-id", IDENTITY_POOL,
            "--endpoint-url", peer.url, "--replace")
    refused = run_cli(*args)
    assert refused.returncode == 1
    assert "endpoint URL" in refused.stderr and "--forget-secrets" in refused.stderr
    assert "remembered session of mallory-target and the client secret" in refused.stderr
    assert store.get(profile.name) == profile  # nothing changed
    assert keyring_store.load_refresh_token(profile.name, target=target_of(profile))

    done = run_cli(*args, "--forget-secrets")
    assert done.returncode == 0, done.stderr
    assert "forgot the remembered session" in done.stdout
    changed = ProfileStore().get(profile.name)
    assert changed.endpoint_url == peer.url and not changed.has_client_secret
    assert keyring_store.stored_sessions(profile.name) == []
    assert keyring_store.client_secret_binding(profile.name) == (False, None)
    assert peer.requests == []


@pytest.mark.keyring
def test_a_session_remembered_by_an_older_version_is_never_sent(remembered, json_peer):
    """Entries without a target (older versions) are bound to nothing: not sent anywhere,
    not even to the server the profile points at now (it may have been changed already)."""
    store, profile, _secret, refresh = remembered
    username = keyring_store.stored_sessions(profile.name)[0].username
    keyring_store._set("write", keyring_store._key("refresh-token", profile.name, username),
                       refresh)  # the bare token and index, as before targets were recorded
    keyring_store._set("write", keyring_store._key("session-users", profile.name),
                       json.dumps([username]))
    peer = json_peer(_refuse_everything)
    store.put(dataclasses.replace(profile, endpoint_url=peer.url))
    done = run_cli("credentials", "--profile", profile.name)
    assert done.returncode == 1 and "older version" in done.stderr
    assert peer.requests == []
