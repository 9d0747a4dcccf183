"""`tokenexplorer sandbox [--port N] [--json]`: run the seeded emulator without a window.

Saves/updates the "Sandbox" profile to point at it, prints it (with --json: exactly one JSON
line first), then serves until SIGINT or SIGTERM and exits 0.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--port", type=int, default=0, help="TCP port on 127.0.0.1 (default: any free port)"
    )
    parser.add_argument(
        "--json", action="store_true", help="print the profile as one JSON line first"
    )
    from tokenexplorer.commands import sandbox_inbox

    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    sandbox_inbox.add_arguments(actions.add_parser(
        "inbox", help="the mail and SMS the sandbox's Cognito would have sent"))


def _print_text(info: Any, saved: bool) -> None:
    from tokenexplorer.cognito.sandbox import EMULATOR_WARNING

    rows = [
        ("profile", info.as_json()["profile"]),
        ("endpoint URL", info.endpoint_url),
        ("region", info.region),
        ("user pool ID", info.user_pool_id),
        ("app client ID", info.client_id),
        ("identity pool ID", info.identity_pool_id),
        ("S3 bucket", info.bucket),
        ("demo username", info.username),
        ("demo password", info.password),
    ]
    width = max(len(label) for label, _ in rows)
    print("Token Explorer sandbox is running.")
    for label, value in rows:
        print(f"  {label + ':':<{width + 1}} {value}")
    if saved:
        print(f"The {info.as_json()['profile']!r} profile now points at it.")
    print(EMULATOR_WARNING)
    print("Press Ctrl+C to stop.")


def run(options: argparse.Namespace) -> int:
    if getattr(options, "action", None) == "inbox":
        from tokenexplorer.commands import sandbox_inbox

        return sandbox_inbox.run(options)
    from tokenexplorer.cognito.profiles import ProfileStore
    from tokenexplorer.cognito.sandbox import SandboxError, start_sandbox

    stop = threading.Event()

    def request_stop(signum: int, frame: object) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        try:
            sandbox = start_sandbox(options.port)
        except SandboxError as exc:
            print(f"The sandbox could not start: {exc}", file=sys.stderr)
            return 1
        try:
            store = ProfileStore()
            saved = True
            try:
                store.put(sandbox.profile)
            except OSError as exc:
                saved = False
                print(f"warning: the Sandbox profile was not saved: {exc}", file=sys.stderr)
            if store.load_problem:
                print(f"warning: {store.load_problem}", file=sys.stderr)
            if options.json:
                print(json.dumps(sandbox.info.as_json()))
            else:
                _print_text(sandbox.info, saved)
            sys.stdout.flush()
            while not stop.wait(0.5):
                pass
        finally:
            sandbox.stop()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if not options.json:
        print("Sandbox stopped.")
    return 0
