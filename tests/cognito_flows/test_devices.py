"""Remembered devices: the device verifier and DEVICE_PASSWORD_VERIFIER proof checked for real
by the stand-in (server-side SRP), ConfirmDevice / UpdateDeviceStatus / ListDevices /
ForgetDevice, and the device's secrets in the real keyring next to the session."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import os
from datetime import UTC, datetime

import pytest
from newer_helpers import PASSWORD

from tokenexplorer.cognito import device_srp, device_store, devices
from tokenexplorer.cognito.auth import Tokens
from tokenexplorer.cognito.binding import target_of
from tokenexplorer.cognito.errors import CognitoError
from tokenexplorer.cognito.user_auth import SignInFlow


def _srp_sign_in(auth, username, device=None):
    flow = SignInFlow(auth, device=device)
    step = flow.start_srp(username, PASSWORD)
    while not isinstance(step, Tokens):
        assert step.automatic, step
        step = flow.respond(step, {})
    return flow, step


def _confirmed(newer, **options):
    """A user with MFA whose first sign-in registered and confirmed this device."""
    peer, http, auth = newer(track_devices=True, **options)
    peer.register("ivy", PASSWORD, totp="246810")
    flow = SignInFlow(auth)
    step = flow.choose(flow.start("ivy"), "PASSWORD_SRP", password=PASSWORD)
    step = flow.respond(flow.respond(step, {}) if step.automatic else step,
                        {"SOFTWARE_TOKEN_MFA_CODE": "246810"})
    assert isinstance(step, Tokens) and flow.new_device is not None
    device, necessary = devices.confirm_device(auth, step.access_token, flow.new_device,
                                               name="Test laptop")
    return peer, http, auth, step, device, necessary


def test_verifier_and_proof_match_pycognito():
    """pycognito's generate_hash_device / get_device_authentication_key: a second client."""
    from pycognito import aws_srp

    group, key = "-9f2Ab3c", "us-east-1_6c1b2f7e-0d1e-4c55-9d43-28a4f0e1b2c3"
    password, config = aws_srp.generate_hash_device(group, key)
    salt = int.from_bytes(base64.b64decode(config["Salt"]), "big")
    ours = device_srp.make_verifier(group, key, password=password, salt=salt)
    assert ours.as_config() == config

    small_a = int.from_bytes(os.urandom(32), "big")
    client = device_srp.DeviceSrpClient(group, key, password, small_a=small_a)
    big_b = pow(2, int.from_bytes(os.urandom(32), "big"), device_srp.N)
    block = base64.b64encode(os.urandom(64)).decode()
    moment = datetime(2026, 5, 4, 3, 2, 1, tzinfo=UTC)
    claim = client.claim(salt_hex=f"{salt:x}", srp_b_hex=f"{big_b:x}", secret_block=block,
                         now=moment)
    theirs = aws_srp.AWSSRP("ivy", "unused", "us-east-1_Pool", "client", client=object())
    theirs.small_a_value = small_a
    theirs.large_a_value = theirs.calculate_a()
    assert f"{theirs.large_a_value:x}" == client.srp_a
    hkdf = theirs.get_device_authentication_key(group, key, password, big_b, f"{salt:x}")
    message = group.encode() + key.encode() + base64.b64decode(block) + claim.timestamp.encode()
    expected = base64.b64encode(hmac.new(hkdf, message, hashlib.sha256).digest()).decode()
    assert claim.signature == expected


def test_new_device_is_confirmed_with_a_verifier_not_the_password(newer):
    peer, http, _, _, device, necessary = _confirmed(newer)
    assert necessary and not device.remembered
    target, body = http.requests[-1]
    assert target == "ConfirmDevice" and body["DeviceName"] == "Test laptop"
    assert set(body["DeviceSecretVerifierConfig"]) == {"PasswordVerifier", "Salt"}
    assert device.password not in repr(http.requests) and device.password not in repr(device)
    stored = peer.devices[device.device_key]
    assert stored.confirmed and stored.group_key == device.group_key


def test_remembered_device_proves_itself_and_skips_mfa(newer):
    peer, http, auth, tokens, device, _ = _confirmed(newer)
    devices.set_remembered(auth, tokens.access_token, device.device_key, True)
    assert http.requests[-1][1]["DeviceRememberedStatus"] == "remembered"

    flow, tokens = _srp_sign_in(auth, "ivy", device)  # no MFA code asked
    assert peer.log[-2:] == ["DEVICE_PASSWORD_VERIFIER accepted", "tokens for ivy"]
    names = [body.get("ChallengeName") for target, body in http.requests[-4:]]
    assert names == [None, "PASSWORD_VERIFIER", "DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER"]
    assert all(
        (body.get("AuthParameters") or body.get("ChallengeResponses"))["DEVICE_KEY"] ==
        device.device_key for _, body in http.requests[-4:])
    from tokenexplorer.cognito.session import jwt_claims

    assert jwt_claims(tokens.access_token)["device_key"] == device.device_key
    assert flow.new_device is None


def test_wrong_device_password_is_refused_by_the_real_check(newer):
    peer, _, auth, tokens, device, _ = _confirmed(newer)
    devices.set_remembered(auth, tokens.access_token, device.device_key, True)
    forged = dataclasses.replace(device, password=device.password[:-2] + "AA")
    with pytest.raises(CognitoError) as refused:
        _srp_sign_in(auth, "ivy", forged)
    assert refused.value.code == "DeviceRefused"
    assert "DEVICE_PASSWORD_VERIFIER rejected" in peer.log


def test_device_not_remembered_still_asks_for_mfa(newer):
    peer, _, auth, _, device, _ = _confirmed(newer)
    flow = SignInFlow(auth, device=device)
    step = flow.start_srp("ivy", PASSWORD)
    while step.automatic:
        step = flow.respond(step, {})
    assert step.name == "SOFTWARE_TOKEN_MFA"
    assert "DEVICE_PASSWORD_VERIFIER accepted" in peer.log
    assert isinstance(flow.respond(step, {"SOFTWARE_TOKEN_MFA_CODE": "246810"}), Tokens)


def test_list_every_page_then_forget(newer):
    peer, http, auth, tokens, device, _ = _confirmed(newer, page_size=1,
                                                      confirmation_necessary=False)
    assert device.remembered  # the pool remembers devices without asking
    listed = devices.list_devices(auth, tokens.access_token)
    assert [d.device_key for d in listed] == [device.device_key]
    extra = peer.devices[device.device_key]  # a second device of the same user
    peer.devices["us-east-1_second"] = dataclasses.replace(extra, key="us-east-1_second",
                                                           name="Phone\x1b[31m")
    listed = devices.list_devices(auth, tokens.access_token)
    assert [d.device_key for d in listed] == [device.device_key, "us-east-1_second"]
    assert [d.remembered for d in listed] == ["remembered", "remembered"]
    assert "\x1b" not in listed[1].name and listed[0].name == "Test laptop"
    assert sum(1 for t, _ in http.requests if t == "ListDevices") == 3  # 1 + 2 pages of one

    devices.forget_device(auth, tokens.access_token, device.device_key)
    assert [d.device_key for d in devices.list_devices(auth, tokens.access_token)] == [
        "us-east-1_second"]
    with pytest.raises(CognitoError) as gone:
        devices.forget_device(auth, tokens.access_token, device.device_key)
    assert gone.value.code == "DeviceNotFound"


@pytest.mark.keyring
def test_device_secrets_live_in_the_keyring_bound_to_the_server(newer):
    _, _, auth, _, device, _ = _confirmed(newer, name="devices-kr")
    profile = auth.profile
    try:
        device_store.save_device(profile.name, "ivy", device, target=target_of(profile))
        loaded = device_store.load_device(profile.name, "ivy", target=target_of(profile))
        assert loaded == device
        elsewhere = dataclasses.replace(profile, endpoint_url="http://127.0.0.1:9/")
        assert device_store.load_device(profile.name, "ivy", target=target_of(elsewhere)) is None
    finally:
        device_store.forget_device_entry(profile.name, "ivy")
    assert device_store.load_device(profile.name, "ivy", target=target_of(profile)) is None


def test_the_device_key_claim_is_explained():
    from tokenexplorer.tokens import catalogue

    entry = catalogue.claim("device_key")
    assert entry is not None and entry.source == "AWS Cognito: the access token"
    for words in ("NewDeviceMetadata", "ConfirmDevice", "DEVICE_SRP_AUTH", "skip MFA",
                  "devices forget"):
        assert words in entry.description


@pytest.mark.keyring
def test_deleting_the_profile_forgets_its_devices(newer):
    from tokenexplorer.cognito.profiles import ProfileStore

    _, _, auth, _, device, _ = _confirmed(newer, name=f"devices-del-{os.getpid()}")
    store = ProfileStore()
    profile = store.put(auth.profile)
    target = target_of(profile)
    device_store.save_device(profile.name, "ivy", device, target=target)
    device_store.save_device(profile.name, "ivy2", device, target=target)
    device_store.forget_device_entry(profile.name, "ivy2")  # one forgotten by hand …
    device_store.save_device(profile.name, "ivy3", device, target=target)
    store.delete(profile.name)  # … the others with the profile
    for user in ("ivy", "ivy2", "ivy3"):
        assert device_store.load_device(profile.name, user, target=target) is None
    assert device_store._users(profile.name) == []
