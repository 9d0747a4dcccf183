"""Command-line entry point.

`tokenexplorer` with no command opens the window; `tokenexplorer COMMAND …` runs a
terminal command. Command modules live in `tokenexplorer.commands` and import their
heavy dependencies (Qt, boto3, moto) only inside `run`, so `tokenexplorer decode`
stays fast and never loads PySide6 or boto3.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

from tokenexplorer import APP_NAME, logs, version
from tokenexplorer.cli_guard import bad_input, internal_error, stdout_gone
from tokenexplorer.commands.arguments import InputTooLong, OneLineParser
from tokenexplorer.commands.output import terminal_safe_streams

# command name -> (module in tokenexplorer.commands, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "decode": ("decode", "decode, explain and verify the tokens in TOKEN or stdin"),
    "diff": ("diff", "compare two tokens' header and payload claim by claim"),
    "sandbox": ("sandbox", "run the local Cognito + S3 emulator and save its profile"),
    "signin": ("signin", "sign in to a profile's user pool and print the tokens"),
    "token": ("token", "get a machine-to-machine access token (client credentials)"),
    "signout": ("signout", "revoke the stored session of a profile and forget it"),
    "refresh": ("refresh", "renew the remembered session of a profile and print the tokens"),
    "devices": ("devices", "list or forget the devices a profile's user pool tracks"),
    "profile": ("profile", "add, list, show or remove pool profiles"),
    "credentials": ("credentials", "print temporary AWS credentials from the identity pool"),
}

EXIT_USAGE = 2


class _LazyVersion(argparse.Action):
    """--version looks the version up only when asked (a metadata read costs ~30 ms)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, **kwargs) -> None:
        super().__init__(option_strings, dest=dest, default=argparse.SUPPRESS, nargs=0,
                         help="show the version and exit")

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        print(f"{parser.prog} {version()}")
        parser.exit()


def _zoom_percent(text: str) -> int:
    from tokenexplorer.zoom_steps import MAXIMUM, MINIMUM, parse_percent

    value = parse_percent(text)
    if value is None:
        raise argparse.ArgumentTypeError(f"not a percentage ({MINIMUM}-{MAXIMUM}): {text!r}")
    return value


def _window_size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    if not (width.isdecimal() and height.isdecimal()) or not (
            200 <= int(width) <= 10_000 and 200 <= int(height) <= 10_000):
        raise argparse.ArgumentTypeError(f"not a size like 1024x768: {text!r}")
    return int(width), int(height)


def _gui_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="tokenexplorer",
        description=f"{APP_NAME}: explore AWS Cognito user-pool tokens.",
        epilog="Commands: "
        + "; ".join(f"{name} ({text})" for name, (_, text) in COMMANDS.items())
        + ". Run 'tokenexplorer COMMAND --help' for each.",
    )
    parser.add_argument("--version", action=_LazyVersion)
    parser.add_argument("--token", metavar="TOKEN", help="open the window on this token")
    parser.add_argument(
        "--screenshot", metavar="FILE.png", help="render the window to a PNG and exit"
    )
    parser.add_argument("--zoom", metavar="PCT", type=_zoom_percent,
                        help="zoom the text and icons (80-300 %%), this time only")
    parser.add_argument("--presenter", action="store_true",
                        help="start in presenter mode (large type, high contrast)")
    parser.add_argument("--mask", action="store_true",
                        help="start with personal data masked (View > Mask personal data)")
    parser.add_argument("--size", metavar="WxH", type=_window_size,
                        help="the window's size, e.g. 1024x768 (for --screenshot)")
    parser.add_argument(
        "--sandbox", action="store_true", help="start the embedded emulator and use its profile"
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="start, load the sample token, render, check keyring and resources, exit",
    )
    return parser


def _command_parser(name: str) -> tuple[argparse.ArgumentParser, ModuleType]:
    module_name, text = COMMANDS[name]
    module = importlib.import_module(f"tokenexplorer.commands.{module_name}")
    parser = OneLineParser(prog=f"tokenexplorer {name}", description=text)
    module.add_arguments(parser)
    return parser, module


def _dispatch(args: list[str]) -> int:
    if args and args[0] in COMMANDS:
        parser, module = _command_parser(args[0])
        options = parser.parse_args(args[1:])
        return int(module.run(options) or 0)
    if args and not args[0].startswith("-"):
        print(
            f"tokenexplorer: unknown command {args[0]!r}; commands: {', '.join(COMMANDS)}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    options = _gui_parser().parse_args(args)
    from tokenexplorer.ui.app import run_gui

    return run_gui(options)


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command (or the window); whatever happens, no traceback reaches the user."""
    args = logs.setup_cli(list(sys.argv[1:] if argv is None else argv))  # --debug: log file
    name = args[0] if args and args[0] in COMMANDS else None
    with terminal_safe_streams():
        try:
            return _dispatch(args)
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            return 130
        except BrokenPipeError:
            return stdout_gone()
        except (UnicodeDecodeError, RecursionError, InputTooLong) as exc:
            return bad_input(name, exc)
        except Exception as exc:  # the last resort: a bug, said in one line
            return internal_error(name, exc)


def gui_main() -> int:
    """The gui-scripts entry (no console on Windows): streams first, see windowed.py."""
    from tokenexplorer.windowed import ensure_streams

    ensure_streams()
    return main()
