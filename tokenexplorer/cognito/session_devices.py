"""The remembered device of a signed-in session, and what the session panel does with it:
"Remember this device" (UpdateDeviceStatus), list and forget (ListDevices, ForgetDevice).

A device confirmed at sign-in is attached to its Session here (in memory, for the run), so
a refresh sends its key even when the session is not remembered in the keyring; with
"Remember me" it is also in the keyring (`device_store`), where a later sign-in finds it.
Every function but `attach`/`device_of` makes network calls: run them on a worker.
"""

from __future__ import annotations

import contextlib
import dataclasses
import threading
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tokenexplorer import keyring_store
from tokenexplorer.cognito import device_store, devices
from tokenexplorer.cognito.binding import target_of
from tokenexplorer.cognito.device_store import DeviceCredentials
from tokenexplorer.cognito.errors import CognitoError

if TYPE_CHECKING:
    from tokenexplorer.cognito.session import Session


@dataclass(frozen=True)
class SessionDevice:
    credentials: DeviceCredentials
    stored: bool  # kept in the keyring (a later sign-in proves it)
    problem: str = ""  # why it was not confirmed or kept, in words


_attached: weakref.WeakKeyDictionary[Any, SessionDevice] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def attach(session: Session, credentials: DeviceCredentials, *, stored: bool,
           problem: str = "") -> None:
    with _lock:
        _attached[session] = SessionDevice(credentials, stored, problem)


def device_of(session: Session) -> SessionDevice | None:
    """The device this session signed in with (attached, else the keyring's), or None."""
    with _lock:
        found = _attached.get(session)
    if found is not None or not session.remembered:
        return found
    try:
        stored = device_store.load_device(session.profile_name, session.username,
                                          target=target_of(session.auth.profile))
    except keyring_store.KeyringUnavailable:
        return None
    return SessionDevice(stored, stored=True) if stored is not None else None


def _access_token(session: Session) -> str:
    tokens = session.tokens
    if tokens is None or not tokens.access_token:
        raise CognitoError("NotSignedIn", "Sign in first: the device calls need an access token.")
    return tokens.access_token


def set_remembered(session: Session, remembered: bool) -> SessionDevice:
    """UpdateDeviceStatus for this session's device; the keyring copy follows."""
    current = device_of(session)
    if current is None:
        raise CognitoError("NoDevice", "This sign-in has no device to remember.")
    devices.set_remembered(session.auth, _access_token(session),
                           current.credentials.device_key, remembered)
    credentials = dataclasses.replace(current.credentials, remembered=remembered)
    problem = ""
    if current.stored:
        try:
            device_store.save_device(session.profile_name, session.username, credentials,
                                     target=target_of(session.auth.profile))
        except keyring_store.KeyringUnavailable as exc:
            problem = f"The pool was told, but the keyring copy was not updated: {exc.reason}"
    updated = SessionDevice(credentials, current.stored, problem)
    with _lock:
        _attached[session] = updated
    return updated


def list_for(session: Session) -> list[devices.Device]:
    return devices.list_devices(session.auth, _access_token(session))


def forget(session: Session, device_key: str) -> bool:
    """ForgetDevice; True when it was this session's own device (then forgotten here too:
    the next sign-in registers the machine anew)."""
    devices.forget_device(session.auth, _access_token(session), device_key)
    own = device_of(session)
    if own is None or own.credentials.device_key != device_key:
        return False
    with _lock:
        _attached.pop(session, None)
    # A copy left in an unusable keyring is bound to this server, which refuses it now.
    with contextlib.suppress(keyring_store.KeyringUnavailable):
        device_store.forget_device_entry(session.profile_name, session.username)
    return True
