"""`signin --flow user-auth`, `refresh` and `devices` in subprocesses against the stand-in."""

from __future__ import annotations

import json
import uuid

import pytest
from newer_helpers import PASSWORD, run_cli

from tokenexplorer import keyring_store
from tokenexplorer.cognito import device_store, rotation_store
from tokenexplorer.cognito.binding import target_of
from tokenexplorer.cognito.profiles import ProfileStore

CODE = "80246135"


@pytest.fixture
def cli_peer(newer):
    """start(**peer options) -> (peer, http, saved profile); keyring entries cleaned up."""
    saved = []

    def start(**options):
        peer, http, auth = newer(name=f"cli-{uuid.uuid4().hex[:8]}", fixed_code=CODE, **options)
        peer.register("una", PASSWORD, email="una@example.com")
        saved.append(ProfileStore().put(auth.profile))
        return peer, http, saved[-1]

    yield start
    for profile in saved:
        keyring_store.delete_profile_entries(profile.name)
        rotation_store.forget_pending(profile.name, "una")
        device_store.forget_device_entry(profile.name, "una")


def _signin(profile, *extra, stdin):
    return run_cli("signin", "--profile", profile.name, "--username", "una", "--flow",
                   "user-auth", *extra, stdin=stdin)


def _one_json_line(done):
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    document = json.loads(line)
    assert set(document) == {"IdToken", "AccessToken", "RefreshToken", "ExpiresIn"}
    return document


def test_signin_user_auth_with_srp_from_stdin(cli_peer):
    peer, _, profile = cli_peer()
    _one_json_line(_signin(profile, "--challenge", "PASSWORD_SRP", "--json",
                           stdin=PASSWORD + "\n"))
    assert "PASSWORD_VERIFIER accepted" in peer.log
    done = _signin(profile, "--challenge", "PASSWORD_SRP", stdin="Wrong-Password-9\n")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip().splitlines()[-1] == (
        "signin: Incorrect username or password. [NotAuthorizedException]")


def test_signin_user_auth_lists_the_choices_and_takes_a_code(cli_peer):
    peer, _, profile = cli_peer()
    done = _signin(profile, "--json", stdin=f"email_otp\n{CODE}\n")
    _one_json_line(done)
    assert "a code by email" in done.stderr
    assert "Answer with one of: PASSWORD, PASSWORD_SRP, EMAIL_OTP." in done.stderr
    assert peer.log[-2:] == ["EMAIL_OTP accepted", "tokens for una"]
    wrong = _signin(profile, "--challenge", "EMAIL_OTP", stdin="11112222\n")
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr
    assert wrong.stderr.strip().splitlines()[-1].startswith("signin: The code is not right.")


def test_signin_user_auth_explains_a_factor_the_pool_refuses(cli_peer):
    _, _, profile = cli_peer(first_factors=("PASSWORD",))
    done = _signin(profile, "--challenge", "SMS_OTP", stdin="")
    assert done.returncode == 1
    (line,) = done.stderr.strip().splitlines()
    assert "does not allow a code by SMS" in line


def test_refresh_without_a_remembered_session_says_so(cli_peer):
    _, _, profile = cli_peer()
    done = run_cli("refresh", "--profile", profile.name)
    assert done.returncode == 1
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("refresh: No session is remembered") and "--remember" in line


@pytest.mark.keyring
def test_remember_device_refresh_rotating_then_list_and_forget(cli_peer):
    peer, http, profile = cli_peer(track_devices=True, rotate=True)
    peer.users["una"].totp = "135790"
    first = _signin(profile, "--challenge", "PASSWORD", "--remember", "--remember-device",
                    "--json", stdin=PASSWORD + "\n135790\n")
    tokens = _one_json_line(first)
    assert "The device is remembered" in first.stderr
    (device,) = peer.devices.values()
    assert device.confirmed and device.remembered == "remembered"

    refreshed = run_cli("refresh", "--profile", profile.name, "--json")
    document = _one_json_line(refreshed)
    assert document["RefreshToken"] != tokens["RefreshToken"]
    assert "GetTokensFromRefreshToken" in refreshed.stderr and "origin_jti" in refreshed.stderr
    stored = keyring_store.load_refresh_token(profile.name, target=target_of(profile))
    assert stored.token == document["RefreshToken"]
    assert http.requests[-1][1]["DeviceKey"] == device.key

    again = _signin(profile, "--challenge", "PASSWORD_SRP", "--remember", "--json",
                    stdin=PASSWORD + "\n")  # no MFA code: the remembered device proves itself
    _one_json_line(again)
    assert "DEVICE_PASSWORD_VERIFIER accepted" in peer.log

    listed = run_cli("devices", "--profile", profile.name, "list")
    assert listed.returncode == 0, listed.stderr
    assert device.key in listed.stdout and "(this machine)" in listed.stdout
    forgot = run_cli("devices", "--profile", profile.name, "forget", device.key)
    assert forgot.returncode == 0, forgot.stderr
    assert "this machine" in forgot.stderr and not peer.devices
    assert device_store.load_device(profile.name, "una", target=target_of(profile)) is None
    after = run_cli("devices", "--profile", profile.name, "list")  # its session needed it
    assert after.returncode == 1 and after.stdout == ""
    (line,) = after.stderr.strip().splitlines()
    assert "Sign in again" in line and "[NotAuthorizedException]" in line


@pytest.mark.keyring
def test_a_refused_device_proof_forgets_the_device_here(cli_peer):
    import dataclasses

    peer, _, profile = cli_peer(track_devices=True, confirmation_necessary=False)
    _one_json_line(_signin(profile, "--challenge", "PASSWORD", "--remember", "--json",
                           stdin=PASSWORD + "\n"))
    target = target_of(profile)
    kept = device_store.load_device(profile.name, "una", target=target)
    assert kept is not None and kept.remembered
    device_store.save_device(profile.name, "una", dataclasses.replace(
        kept, password=kept.password[::-1]), target=target)  # not the password it was made from

    refused = _signin(profile, "--challenge", "PASSWORD", stdin=PASSWORD + "\n")
    assert refused.returncode == 1 and refused.stdout == ""
    (line,) = refused.stderr.strip().splitlines()
    assert "proof was refused" in line and "sign in again" in line
    assert "DEVICE_PASSWORD_VERIFIER rejected" in peer.log
    assert device_store.load_device(profile.name, "una", target=target) is None

    again = _signin(profile, "--challenge", "PASSWORD", "--remember", stdin=PASSWORD + "\n")
    assert again.returncode == 0, again.stderr
    assert "now known to the pool" in again.stderr


def test_the_profile_remembers_the_preferred_first_factor(cli_peer):
    import dataclasses

    from tokenexplorer.cognito.profiles import Profile, ProfileError

    peer, http, profile = cli_peer()
    profile = ProfileStore().put(dataclasses.replace(profile, preferred_challenge="EMAIL_OTP",
                                                     rotate_refresh_tokens=True))
    reloaded = ProfileStore()
    reloaded.load()
    assert reloaded.get(profile.name) == profile
    with pytest.raises(ProfileError):
        Profile.from_json({**profile.to_json(), "rotate_refresh_tokens": "yes"})

    done = _signin(profile, "--json", stdin=f"{CODE}\n")  # no choice asked, no password
    _one_json_line(done)
    assert http.requests[0][1]["AuthParameters"]["PREFERRED_CHALLENGE"] == "EMAIL_OTP"
    assert peer.log[-2:] == ["EMAIL_OTP accepted", "tokens for una"]
