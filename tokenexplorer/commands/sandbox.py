"""`tokenexplorer sandbox [--port N] [--json] [--reset [--yes]] [--no-persist]` and
`tokenexplorer sandbox inbox [--json]`.

Runs the seeded emulator without a window: saves/updates the "Sandbox" and "Sandbox M2M"
profiles (the M2M secret to the keyring, never printed), prints the sandbox (with --json:
exactly one JSON line first), then serves until SIGINT or SIGTERM and exits 0. Its state
stays in the data folder; --reset deletes it first (asking on a terminal).
"""

from __future__ import annotations

import argparse
import importlib
import json
import signal
import sys
import threading
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tokenexplorer.sandbox.info import SandboxInfo

INBOX_MODULE = "tokenexplorer.commands.sandbox_inbox"


def _inbox_module() -> ModuleType | None:
    """The inbox command, when this build has it."""
    try:
        return importlib.import_module(INBOX_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name != INBOX_MODULE:
            raise
        return None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--port", type=int, default=0,
        help="TCP port on 127.0.0.1 (default: the one it had last time, else any free port)")
    parser.add_argument(
        "--json", action="store_true", help="print the sandbox as one JSON line first")
    parser.add_argument(
        "--reset", action="store_true",
        help="delete the saved sandbox (pool, users, identities, bucket) and start afresh")
    parser.add_argument("--yes", action="store_true", help="do not ask before --reset")
    parser.add_argument(
        "--no-persist", action="store_true",
        help="keep this sandbox in memory only (nothing saved, nothing reloaded)")
    actions = parser.add_subparsers(dest="action", metavar="{inbox}")
    inbox = actions.add_parser("inbox", help="show the email and SMS the sandbox sent")
    module = _inbox_module()
    if module is not None:
        module.add_arguments(inbox)
    else:
        inbox.add_argument("--json", action="store_true", help="one JSON object per message")


def _print_text(info: SandboxInfo, saved: list[str]) -> None:
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
        ("hosted UI", info.hosted_ui_url),
        ("hosted UI client ID", info.hosted_ui_client_id),
        ("M2M client ID", info.m2m_client_id),
        ("saved in", info.data_dir or "memory only"),
    ]
    width = max(len(label) for label, _ in rows)
    print("Token Explorer sandbox is running.")
    for label, value in rows:
        print(f"  {label + ':':<{width + 1}} {value}")
    if saved:
        print(f"Saved profiles pointing at it: {', '.join(repr(n) for n in saved)} (the M2M "
              "client's secret is in the keyring, never printed).")
    print(EMULATOR_WARNING)
    print("Press Ctrl+C to stop.")


def _confirm_reset(options: argparse.Namespace) -> bool:
    from tokenexplorer import paths

    if options.yes:
        return True
    if not sys.stdin.isatty():
        print("tokenexplorer sandbox: --reset deletes the saved sandbox; add --yes to do it "
              "without a terminal to ask on.", file=sys.stderr)
        return False
    answer = input(f"Delete the saved sandbox in {paths.sandbox_data_dir()} (its pool, users, "
                   "identities and bucket)? [y/N] ")
    return answer.strip().lower() in ("y", "yes")


def _save_profiles(info: SandboxInfo) -> list[str]:
    from tokenexplorer.cognito.profiles import ProfileStore
    from tokenexplorer.sandbox.profiles import save_sandbox_profiles

    store = ProfileStore()
    result = save_sandbox_profiles(store, info)
    for problem in [*result.problems, *([store.load_problem] if store.load_problem else [])]:
        print(f"warning: {problem}", file=sys.stderr)
    return result.names


def _serve(options: argparse.Namespace, stop: threading.Event) -> int:
    from tokenexplorer.cognito.sandbox import SandboxError, reset_sandbox, start_sandbox

    try:
        if options.reset:
            if not _confirm_reset(options):
                return 1
            cleared = reset_sandbox()
            if not options.json:
                print(f"The saved sandbox in {cleared} was deleted.")
        sandbox = start_sandbox(options.port, persist=not options.no_persist)
    except SandboxError as exc:
        print(f"The sandbox could not start: {exc}", file=sys.stderr)
        return 1
    try:
        saved = _save_profiles(sandbox.info)
        if options.json:
            print(json.dumps(sandbox.info.as_json()))
        else:
            _print_text(sandbox.info, saved)
        sys.stdout.flush()
        while not stop.wait(0.5) and sandbox.running():
            pass
    finally:
        sandbox.stop()
    if not stop.is_set():
        where = f" (its log: {sandbox.info.data_dir}/engine.log)" if sandbox.info.data_dir else ""
        print(f"The sandbox's engine stopped on its own{where}.", file=sys.stderr)
        return 1
    return 0


def run(options: argparse.Namespace) -> int:
    if options.action == "inbox":
        module = _inbox_module()
        if module is None:
            print("tokenexplorer sandbox inbox: not available in this build.", file=sys.stderr)
            return 1
        return int(module.run(options) or 0)
    stop = threading.Event()

    def request_stop(signum: int, frame: object) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        code = _serve(options, stop)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if code == 0 and not options.json:
        print("Sandbox stopped.")
    return code
