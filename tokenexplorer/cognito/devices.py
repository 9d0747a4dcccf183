"""Remembered devices (device tracking): confirm a new device, remember it, list, forget.

When a pool tracks devices, a finished sign-in carries `NewDeviceMetadata` (device key and
device group key). `confirm_device` makes a random device password and its SRP verifier
(`device_srp`) and sends ConfirmDevice; from then on a sign-in answers DEVICE_SRP_AUTH with
that password (`user_auth.SignInFlow`), so a remembered device can skip MFA when the pool
allows it. "Remember this device" is UpdateDeviceStatus(remembered). The calls are the
user's own (authorised by the access token, no AWS credentials).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tokenexplorer.cognito.auth import CognitoAuth
from tokenexplorer.cognito.device_srp import make_verifier
from tokenexplorer.cognito.device_store import DeviceCredentials
from tokenexplorer.cognito.errors import CognitoError
from tokenexplorer.cognito.newer_errors import explain
from tokenexplorer.tokens.safe_text import shorten, visible

LIST_LIMIT = 60  # ListDevices' largest page
MAX_PAGES = 20  # a server that pages forever is stopped
MAX_FIELD = 200


@dataclass(frozen=True)
class NewDevice:
    """NewDeviceMetadata of a sign-in: a device Cognito has not been told about yet."""

    device_key: str
    group_key: str

    @classmethod
    def from_result(cls, result: dict[str, Any]) -> NewDevice | None:
        meta = result.get("NewDeviceMetadata")
        if not isinstance(meta, dict):
            return None
        key, group = meta.get("DeviceKey"), meta.get("DeviceGroupKey")
        if isinstance(key, str) and key and isinstance(group, str) and group:
            return cls(key[:MAX_FIELD], group[:MAX_FIELD])
        return None


@dataclass(frozen=True)
class Device:
    """One row of ListDevices, as plain (bounded, printable) text."""

    device_key: str
    name: str
    remembered: str  # "remembered", "not_remembered" or "" when the pool did not say
    last_ip: str
    created: datetime | None
    last_authenticated: datetime | None


def _plain(value: Any) -> str:
    return visible(shorten(str(value), MAX_FIELD)) if value is not None else ""


def _when(value: Any) -> datetime | None:
    return value if isinstance(value, datetime) else None


def device_of(row: dict[str, Any]) -> Device:
    attributes = {str(a.get("Name")): a.get("Value") for a in row.get("DeviceAttributes") or []
                  if isinstance(a, dict)}
    return Device(
        device_key=_plain(row.get("DeviceKey")),
        name=_plain(attributes.get("device_name")),
        remembered=_plain(attributes.get("device_remembered_status")),
        last_ip=_plain(attributes.get("last_ip_used")),
        created=_when(row.get("DeviceCreateDate")),
        last_authenticated=_when(row.get("DeviceLastAuthenticatedDate")),
    )


def _device_call(auth: CognitoAuth, operation: str, access_token: str, *,
                 context: str = "device", **params: Any) -> dict[str, Any]:
    try:
        return auth.call(operation, secrets=(access_token,), AccessToken=access_token, **params)
    except CognitoError as error:
        raise explain(error, context=context) from None


def confirm_device(auth: CognitoAuth, access_token: str, new: NewDevice, *,
                   name: str = "Token Explorer") -> tuple[DeviceCredentials, bool]:
    """ConfirmDevice with a fresh verifier. Returns the credentials to keep and whether the
    pool waits for the user to choose "Remember this device" (UserConfirmationNecessary)."""
    verifier = make_verifier(new.group_key, new.device_key)
    response = _device_call(auth, "confirm_device", access_token, DeviceKey=new.device_key,
                            DeviceSecretVerifierConfig=verifier.as_config(),
                            DeviceName=name[:1024])
    necessary = response.get("UserConfirmationNecessary") is True
    credentials = DeviceCredentials(new.device_key, new.group_key, verifier.password,
                                    remembered=not necessary, name=name)
    return credentials, necessary


def set_remembered(auth: CognitoAuth, access_token: str, device_key: str,
                   remembered: bool) -> None:
    """UpdateDeviceStatus: "Remember this device" on or off."""
    _device_call(auth, "update_device_status", access_token, DeviceKey=device_key,
                 DeviceRememberedStatus="remembered" if remembered else "not_remembered")


def list_devices(auth: CognitoAuth, access_token: str) -> list[Device]:
    """ListDevices, every page (at most MAX_PAGES of LIST_LIMIT)."""
    devices: list[Device] = []
    token: str | None = None
    for _ in range(MAX_PAGES):
        params: dict[str, Any] = {"Limit": LIST_LIMIT}
        if token:
            params["PaginationToken"] = token
        response = _device_call(auth, "list_devices", access_token, **params)
        devices.extend(device_of(row) for row in response.get("Devices") or []
                       if isinstance(row, dict))
        token = response.get("PaginationToken") or None
        if not isinstance(token, str):
            break
    return devices


def forget_device(auth: CognitoAuth, access_token: str, device_key: str) -> None:
    """ForgetDevice: the pool stops trusting the device; its sign-ins ask for MFA again."""
    _device_call(auth, "forget_device", access_token, DeviceKey=device_key)
