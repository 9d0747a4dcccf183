"""`tokenexplorer sandbox inbox [--json] [--profile NAME]`: the mail and SMS the sandbox's
Cognito would have sent (confirmation and reset codes), newest first.

The endpoint is the saved Sandbox profile's (or NAME's). With --json: one JSON object per
message per line (`to`, `subject`, `body`, `code`, `time` in ISO 8601, `medium`); else a
readable list. A sandbox that is not running is one plain line on stderr and exit 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tokenexplorer.sandbox.inbox import InboxMessage

EXIT_OK = 0
EXIT_FAILED = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true",
                        help="one JSON object per message per line")
    parser.add_argument("--profile", metavar="NAME", default=None,
                        help="read the inbox of this profile's emulator (default: the "
                             "Sandbox profile)")


def _err(message: str) -> None:
    print(f"sandbox inbox: {message}", file=sys.stderr, flush=True)


def _endpoint(name: str | None) -> str | None:
    """The endpoint of the named (else the Sandbox) profile; None (said) when there is none."""
    from tokenexplorer.cognito.profiles import ProfileStore
    from tokenexplorer.cognito.sandbox import SANDBOX_PROFILE_NAME

    store = ProfileStore()
    store.load()
    if store.load_problem:
        _err(f"warning: {store.load_problem}")
    profile = store.get(name or SANDBOX_PROFILE_NAME)
    if profile is None:
        if name:
            known = ", ".join(store.names()) or "none yet"
            _err(f"there is no profile named {name!r} (profiles: {known}).")
        else:
            _err("there is no Sandbox profile yet: start the sandbox first "
                 "(tokenexplorer sandbox).")
        return None
    if not profile.endpoint_url:
        _err(f"the profile {profile.name!r} talks to AWS itself, which has no Sandbox inbox: "
             "real Cognito delivers its mail.")
        return None
    return str(profile.endpoint_url)


def _print_text(messages: list[InboxMessage], endpoint: str) -> None:
    from tokenexplorer.commands.output import shown

    if not messages:
        print(f"No messages yet in the sandbox at {endpoint}. Sign up or reset a password: "
              "the code Cognito would email appears here.")
        return
    count = len(messages)
    print(f"{count} message{'s' if count != 1 else ''} in the sandbox at {endpoint}, "
          "newest first:")
    for message in messages:
        when = message.time.astimezone().strftime("%Y-%m-%d %H:%M:%S") if message.time else "?"
        print()
        print(f"  {when}  {message.medium} to {shown(message.to)}")
        print(f"  Subject: {shown(message.subject)}")
        if message.code:
            print(f"  Code:    {shown(message.code, 40)}")
        for line in message.body.splitlines() or [""]:
            print(f"    {shown(line, 300)}")


def run(options: argparse.Namespace) -> int:
    from tokenexplorer.commands.output import machine
    from tokenexplorer.sandbox.inbox import InboxError, read_inbox

    endpoint = _endpoint(getattr(options, "profile", None))
    if endpoint is None:
        return EXIT_FAILED
    try:
        messages = read_inbox(endpoint)
    except InboxError as error:
        if error.is_transport:
            _err(f"the sandbox is not running ({error.message}) Start it with "
                 "'tokenexplorer sandbox', or from the window.")
        else:
            _err(str(error))
        return EXIT_FAILED
    if getattr(options, "json", False):
        for message in messages:
            machine(json.dumps(message.as_json()) + "\n")  # ASCII: one line each
        sys.stdout.flush()
    else:
        _print_text(messages, endpoint)
    return EXIT_OK
