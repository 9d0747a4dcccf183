"""The keyring module against a real Secret Service, and with no usable keyring at all."""

import contextlib
import json
import os
import subprocess
import sys
import textwrap
import threading
import uuid
from pathlib import Path

import pytest

from tests.strict_skips import require_programs
from tokenexplorer import keyring_store
from tokenexplorer.cognito import profiles
from tokenexplorer.cognito.profiles import ProfileStore

NOWHERE_BUS = "unix:path=/nonexistent/tokenexplorer-test-bus"  # no bus listens there

REPO = Path(__file__).resolve().parents[2]
T = {"endpoint": "aws", "region": "eu-west-1", "pool": "eu-west-1_AbC123xyz",
     "client": "1example23456789abcdefghij"}  # the target of conftest's sample_profile


def fake_token(label: str) -> str:
    """Shaped like a refresh token (a JWE) and unique, so it can be searched for."""
    return f"eyJjdHkiOiJKV1QifQ.{label}-{uuid.uuid4().hex}.iv.cipher.tag"


# ------------------------------------------------------------------ real Secret Service


@pytest.mark.keyring
def test_status_names_the_system_backend(secret_service):
    assert secret_service.usable and secret_service.is_system
    assert secret_service.backend == "Secret Service"
    assert keyring_store.keyring_status() is keyring_store.keyring_status()  # cached


@pytest.mark.keyring
def test_refresh_tokens_one_entry_per_profile_and_user(secret_service, unique_name):
    alice, bob = fake_token("alice"), fake_token("bob")
    assert keyring_store.load_refresh_token(unique_name, target=T) is None

    keyring_store.save_refresh_token(unique_name, "alice", alice, target=T)
    keyring_store.save_refresh_token(unique_name, "bob", bob, target=T)
    session = keyring_store.load_refresh_token(unique_name, target=T)
    assert (session.username, session.token) == ("bob", bob)  # the latest one
    assert keyring_store.stored_session_users(unique_name) == ["bob", "alice"]
    assert bob not in repr(session)

    # Replaces, moves first.
    keyring_store.save_refresh_token(unique_name, "alice", alice + "2", target=T)
    assert keyring_store.load_refresh_token(unique_name, target=T).token == alice + "2"

    keyring_store.delete_refresh_token(unique_name, "alice")
    assert keyring_store.load_refresh_token(unique_name, target=T).username == "bob"
    keyring_store.delete_refresh_token(unique_name)
    assert keyring_store.load_refresh_token(unique_name, target=T) is None
    assert keyring_store.stored_session_users(unique_name) == []
    keyring_store.delete_refresh_token(unique_name)  # deleting nothing is fine


@pytest.mark.keyring
def test_the_index_records_each_sessions_pool_and_target(secret_service, unique_name):
    """The pool ID and target (not secret) sit in the keyring's own index: a session of a
    pool the profile no longer points at (a restarted sandbox) is told apart without a
    network call, and a session is handed out only for the target it was stored with."""
    import json

    old_target, new_target = dict(T, pool="us-east-1_OldPool"), dict(T, pool="us-east-1_NewPool")
    keyring_store.save_refresh_token(unique_name, "old", fake_token("old"), target=old_target)
    keyring_store.save_refresh_token(unique_name, "new", fake_token("new"), target=new_target)
    assert keyring_store.stored_sessions(unique_name) == [
        keyring_store.SessionEntry("new", "us-east-1_NewPool", new_target),
        keyring_store.SessionEntry("old", "us-east-1_OldPool", old_target),
    ]
    assert keyring_store.load_refresh_token(unique_name, target=old_target).username == "old"
    assert keyring_store.load_refresh_token(unique_name, target=dict(T, pool="x")) is None
    assert keyring_store.stored_session_users(unique_name, "us-east-1_NewPool") == ["new"]
    raw = keyring_store._get("read", keyring_store._key("session-users", unique_name))
    assert "us-east-1_NewPool" in raw and fake_token("new") not in raw
    keyring_store.delete_refresh_token(unique_name)

    # Written by an older version (bare token, bare names in the index): never handed out.
    keyring_store._set("write", keyring_store._key("refresh-token", unique_name, "legacy"),
                       fake_token("legacy"))
    keyring_store._set("write", keyring_store._key("session-users", unique_name),
                       json.dumps(["legacy"]))
    assert keyring_store.stored_sessions(unique_name) == [keyring_store.SessionEntry("legacy")]
    assert keyring_store.load_refresh_token(unique_name, target=T) is None
    keyring_store.delete_refresh_token(unique_name)
    assert keyring_store.stored_sessions(unique_name) == []


@pytest.mark.keyring
def test_profiles_with_look_alike_names_do_not_collide(secret_service, unique_name):
    keyring_store.save_refresh_token(f"{unique_name}/a", "b", "token-one", target=T)
    keyring_store.save_refresh_token(unique_name, "a/b", "token-two", target=T)
    try:
        assert keyring_store.load_refresh_token(f"{unique_name}/a", target=T).token == "token-one"
        assert keyring_store.load_refresh_token(unique_name, target=T).token == "token-two"
    finally:
        keyring_store.delete_refresh_token(f"{unique_name}/a")
        keyring_store.delete_refresh_token(unique_name)


@pytest.mark.keyring
def test_entries_are_in_the_secret_service_and_in_no_plain_file(
    secret_service, unique_name, files_containing
):
    import secretstorage

    token = fake_token("stored")
    keyring_store.save_refresh_token(unique_name, "carol", token, target=T)
    try:
        connection = secretstorage.dbus_init()
        try:
            collection = secretstorage.get_default_collection(connection)
            items = list(collection.search_items({"service": keyring_store.SERVICE}))
            secrets = {item.get_secret().decode() for item in items}
        finally:
            connection.close()
        assert any(token in secret for secret in secrets)  # stored with its target
        assert files_containing(Path.home(), token) == []
    finally:
        keyring_store.delete_refresh_token(unique_name)


@pytest.mark.keyring
def test_client_secret_lives_in_the_keyring_and_follows_the_profile(
    secret_service, store, sample_profile, files_containing
):
    secret = "client-secret-" + uuid.uuid4().hex
    store.put(sample_profile)
    assert store.set_client_secret(sample_profile.name, secret) == "keyring"
    profiles.forget_secrets_in_memory()
    assert store.client_secret_for(store.get(sample_profile.name)) == secret
    assert keyring_store.load_client_secret(sample_profile.name, target=T) == secret
    assert files_containing(store.path.parent, secret) == []

    keyring_store.save_refresh_token(sample_profile.name, "dave", "rt-" + secret, target=T)
    renamed = sample_profile.name + "-renamed"
    store.rename(sample_profile.name, renamed)
    assert keyring_store.load_client_secret(sample_profile.name, target=T) is None
    assert keyring_store.load_client_secret(renamed, target=T) == secret
    assert keyring_store.load_refresh_token(renamed, target=T).username == "dave"
    assert keyring_store.load_refresh_token(sample_profile.name, target=T) is None

    copy = store.duplicate(renamed, renamed + "-copy")
    assert store.client_secret_for(copy) == secret

    store.delete(renamed)
    store.delete(copy.name)
    for name in (renamed, copy.name):
        assert keyring_store.load_client_secret(name, target=T) is None
        assert keyring_store.load_refresh_token(name, target=T) is None


def keyring_keys_for(profile: str) -> set[str]:
    """The keyring 'usernames' of every tokenexplorer entry that mentions profile."""
    import secretstorage

    connection = secretstorage.dbus_init()
    try:
        collection = secretstorage.get_default_collection(connection)
        items = collection.search_items({"service": keyring_store.SERVICE})
        names = {item.get_attributes().get("username", "") for item in items}
    finally:
        connection.close()
    return {name for name in names if profile in name}


@pytest.mark.keyring
def test_long_values_are_split_where_the_backend_limits_length(
    secret_service, unique_name, monkeypatch
):
    """The Windows Credential Locker's limit (1280 characters), exercised on Secret Service."""
    monkeypatch.setattr(keyring_store, "_value_limit", 700)
    long_token = fake_token("x" * 1800)  # the length of a real Cognito refresh token
    keyring_store.save_refresh_token(unique_name, "gina", long_token, target=T)
    assert keyring_store.load_refresh_token(unique_name, target=T).token == long_token
    parts = {key for key in keyring_keys_for(unique_name) if "#" in key}
    assert len(parts) == 3

    keyring_store.save_refresh_token(unique_name, "gina", "short-token", target=T)
    assert keyring_store.load_refresh_token(unique_name, target=T).token == "short-token"
    assert not any("#" in key for key in keyring_keys_for(unique_name))  # old parts gone

    keyring_store.save_client_secret(unique_name, "s" * 1500, target=T)
    assert keyring_store.load_client_secret(unique_name, target=T) == "s" * 1500
    keyring_store.delete_client_secret(unique_name)
    keyring_store.delete_refresh_token(unique_name)
    assert keyring_keys_for(unique_name) == set()


@pytest.mark.keyring
def test_calls_from_many_threads(secret_service, unique_name):
    errors: list[BaseException] = []
    results: dict[int, str] = {}

    def worker(index: int) -> None:
        try:
            name = f"{unique_name}-{index}"
            keyring_store.save_refresh_token(name, f"user{index}", f"token-{index}", target=T)
            results[index] = keyring_store.load_refresh_token(name, target=T).token
            keyring_store.delete_refresh_token(name)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert results == {i: f"token-{i}" for i in range(6)}


def test_a_locked_keyring_is_unusable_with_a_plain_reason(tmp_path):
    """gnome-keyring started without --unlock and no display: the unlock prompt is dismissed.
    It starts its own D-Bus session, so it needs the programs, not the suite's keyring."""
    require_programs("dbus-run-session", "gnome-keyring-daemon", "bash")
    probe = (
        "import json; from tokenexplorer import keyring_store as k; "
        "s = k.keyring_status(); print(json.dumps(s.__dict__))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["HOME"] = str(tmp_path)
    script = (
        "gnome-keyring-daemon --start --components=secrets </dev/null >/dev/null 2>&1; "
        f'exec "{sys.executable}" -c "{probe}"'
    )
    done = subprocess.run(
        ["dbus-run-session", "--", "bash", "-c", script],
        capture_output=True, text=True, timeout=60, cwd=REPO, env=env,
    )
    status = json.loads(done.stdout.strip().splitlines()[-1])
    assert status["usable"] is False
    assert status["backend"] == "none"
    assert "locked" in status["reason"] or "Prompt dismissed" in status["reason"]


# ------------------------------------------------------------------ no usable keyring


def test_no_keyring_in_process(no_keyring, unique_name):
    assert not no_keyring.usable and not no_keyring.is_system
    assert no_keyring.backend == "none"
    assert "D-Bus" in no_keyring.reason
    with pytest.raises(keyring_store.KeyringUnavailable) as caught:
        keyring_store.save_refresh_token(unique_name, "erin", "secret-token-value", target=T)
    assert "secret-token-value" not in str(caught.value)
    assert caught.value.reason == no_keyring.reason
    for call in (
        lambda: keyring_store.load_refresh_token(unique_name, target=T),
        lambda: keyring_store.delete_refresh_token(unique_name),
        lambda: keyring_store.save_client_secret(unique_name, "x", target=T),
        lambda: keyring_store.load_client_secret(unique_name, target=T),
    ):
        with pytest.raises(keyring_store.KeyringUnavailable):
            call()


def test_a_keyring_service_that_never_answers_times_out(tmp_path):
    """A D-Bus socket that accepts connections and then says nothing."""
    import socket

    path = tmp_path / "silent-bus"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.listen()
    held: list[socket.socket] = []
    reached = threading.Event()

    def accept_and_ignore() -> None:
        with contextlib.suppress(OSError):
            while True:
                held.append(server.accept()[0])
                reached.set()

    threading.Thread(target=accept_and_ignore, daemon=True).start()
    try:
        with pytest.MonkeyPatch.context() as patch:
            # Import the backends first (a bus that is not there fails fast): on a loaded
            # machine importing them could take the whole second the probe below is given.
            patch.setenv("DBUS_SESSION_BUS_ADDRESS", NOWHERE_BUS)
            keyring_store.refresh_status()
            patch.setattr(keyring_store, "CALL_TIMEOUT_S", 1.0)
            patch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={path}")
            status = keyring_store.refresh_status()
            assert not status.usable
            assert "did not answer within 1 s" in status.reason
            assert reached.wait(30), "the probe never reached the silent bus"
            with pytest.raises(keyring_store.KeyringUnavailable, match="did not answer"):
                keyring_store.load_client_secret("anything", target=T)
    finally:
        server.close()
        for connection in held:
            connection.close()
        keyring_store.refresh_status()


NO_KEYRING_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from tokenexplorer import keyring_store
    from tokenexplorer.cognito.profiles import Profile, ProfileStore

    token, secret = sys.argv[1], sys.argv[2]
    out = {"status": keyring_store.keyring_status().__dict__}
    try:
        keyring_store.save_refresh_token("work", "frank", token, target={"endpoint": "aws"})
        out["saved"] = True
    except keyring_store.KeyringUnavailable as exc:
        out["saved"] = False
        out["message"] = str(exc)
    store = ProfileStore()
    store.put(Profile("work", "eu-west-1", "eu-west-1_abc", "clientid123"))
    out["secret_location"] = store.set_client_secret("work", secret)
    out["secret_back"] = store.client_secret_for("work") == secret
    print(json.dumps(out))
    """
)


def test_no_keyring_writes_nothing_anywhere_under_home(tmp_path, files_containing):
    home = tmp_path / "home"
    home.mkdir()
    env = dict(os.environ)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        DBUS_SESSION_BUS_ADDRESS=NOWHERE_BUS,
    )
    env.pop("TOKENEXPLORER_CONFIG_DIR", None)  # the real default location, inside HOME
    env.pop("TOKENEXPLORER_CACHE_DIR", None)
    token, secret = fake_token("nowhere"), "secret-" + uuid.uuid4().hex
    done = subprocess.run(
        [sys.executable, "-c", NO_KEYRING_SCRIPT, token, secret],
        capture_output=True, text=True, timeout=60, cwd=REPO, env=env,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["status"]["usable"] is False
    assert result["status"]["reason"]
    assert result["saved"] is False
    assert token not in result["message"]
    assert result["secret_location"] == "memory"
    assert result["secret_back"] is True
    assert token not in done.stderr and secret not in done.stderr

    written = sorted(str(p.relative_to(home)) for p in home.rglob("*") if p.is_file())
    assert written == [".config/tokenexplorer/profiles.json"]
    assert files_containing(home, token) == []
    assert files_containing(home, secret) == []
    saved = ProfileStore(home / ".config" / "tokenexplorer" / "profiles.json").get("work")
    assert saved.has_client_secret is True
