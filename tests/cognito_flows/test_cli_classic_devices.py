"""`signin --flow srp|password` with remembered devices, in subprocesses against the stand-in
(newer_peer.py): a sign-in with MFA that answers NewDeviceMetadata confirms the device and
keeps it with --remember; the next classic sign-in proves the device (DEVICE_SRP_AUTH,
DEVICE_PASSWORD_VERIFIER) and, the device remembered, skips MFA."""

from __future__ import annotations

import uuid

import pytest
from newer_helpers import PASSWORD, run_cli

from tokenexplorer import keyring_store
from tokenexplorer.cognito import device_store
from tokenexplorer.cognito.binding import target_of
from tokenexplorer.cognito.profiles import ProfileStore

pytestmark = pytest.mark.keyring
TOTP = "975310"


@pytest.fixture
def classic(newer):
    saved = []
    peer, http, auth = newer(name=f"cls-{uuid.uuid4().hex[:8]}", track_devices=True)
    peer.register("una", PASSWORD, totp=TOTP)
    saved.append(ProfileStore().put(auth.profile))
    yield peer, http, saved[0]
    for profile in saved:
        keyring_store.delete_profile_entries(profile.name)
        device_store.forget_device_entry(profile.name, "una")


def test_classic_flows_confirm_then_prove_the_device(classic):
    peer, http, profile = classic
    first = run_cli("signin", "--profile", profile.name, "--username", "una", "--flow", "srp",
                    "--remember", "--remember-device", "--json",
                    stdin=f"{PASSWORD}\n{TOTP}\n")
    assert first.returncode == 0, first.stderr
    assert "PASSWORD_VERIFIER accepted" in peer.log and "ConfirmDevice" in peer.log
    (device,) = peer.devices.values()
    assert device.remembered == "remembered"
    assert device_store.load_device(profile.name, "una",
                                    target=target_of(profile)).device_key == device.key

    again = run_cli("signin", "--profile", profile.name, "--username", "una", "--flow",
                    "password", "--json", stdin=f"{PASSWORD}\n")  # no MFA code given
    assert again.returncode == 0, again.stderr
    assert "DEVICE_PASSWORD_VERIFIER accepted" in peer.log
    initiate = [b for t, b in http.requests if t == "InitiateAuth"][-1]
    assert initiate["AuthFlow"] == "USER_PASSWORD_AUTH"
    assert initiate["AuthParameters"]["DEVICE_KEY"] == device.key
