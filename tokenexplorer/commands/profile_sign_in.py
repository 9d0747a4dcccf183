"""`tokenexplorer profile add|edit --rotate-refresh-tokens --preferred-challenge`: the two
sign-in settings of a profile (refresh-token rotation, the USER_AUTH first factor).

`add` takes them with the rest; `edit NAME` changes only them (no server change, so no
secret is orphaned). Not given on a replace: the profile keeps what it had.
"""

from __future__ import annotations

import argparse
from typing import Any


def sign_in_arguments(parser: argparse.ArgumentParser) -> None:
    from tokenexplorer.commands.signin_user_auth import CHALLENGES

    parser.add_argument(
        "--rotate-refresh-tokens", action=argparse.BooleanOptionalAction, default=None,
        help="the app client rotates refresh tokens: refresh with GetTokensFromRefreshToken "
             "(otherwise detected when REFRESH_TOKEN_AUTH is refused)")
    parser.add_argument(
        "--preferred-challenge", type=str.upper, choices=(*CHALLENGES, "NONE"),
        help="the first factor choice-based sign-in (USER_AUTH) asks for; NONE: let "
             "Cognito offer its choices")


def apply_sign_in(profile: Any, options: argparse.Namespace, existing: Any) -> None:
    """--rotate-refresh-tokens / --preferred-challenge, else what `existing` had."""
    rotate = options.rotate_refresh_tokens
    if rotate is None and existing is not None:
        rotate = existing.rotate_refresh_tokens
    profile.rotate_refresh_tokens = bool(rotate)
    preferred = options.preferred_challenge
    if preferred is None:
        preferred = existing.preferred_challenge if existing is not None else None
    profile.preferred_challenge = None if preferred in (None, "NONE") else preferred


def edit_sign_in(options: argparse.Namespace) -> int:
    import dataclasses

    from tokenexplorer.commands.profile import EXIT_FAILED, EXIT_INVALID, EXIT_OK, _err, _store

    store = _store()
    existing = store.get(options.name)
    if existing is None:
        _err(f"No profile named {options.name!r}.")
        return EXIT_FAILED
    if options.rotate_refresh_tokens is None and options.preferred_challenge is None:
        _err("Nothing to change: give --rotate-refresh-tokens / --no-rotate-refresh-tokens "
             "or --preferred-challenge.")
        return EXIT_INVALID
    profile = dataclasses.replace(existing)
    apply_sign_in(profile, options, existing)
    try:
        store.put(profile)
    except OSError as exc:
        _err(f"The profile could not be saved in {store.path}: {exc.strerror or exc}")
        return EXIT_FAILED
    print(f"changed profile {profile.name!r}: refresh tokens "
          f"{'rotate' if profile.rotate_refresh_tokens else 'do not rotate'}, preferred "
          f"first factor {profile.preferred_challenge or 'none (Cognito offers a choice)'}")
    return EXIT_OK
