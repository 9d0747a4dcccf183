"""A remembered device's secrets in the OS keyring, next to the session of the same user.

One entry per profile and user, `device/<profile>/<user>`, holding the device key, the
device group key and the random device password, bound to the target (endpoint, region,
pool, client) like every secret `keyring_store` keeps: it is handed out only for exactly
that target. A device outlives a sign-out (that is what remembering it is for), so a
non-secret index, `device-users/<profile>`, lists whose devices are kept: deleting the
profile forgets them all (`forget_profile`). It goes through `keyring_store`'s own storage
helpers (the same backend, lock, time limit, value splitting and binding), so there is
still one module that talks to the keyring; this one only decides the entries' shape.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from tokenexplorer import bound_values, keyring_store
from tokenexplorer.bound_values import Target

KIND = "device"


@dataclass(frozen=True)
class DeviceCredentials:
    """What a later sign-in needs to prove this device (DEVICE_SRP_AUTH)."""

    device_key: str
    group_key: str
    password: str
    remembered: bool = False
    name: str = ""

    def __repr__(self) -> str:  # the password never reaches a log or traceback
        return (f"DeviceCredentials(device_key={self.device_key!r}, "
                f"remembered={self.remembered}, password=‹hidden›)")

    def to_json(self) -> str:
        return json.dumps({"device_key": self.device_key, "group_key": self.group_key,
                           "password": self.password, "remembered": self.remembered,
                           "name": self.name})

    @classmethod
    def from_json(cls, text: str | None) -> DeviceCredentials | None:
        """The stored credentials, or None when the entry is not one we wrote."""
        try:
            data = json.loads(text or "")
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        keys = (data.get("device_key"), data.get("group_key"), data.get("password"))
        if not all(isinstance(value, str) and value for value in keys):
            return None
        name = data.get("name")
        return cls(data["device_key"], data["group_key"], data["password"],
                   remembered=data.get("remembered") is True,
                   name=name if isinstance(name, str) else "")


def _entry_key(profile: str, username: str) -> str:
    return keyring_store._key(KIND, profile, username)


def _index_key(profile: str) -> str:
    return keyring_store._key("device-users", profile)


def _users(profile: str) -> list[str]:
    try:
        rows = json.loads(keyring_store._get("read the stored devices", _index_key(profile))
                          or "[]")
    except ValueError:
        return []
    return [row for row in rows if isinstance(row, str)] if isinstance(rows, list) else []


def _write_users(profile: str, users: list[str]) -> None:
    if users:
        keyring_store._set("record the stored device", _index_key(profile), json.dumps(users))
    else:
        keyring_store._delete("forget the stored devices", _index_key(profile))


def save_device(profile: str, username: str, device: DeviceCredentials, *,
                target: Target) -> None:
    """Keep `device` for `username` of `profile`, bound to `target`. Raises
    KeyringUnavailable (then nothing was stored)."""
    if not username or not target:
        raise ValueError("save_device needs a username and a target")
    with keyring_store._lock:
        keyring_store._set("store the device key", _entry_key(profile, username),
                           bound_values.bind(device.to_json(), target))
        users = _users(profile)
        if username not in users:
            _write_users(profile, [*users, username])


def load_device(profile: str, username: str, *, target: Target) -> DeviceCredentials | None:
    """The device stored for exactly `target`, else None (never one of another server)."""
    with keyring_store._lock:
        raw = keyring_store._read_bound("read the device key", _entry_key(profile, username),
                                        target)
    return DeviceCredentials.from_json(raw)


def forget_device_entry(profile: str, username: str) -> None:
    """Delete the stored device of `username` (nothing stored is not an error)."""
    with keyring_store._lock:
        keyring_store._delete("delete the device key", _entry_key(profile, username))
        users = _users(profile)
        if username in users:
            _write_users(profile, [user for user in users if user != username])


def forget_profile(profile: str) -> None:
    """Every device kept for `profile` (the profile is being deleted)."""
    with keyring_store._lock:
        for username in _users(profile):
            keyring_store._delete("delete the device key", _entry_key(profile, username))
        _write_users(profile, [])
