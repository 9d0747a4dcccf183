"""`tokenexplorer signin` / `signout` in subprocesses against moto (password from stdin)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from cognito_flow_helpers import STRONG_PASSWORD

from tests.engine_world import mailed_code
from tokenexplorer.cognito.auth import CognitoAuth
from tokenexplorer.cognito.errors import CognitoError
from tokenexplorer.cognito.profiles import ProfileStore


def _stored(profile):
    """The session remembered for `profile` as it is now (its target)."""
    from tokenexplorer import keyring_store
    from tokenexplorer.cognito.binding import target_of

    return keyring_store.load_refresh_token(profile.name, target=target_of(profile))

NO_DBUS = "unix:path=/nonexistent/tokenexplorer-test-bus"


def run_cli(*args: str, stdin: str = "", no_keyring: bool = False) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if no_keyring:
        env["DBUS_SESSION_BUS_ADDRESS"] = NO_DBUS
    return subprocess.run(
        [sys.executable, "-m", "tokenexplorer", *args], input=stdin, capture_output=True,
        text=True, timeout=60, env=env,
    )


@pytest.fixture
def saved_profile(make_pool):
    profile = make_pool(name="cli")
    make_pool.confirmed_user(profile, "alice")
    return ProfileStore().put(profile)


def assert_one_clean_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_signin_json_with_password_from_stdin(saved_profile):
    done = run_cli("signin", "--profile", saved_profile.name, "--username", "alice", "--json",
                   stdin=STRONG_PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    document = json.loads(lines[0])
    assert set(document) == {"IdToken", "AccessToken", "RefreshToken", "ExpiresIn"}
    assert document["ExpiresIn"] == 3600
    assert document["IdToken"].count(".") == 2 and document["RefreshToken"]
    assert "Signed in to 'test-cli' as alice" in done.stderr
    assert STRONG_PASSWORD not in done.stdout + done.stderr


def test_signin_text_output_with_password_flow(saved_profile):
    done = run_cli("signin", "--profile", saved_profile.name, "--username", "alice",
                   "--flow", "password", stdin=STRONG_PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    keys = [line.split()[0] for line in done.stdout.splitlines()]
    assert keys == ["IdToken", "AccessToken", "RefreshToken", "ExpiresIn"]


def test_wrong_password_is_one_line_and_exit_1(saved_profile):
    done = run_cli("signin", "--profile", saved_profile.name, "--username", "alice",
                   "--flow", "password", stdin="Wrong-Password-9\n")
    assert done.returncode == 1
    line = assert_one_clean_line(done.stderr)
    assert line == "signin: Incorrect username or password. [NotAuthorizedException]"
    assert done.stdout == "" and "Wrong-Password-9" not in done.stderr


def test_unknown_profile_and_missing_username(saved_profile):
    done = run_cli("signin", "--profile", "nope", "--username", "a", stdin="x\n")
    assert done.returncode == 1
    assert "no profile named 'nope'" in assert_one_clean_line(done.stderr)
    done = run_cli("signin", "--profile", saved_profile.name, stdin="x\n")
    assert done.returncode == 1
    assert "--username" in assert_one_clean_line(done.stderr)


def test_endpoint_down_is_one_line(saved_profile, closed_port):
    store = ProfileStore()
    store.put(type(saved_profile)(**{**saved_profile.to_json(), "name": "down",
                                     "endpoint_url": closed_port}))
    done = run_cli("signin", "--profile", "down", "--username", "alice", stdin="pw\n")
    assert done.returncode == 1
    line = assert_one_clean_line(done.stderr)
    assert line.startswith("signin: Could not reach the Cognito endpoint at " + closed_port)


def test_new_password_challenge_answered_from_stdin(make_pool, admin):
    profile = ProfileStore().put(make_pool(name="np"))
    admin.admin_create_user(UserPoolId=profile.user_pool_id, Username="newbie",
                            TemporaryPassword="Temporary-Pass-1", MessageAction="SUPPRESS")
    done = run_cli("signin", "--profile", profile.name, "--username", "newbie", "--json",
                   stdin="Temporary-Pass-1\nBrand-New-Pass-2\n")
    assert done.returncode == 0, done.stderr
    assert "AccessToken" in json.loads(done.stdout)
    # The new password now works with USER_PASSWORD_AUTH (moto checks it there).
    again = run_cli("signin", "--profile", profile.name, "--username", "newbie", "--flow",
                    "password", "--json", stdin="Brand-New-Pass-2\n")
    assert again.returncode == 0, again.stderr


def test_challenge_answer_missing_on_stdin(make_pool, admin):
    profile = ProfileStore().put(make_pool(name="np2"))
    admin.admin_create_user(UserPoolId=profile.user_pool_id, Username="newbie",
                            TemporaryPassword="Temporary-Pass-1", MessageAction="SUPPRESS")
    done = run_cli("signin", "--profile", profile.name, "--username", "newbie",
                   stdin="Temporary-Pass-1\n")
    assert done.returncode == 1
    assert "stdin ended before the new password" in done.stderr
    assert "Traceback" not in done.stderr


def test_remember_without_a_keyring_still_signs_in_with_a_warning(saved_profile):
    done = run_cli("signin", "--profile", saved_profile.name, "--username", "alice",
                   "--remember", "--json", stdin=STRONG_PASSWORD + "\n", no_keyring=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["RefreshToken"]
    assert "warning: signed in, but the session was NOT remembered" in done.stderr
    assert "Traceback" not in done.stderr


def test_signout_without_a_keyring_says_why(saved_profile):
    done = run_cli("signout", "--profile", saved_profile.name, no_keyring=True)
    assert done.returncode == 1
    assert "signout: the remembered session cannot be read" in assert_one_clean_line(done.stderr)


@pytest.mark.keyring
def test_remember_then_signout_with_the_real_keyring(saved_profile):

    done = run_cli("signin", "--profile", saved_profile.name, "--username", "alice",
                   "--remember", "--json", stdin=STRONG_PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert "Remembered" in done.stderr
    stored = _stored(saved_profile)
    assert stored is not None and stored.username == "alice"
    assert stored.token == json.loads(done.stdout)["RefreshToken"]

    # RevokeToken ends this session only: no --global needed, no other device touched.
    out = run_cli("signout", "--profile", saved_profile.name)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("[RevokeToken]") and "GlobalSignOut" not in out.stdout
    assert _stored(saved_profile) is None
    with pytest.raises(CognitoError) as revoked:  # the remembered token is dead at the server
        CognitoAuth(saved_profile).refresh("alice", stored.token)
    assert revoked.value.code == "NotAuthorized"

    again = run_cli("signout", "--profile", saved_profile.name)
    assert again.returncode == 0 and "nothing to sign out" in again.stdout


@pytest.mark.keyring
def test_session_remember_resume_and_stale_sign_out(make_pool, auth_for, admin):
    from tokenexplorer.cognito.auth import Challenge
    from tokenexplorer.cognito.session import Session, sign_out_stored

    profile = make_pool(secret=True, name="resume")
    make_pool.confirmed_user(profile, "rita")
    auth = auth_for(profile, client_secret=make_pool.secret_of(profile))
    step = auth.sign_in("rita", STRONG_PASSWORD)
    assert isinstance(step, Challenge)
    session = Session(auth, auth.respond(step, {}), profile_name=profile.name)
    session.remember()

    resumed = Session.resume(auth, profile.name)  # REFRESH_TOKEN_AUTH + SECRET_HASH
    assert resumed is not None and resumed.username == "rita" and resumed.remembered
    assert resumed.seconds_left() > 3000

    # Revoked elsewhere (admin global sign-out): it no longer resumes; signing out revokes
    # the dead token anyway (RevokeToken accepts it) and forgets the stored entry.
    admin.admin_user_global_sign_out(UserPoolId=profile.user_pool_id, Username="rita")
    with pytest.raises(CognitoError) as dead:
        auth.refresh("rita", resumed.tokens.refresh_token)
    assert dead.value.code == "NotAuthorized"
    result = sign_out_stored(auth, profile.name)
    assert result is not None and result.method == "RevokeToken"
    assert _stored(profile) is None
    assert sign_out_stored(auth, profile.name) is None


def test_unconfirmed_account_is_confirmed_from_stdin_then_signed_in(make_pool, auth_for,
                                                                    engine_endpoint):
    profile = ProfileStore().put(make_pool(name="confirm"))
    auth_for(profile).sign_up("newuser", STRONG_PASSWORD, {"email": "new@example.com"})
    code = mailed_code(engine_endpoint, "new@example.com")
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    refused = run_cli("signin", "--profile", profile.name, "--username", "newuser", "--json",
                      stdin=f"{STRONG_PASSWORD}\n{wrong}\n")
    assert refused.returncode == 1 and "not right" in refused.stderr
    assert "Traceback" not in refused.stderr and not refused.stdout
    done = run_cli("signin", "--profile", profile.name, "--username", "newuser", "--json",
                   stdin=f"{STRONG_PASSWORD}\n{code}\n")
    assert done.returncode == 0, done.stderr
    assert "not confirmed yet" in done.stderr
    # The profile points at the local engine: no mail was sent, the inbox has the code.
    assert "sends no mail: 'tokenexplorer sandbox inbox' shows the code" in done.stderr
    assert json.loads(done.stdout)["IdToken"]


def test_totp_code_from_the_terminal_command(make_pool, engine_endpoint):
    """A user with an authenticator app: the CLI reads its code after the password; the
    engine checks it (a wrong code fails cleanly, the right one signs in)."""
    from cognito_flow_helpers import fresh_totp_code

    from tests.engine_world import enrol_totp

    profile = ProfileStore().put(make_pool(name="totp", mfa="ON"))
    make_pool.confirmed_user(profile, "tess")
    secret = enrol_totp(engine_endpoint, profile.client_id, "tess", STRONG_PASSWORD)
    command = ("signin", "--profile", profile.name, "--username", "tess", "--json")
    code = fresh_totp_code(secret)
    refused = run_cli(*command, stdin=f"{STRONG_PASSWORD}\n{(int(code) + 7) % 1_000_000:06d}\n")
    assert refused.returncode == 1 and "not right" in refused.stderr
    assert "Traceback" not in refused.stderr and not refused.stdout
    done = run_cli(*command, stdin=f"{STRONG_PASSWORD}\n{fresh_totp_code(secret)}\n")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["AccessToken"]


@pytest.mark.keyring
def test_signin_with_a_client_secret_from_the_keyring(make_pool):

    store = ProfileStore()
    profile = make_pool(secret=True, name="secret")
    make_pool.confirmed_user(profile, "sam")
    store.put(profile)
    assert store.set_client_secret(profile.name, make_pool.secret_of(profile)) == "keyring"
    done = run_cli("signin", "--profile", profile.name, "--username", "sam", "--json",
                   stdin=STRONG_PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["RefreshToken"]
    assert make_pool.secret_of(profile) not in done.stdout + done.stderr
