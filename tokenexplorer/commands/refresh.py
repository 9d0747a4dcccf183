"""`tokenexplorer refresh --profile NAME [--json]`: renew the remembered session.

Uses the refresh token in the keyring (REFRESH_TOKEN_AUTH, or GetTokensFromRefreshToken when
the app client rotates refresh tokens — then the new refresh token replaces the old one in
the keyring before the old is forgotten) and prints the same token line as `signin`.
Messages, including the session's lineage (origin_jti, sign-in time), go to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from typing import Any

from tokenexplorer.commands.output import shown

EXIT_OK = 0
EXIT_FAILED = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from tokenexplorer.commands.signin import add_insecure_http_argument

    parser.add_argument("--profile", required=True, metavar="NAME", help="the profile to use")
    parser.add_argument("--json", action="store_true",
                        help='print {"IdToken", "AccessToken", "RefreshToken", "ExpiresIn"}')
    add_insecure_http_argument(parser)


def _utc(seconds: float) -> str:
    return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def with_session(command: str, options: argparse.Namespace, work: Callable[[Any], None],
                 *, prefix: str | None = None) -> int:
    """Resume the remembered session of `options.profile` and run `work(session)`; every
    failure said in one plain line prefixed with `prefix` (the command), exit status 0 or 1."""
    prefix = prefix or command
    from tokenexplorer import keyring_store
    from tokenexplorer.cognito.errors import CognitoError
    from tokenexplorer.commands.signin import SignInFailed, _err

    try:
        work(resumed_session(options, command))
        return EXIT_OK
    except CognitoError as error:
        _err(f"{prefix}: {error} [{error.original_code}]")
    except SignInFailed as error:
        _err(f"{prefix}: {error}")
    except keyring_store.KeyringUnavailable as error:
        _err(f"{prefix}: the keyring cannot be used: {error.reason}")
    return EXIT_FAILED


def resumed_session(options: argparse.Namespace, command: str) -> Any:
    """The remembered session of `options.profile`, renewed (raises SignInFailed when none)."""
    from tokenexplorer.cognito.auth import CognitoAuth
    from tokenexplorer.cognito.session import Session
    from tokenexplorer.commands.signin import SignInFailed, _err, client_secret, load_profile

    profile = load_profile(options.profile)
    auth = CognitoAuth(profile, client_secret=client_secret(profile), warn=_err,
                       allow_insecure_http=options.allow_insecure_http)
    session = Session.resume(auth, profile.name)
    if session is None:
        raise SignInFailed(f"No session is remembered for profile {profile.name!r}: sign in "
                           f"with 'tokenexplorer signin --profile {profile.name} --remember' "
                           f"before '{command}'.")
    return session


def describe(session: Any) -> list[str]:
    """What the refresh did, in lines for stderr."""
    from tokenexplorer.cognito.rotation import lineage_of

    lineage = lineage_of(session)
    last = lineage.entries[-1]
    lines = [f"Refreshed {session.profile_name!r} as {shown(session.username)} with "
             f"{last.method}; the tokens expire in {int(session.seconds_left() // 60)} min "
             f"({_utc(session.expires_at)})."]
    if lineage.store_problem:
        lines.append(f"warning: {lineage.store_problem}")
    elif last.rotated:
        lines.append("The client rotates refresh tokens: the new refresh token replaced the "
                     "old one in the keyring.")
    if lineage.origin_jti or lineage.auth_time:
        since = _utc(lineage.auth_time) if lineage.auth_time else "an unknown time"
        lines.append(f"Session: signed in at {since}; origin_jti "
                     f"{shown(lineage.origin_jti or '(none)')}, this refresh's jti "
                     f"{shown(last.jti or '(none)')}.")
    return lines


def run(options: argparse.Namespace) -> int:
    from tokenexplorer.commands.signin import _err, _print_tokens

    def show(session: Any) -> None:
        for line in describe(session):
            _err(line)
        _print_tokens(session.tokens, options.json)

    return with_session("refresh", options, show)
