"""`tokenexplorer devices --profile NAME list|forget DEVICE_KEY`: the user's tracked devices.

Both renew the remembered session first (for an access token: ListDevices and ForgetDevice
are the user's own calls). `list` prints one line per device (key, name, remembered or not,
last sign-in), marking the one this machine keeps; `forget` makes the pool stop trusting a
device (its sign-ins ask for MFA again) and, when it is this machine's, forgets its keys.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from tokenexplorer.commands.output import shown


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from tokenexplorer.commands.signin import add_insecure_http_argument

    parser.add_argument("--profile", required=True, metavar="NAME", help="the profile to use")
    parser.add_argument("action", choices=("list", "forget"), help="list or forget devices")
    parser.add_argument("device_key", nargs="?", metavar="DEVICE_KEY",
                        help="the device to forget (see 'list')")
    parser.add_argument("--json", action="store_true", help="list: one JSON array")
    add_insecure_http_argument(parser)


def _this_device(session: Any) -> str | None:
    from tokenexplorer.cognito.rotating_session import stored_device_key

    return stored_device_key(session.auth.profile, session.profile_name, session.username)


def _when(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value is not None else "-"


def _list(session: Any, as_json: bool) -> None:
    from tokenexplorer.cognito import devices

    mine = _this_device(session)
    found = devices.list_devices(session.auth, session.tokens.access_token)
    if as_json:
        print(json.dumps([{"DeviceKey": d.device_key, "Name": d.name,
                           "RememberedStatus": d.remembered, "ThisDevice": d.device_key == mine,
                           "LastAuthenticated": _when(d.last_authenticated)} for d in found]))
        return
    if not found:
        print("(no devices)")
    for d in found:
        this = "  (this machine)" if d.device_key == mine else ""
        print(f"{shown(d.device_key, None)}  {shown(d.name or '-')}  "
              f"{d.remembered or '-'}  last sign-in {_when(d.last_authenticated)}{this}")


def _forget(session: Any, device_key: str) -> str:
    from tokenexplorer.cognito import device_store, devices

    devices.forget_device(session.auth, session.tokens.access_token, device_key)
    if device_key == _this_device(session):
        device_store.forget_device_entry(session.profile_name, session.username)
        return (f"Forgot device {shown(device_key)} (this machine): its keys are gone here "
                "too. The remembered session was issued to this device, so it may no longer "
                "renew: sign in again to register the machine anew.")
    return f"Forgot device {shown(device_key)}."


def run(options: argparse.Namespace) -> int:
    from tokenexplorer.commands.refresh import with_session
    from tokenexplorer.commands.signin import _err

    if options.action == "forget" and not options.device_key:
        _err("devices: 'forget' needs the DEVICE_KEY to forget (see 'devices list').")
        return 2

    def act(session: Any) -> None:
        if options.action == "list":
            _list(session, options.json)
        else:
            _err(_forget(session, options.device_key))

    return with_session(f"devices {options.action}", options, act, prefix="devices")
