"""`tokenexplorer decode [TOKEN | -]`: find, decode, explain and verify tokens in a terminal.

Exit status: 0 = decoded and nothing failed (a signature not checked and checks that could
not run are not failures), 1 = a verification failed (invalid, unsecured, kid not among the
available keys, a malformed or unsupported alg), a check failed, or a found token would not
decode, 2 = nothing decodable found (or bad options). Imports no Qt and no boto3.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, TextIO

from tokenexplorer.commands.output import Printer

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_NOTHING = 2
MAX_TIMEOUT_S = 600  # a JWKS fetch; more is a mistake (and past threading's limit, a crash)

_STATUS_COLOUR = {"valid": "32", "invalid": "31", "unsecured": "31"}  # others: yellow


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("token", nargs="?", metavar="TOKEN",
                        help="a token, Bearer header, redirect URL or JSON, or a file holding "
                        "one; '-' or absent: read stdin")
    keys = parser.add_mutually_exclusive_group()
    keys.add_argument("--jwks", metavar="FILE|URL",
                      help="verify with this JWKS (a file or an https URL)")
    keys.add_argument("--key", metavar="FILE",
                      help="verify with a PEM key/certificate, a JWK or a JWKS")
    keys.add_argument("--secret", metavar="TEXT",
                      help="verify HS256/384/512 with this secret (visible in the process "
                      "list: prefer --secret-stdin or --secret-env)")
    keys.add_argument("--secret-stdin", action="store_true",
                      help="read the HMAC secret from the first line of stdin (a prompt "
                      "without echo on a terminal); the token then comes as TOKEN or a file")
    keys.add_argument("--secret-env", metavar="VAR",
                      help="read the HMAC secret from the environment variable VAR")
    parser.add_argument("--client-id", metavar="ID", help="the app client the token must be for")
    parser.add_argument("--pool-id", metavar="ID", help="the user pool that must have issued it")
    from tokenexplorer.tokens.times import DEFAULT_LEEWAY_S

    parser.add_argument("--leeway", metavar="SECONDS", type=float, default=DEFAULT_LEEWAY_S,
                        help=f"clock skew allowed for exp/nbf/iat (default {DEFAULT_LEEWAY_S})")
    parser.add_argument("--offline", action="store_true",
                        help="no network at all: use cached JWKS only")
    parser.add_argument("--no-verify", action="store_true", help="decode only, skip the signature")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--mask", action="store_true",
                        help="replace personal data (emails, names, sub, account IDs…) by "
                        "stable pseudonyms, for projecting or sharing")
    parser.add_argument("--endpoint-url", metavar="URL",
                        help="an emulator's URL (moto): fetch the pool's JWKS from there")
    parser.add_argument("--allow-http-jwks", action="store_true",
                        help="allow fetching a JWKS over plain http (local emulators, tests)")
    parser.add_argument("--timeout", metavar="SECONDS", type=float, default=5.0,
                        help="network timeout for fetching a JWKS (default 5)")


class InputError(ValueError):
    """The input cannot be read (a named file missing, …): exit 2 with this message."""


def _looks_like_path(text: str) -> bool:
    """An argument meant as a file: a slash or a .jwt/.txt/.json name, and nothing token-like."""
    if not text or any(c.isspace() for c in text) or "://" in text or "=" in text:
        return False
    if text.startswith(("eyJ", "{", "[", "#", "?")):
        return False
    return "/" in text or text.lower().endswith((".jwt", ".txt", ".json"))


def _read_input(token: str | None) -> str:
    """The argument, the file it names (when it is one and no token), or stdin: at most
    MAX_INPUT_BYTES, however large a file says it is (/dev/zero says 0)."""
    from tokenexplorer.tokens.limits import InputTooLarge, read_bounded

    if token is None or token == "-":
        if sys.stdin.isatty():
            print("Paste the token (or JSON, URL…), then press Ctrl-D:", file=sys.stderr)
        try:
            return read_bounded(sys.stdin.buffer, name="stdin").decode("utf-8", "replace")
        except InputTooLarge as error:
            raise InputError(str(error)) from None
    if len(token) < 4096 and not token.lstrip().startswith(("eyJ", "{", "[")):
        path = os.path.expanduser(token)
        try:
            with open(path, "rb") as handle:
                return read_bounded(handle, name=token).decode("utf-8", errors="replace")
        except InputTooLarge as error:
            raise InputError(str(error)) from None
        except IsADirectoryError:
            raise InputError(f"{token} is a folder, not a file holding a token") from None
        except (FileNotFoundError, NotADirectoryError):
            if _looks_like_path(token):
                raise InputError(f"no such file: {token}") from None
        except PermissionError:
            if _looks_like_path(token):
                raise InputError(f"cannot read {token}: permission denied") from None
        except (OSError, ValueError):
            pass  # not a readable file: it is the text itself
    return token


def _read_secret(args: argparse.Namespace) -> str | None:
    """The HMAC secret from --secret, --secret-env VAR or the first line of stdin."""
    if args.secret is not None:
        return args.secret
    if args.secret_env is not None:
        secret = os.environ.get(args.secret_env)
        if secret is None:
            raise ValueError(f"--secret-env: the environment variable {args.secret_env} is "
                             "not set")
        if not secret:
            raise ValueError(f"--secret-env: the environment variable {args.secret_env} is "
                             "empty")
        return secret
    if not args.secret_stdin:
        return None
    if args.token is None or args.token == "-":
        raise ValueError("--secret-stdin reads the secret from stdin, so the token must come "
                         "as an argument or a file")
    if sys.stdin.isatty():
        import getpass

        secret = getpass.getpass("HMAC secret (not echoed): ")
    else:
        from tokenexplorer.commands.arguments import InputTooLong, read_line

        try:  # bounded: stdin may be /dev/zero; bytes that are not UTF-8 are bad input
            secret = read_line(sys.stdin, "HMAC secret").rstrip("\r\n")
        except InputTooLong as error:
            raise ValueError(f"--secret-stdin: {error}") from None
        if any("\ud800" <= ch <= "\udfff" for ch in secret):
            raise ValueError("--secret-stdin: the first line of stdin is not UTF-8 text")
    if not secret:
        raise ValueError("--secret-stdin: the first line of stdin is empty")
    return secret


def _options(args: argparse.Namespace):
    from tokenexplorer.tokens.keys import (
        HmacSecret,
        JwksFile,
        JwksUrl,
        KeySource,
        key_source_from_text,
    )
    from tokenexplorer.tokens.verify import VerifyOptions

    if args.leeway < 0 or args.leeway != args.leeway:
        raise ValueError("--leeway must be a number of seconds, 0 or more")
    if not 0 < args.timeout <= MAX_TIMEOUT_S:  # NaN and inf fail too
        raise ValueError(f"--timeout must be a number of seconds above 0 and at most "
                         f"{MAX_TIMEOUT_S}")
    endpoint = args.endpoint_url
    if endpoint and endpoint.lower().startswith("http://") and not args.allow_http_jwks:
        raise ValueError(f"--endpoint-url {endpoint}: a plain-http endpoint serves its JWKS "
                         "over http: add --allow-http-jwks (local emulators only)")
    source: KeySource | None = None
    secret = _read_secret(args)
    if args.jwks:
        lowered = args.jwks.lower()
        if lowered.startswith("http://") and not args.allow_http_jwks:
            raise ValueError(f"--jwks {args.jwks}: refusing plain http, https is required "
                             "(--allow-http-jwks allows it for local emulators and tests)")
        if lowered.startswith("https://") or lowered.startswith("http://"):
            source = JwksUrl(args.jwks)
        elif not os.path.exists(os.path.expanduser(args.jwks)):
            raise ValueError(f"--jwks {args.jwks}: no such file")
        elif os.path.isdir(os.path.expanduser(args.jwks)):
            raise ValueError(f"--jwks {args.jwks} is a folder, not a JWKS file")
        else:
            source = JwksFile(os.path.expanduser(args.jwks))
    elif args.key:
        from tokenexplorer.tokens.limits import InputTooLarge, read_key_file

        try:
            source = key_source_from_text(read_key_file(args.key))
        except InputTooLarge as error:
            raise ValueError(f"--key: {error}") from None
        except OSError as error:
            raise ValueError(f"cannot read --key {args.key}: {error.strerror or error}") from None
        except UnicodeDecodeError:
            raise ValueError(f"--key {args.key} is not a text file (PEM or JSON)") from None
    elif secret is not None:
        source = HmacSecret(secret)
    return VerifyOptions(
        leeway=args.leeway, client_id=args.client_id, pool_id=args.pool_id,
        offline=args.offline, check_signature=not args.no_verify, key_source=source,
        endpoint_url=args.endpoint_url, allow_http_jwks=args.allow_http_jwks,
        allow_remote_http_jwks=args.allow_http_jwks,  # the user's explicit flag
        timeout=args.timeout,
    )


def exit_status(analysis) -> int:
    from tokenexplorer.tokens.verify import failed

    if not analysis.reports:
        return EXIT_NOTHING
    if analysis.errors or any(failed(report) for report in analysis.reports):
        return EXIT_FAILED
    return EXIT_OK


def to_json(analysis) -> dict[str, Any]:
    """{"tokens": [report…], "errors": [{"source","segment","problem"}], "notices", "problem"}."""
    from tokenexplorer.tokens.analyse import report_to_json

    return {
        "tokens": [report_to_json(report) for report in analysis.reports],
        "errors": [{"source": c.source, "segment": e.segment, "problem": e.problem}
                   for c, e in analysis.errors],
        "notices": analysis.notices,
        "problem": analysis.find.problem,
    }


class _Printer(Printer):

    def tree(self, nodes, indent: int) -> None:
        pad = "  " * indent
        for node in nodes:
            name = node.name
            if node.flag == "error":
                name = self.paint(name, "31")
            elif node.flag == "warning":
                name = self.paint(name, "33")
            self.line(f"{pad}{name}: {node.value}" if node.value else f"{pad}{name}")
            if node.meaning:
                self.line(f"{pad}    {self.paint(node.meaning, '2')}")
            self.tree(node.children, indent + 1)

    def report(self, number: int, total: int, report) -> None:
        from tokenexplorer.tokens.explain import build_tree

        token = report.token
        heading = f"{token.kind.label} (from {token.source})"
        self.line(self.paint(f"[{number}/{total}] {heading}" if total > 1 else heading, "1"))
        status = report.signature.status.value
        self.line(f"Signature: {self.paint(status.upper(), _STATUS_COLOUR.get(status, '33'))}"
                  f" — {report.signature.reason}")
        if report.signature.key_source:
            self.line(f"  keys: {report.signature.key_source}")
        if report.signature.reason.endswith("choose HMAC secret as the key source"):
            self.line("  (here: --secret-stdin, --secret-env VAR or --secret TEXT)")
        if report.checks:
            self.line("Checks:")
            width = max(len(check.name) for check in report.checks)
            for check in report.checks:
                mark = {True: self.paint("✓", "32"), False: self.paint("✗", "31"),
                        None: self.paint("·", "33")}[check.ok]
                self.line(f"  {mark} {check.name.ljust(width)}  {check.detail}")
        for warning in report.warnings:
            self.line(self.paint(f"Warning: {warning}", "33"))
        self.tree(build_tree(token), 0)


def _print_human(analysis, stream: TextIO, errors: TextIO) -> None:
    printer = _Printer(stream)
    for notice in analysis.notices:
        printer.line(printer.paint(f"Note: {notice}", "33"))
    total = len(analysis.reports) + len(analysis.errors)
    for number, report in enumerate(analysis.reports, start=1):
        if number > 1:
            printer.line()
        printer.report(number, total, report)
    for candidate, error in analysis.errors:
        errors.write(f"tokenexplorer decode: cannot decode the token from {candidate.source}: "
                     f"{error}\n")
    if analysis.find.problem:
        errors.write(f"tokenexplorer decode: {analysis.find.problem}\n")


def run(args: argparse.Namespace) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        options = _options(args)
    except ValueError as error:
        print(f"tokenexplorer decode: {error}", file=sys.stderr)
        return EXIT_NOTHING
    try:
        text = _read_input(args.token)
    except InputError as error:
        print(f"tokenexplorer decode: {error}", file=sys.stderr)
        return EXIT_NOTHING
    from tokenexplorer.tokens.analyse import analyse_text

    analysis = analyse_text(text, options)
    if args.mask:  # after verifying: the real token is checked, a masked copy is shown
        from tokenexplorer.tokens.mask_report import mask_analysis

        analysis = mask_analysis(analysis)
    try:
        if args.json:
            json.dump(to_json(analysis), sys.stdout, indent=2)
            sys.stdout.write("\n")
            if analysis.find.problem and not analysis.reports:  # exit 2 says why, as without
                sys.stderr.write(f"tokenexplorer decode: {analysis.find.problem}\n")  # --json
        else:
            _print_human(analysis, sys.stdout, sys.stderr)
        sys.stdout.flush()
    except BrokenPipeError:  # `| head`: the reader has gone, nothing left to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return exit_status(analysis)
