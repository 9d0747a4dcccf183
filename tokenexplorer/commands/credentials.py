"""`tokenexplorer credentials --profile NAME [--guest] [--format env|json|process]`.

Prints temporary AWS credentials from the profile's identity pool so the AWS CLI and SDKs
can use them. Authenticated credentials need a session remembered in the keyring
(`tokenexplorer signin --profile NAME --remember`): its refresh token gives a fresh ID
token (REFRESH_TOKEN_AUTH), which the identity pool exchanges for credentials. With
`--format process` it is an AWS CLI `credential_process`:

    [profile cognito]
    credential_process = tokenexplorer credentials --profile NAME --format process
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

EXIT_OK = 0
EXIT_FAILED = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", required=True, metavar="NAME", help="the saved profile")
    parser.add_argument(
        "--guest",
        action="store_true",
        help="unauthenticated (guest) credentials; needs no sign-in",
    )
    parser.add_argument(
        "--format",
        choices=("env", "json", "process"),
        default="env",
        help="env: shell export lines (default); json: IdentityId, AccessKeyId, "
        "SecretAccessKey, SessionToken, Expiration; process: the AWS CLI credential_process "
        "document (Version 1)",
    )
    from tokenexplorer.commands.signin import add_insecure_http_argument

    add_insecure_http_argument(parser)


def _fail(message: str) -> int:
    print(f"tokenexplorer credentials: {message}", file=sys.stderr)
    return EXIT_FAILED


def _signin_hint(name: str) -> str:
    return (
        f"Sign in and remember the session first:\n"
        f"    tokenexplorer signin --profile {name} --remember\n"
        f"or ask for guest credentials with --guest."
    )


def _id_token(profile: Any, allow_insecure_http: bool = False) -> str | int:
    """A fresh ID token from the keyring-stored session, or an exit code after a message."""
    from tokenexplorer import keyring_store
    from tokenexplorer.cognito.auth import CognitoAuth
    from tokenexplorer.cognito.errors import CognitoError
    from tokenexplorer.cognito.session import load_bound_session
    from tokenexplorer.commands.signin import SignInFailed, client_secret

    try:
        stored = load_bound_session(profile)
        secret = client_secret(profile) if stored is not None else None
    except CognitoError as exc:  # BoundElsewhere: nothing was sent to the new server
        return _fail(f"{exc}\n{_signin_hint(profile.name)}")
    except SignInFailed as exc:
        return _fail(str(exc))
    except keyring_store.KeyringUnavailable as exc:
        # Without a keyring no session can be stored either, so "signin --remember" would
        # not help: only guest credentials work here.
        return _fail(
            f"authenticated credentials need a session stored in the keyring, and no "
            f"keyring is usable here.\n{exc.reason}\n"
            f"Without a keyring only guest credentials work:\n"
            f"    tokenexplorer credentials --profile {profile.name} --guest"
        )
    if stored is None:
        return _fail(f"profile {profile.name!r} has no stored session.\n"
                     f"{_signin_hint(profile.name)}")
    auth = CognitoAuth(profile, client_secret=secret, allow_insecure_http=allow_insecure_http,
                       warn=lambda text: print(text, file=sys.stderr, flush=True))
    try:
        tokens = auth.refresh(stored.username, stored.token)
    except CognitoError as exc:
        return _fail(
            f"the stored session of {stored.username!r} could not be refreshed: {exc}\n"
            f"{_signin_hint(profile.name)}"
        )
    return tokens.id_token


def run(options: argparse.Namespace) -> int:
    from tokenexplorer.aws import credentials as creds
    from tokenexplorer.cognito.profiles import ProfileStore

    store = ProfileStore()
    profile = store.get(options.profile)
    if profile is None:
        names = ", ".join(store.names()) or "none saved yet"
        return _fail(f"there is no profile named {options.profile!r} (profiles: {names}).")
    if store.load_problem:
        print(f"tokenexplorer credentials: note: {store.load_problem}", file=sys.stderr)
    if not profile.identity_pool_id:
        return _fail(
            f"profile {profile.name!r} has no identity pool ID; add one with "
            f"'tokenexplorer profile add --name {profile.name} --replace … "
            "--identity-pool-id REGION:UUID'."
        )
    try:
        if options.guest:
            got = creds.get_guest_credentials(profile)
        else:
            token = _id_token(profile, getattr(options, "allow_insecure_http", False))
            if isinstance(token, int):
                return token
            got = creds.get_authenticated_credentials(profile, token)
    except creds.CredentialsError as exc:
        detail = f" [{exc.original_code}]" if exc.original_code else ""
        return _fail(f"{exc.message}{detail}")

    return _write(options.format, got, profile.endpoint_url)


def _write(form: str, got: Any, endpoint_url: str | None) -> int:
    """The credentials in the chosen format, all of it or nothing (a refused value)."""
    from tokenexplorer.aws import export
    from tokenexplorer.commands.output import machine

    try:
        if form == "env":
            text = export.as_env(got, endpoint_url)
        elif form == "json":
            text = export.dumps(export.as_json(got))
        else:
            text = export.dumps(export.as_process_json(got), indent=None)
        machine(text)
    except export.ExportError as exc:
        return _fail(f"the credentials cannot be written as {form}: {exc}.")
    except UnicodeEncodeError:
        return _fail(f"the output's encoding ({sys.stdout.encoding}) cannot carry the {form} "
                     "text; run with PYTHONIOENCODING=utf-8.")
    return EXIT_OK
