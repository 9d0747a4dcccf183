"""`tokenexplorer signout --profile NAME`: revoke the remembered session and forget it.

RevokeToken on the refresh token stored in the keyring. When the server lacks RevokeToken
(moto does; a real client may have revocation off), only GlobalSignOut is left, which ends
every session of the user on every device: it happens only with `--global` (else the
command explains and exits 1). The output says which happened. The keyring entry is
deleted afterwards; if the server could not be reached it is kept, so the sign-out can be
retried.
"""

from __future__ import annotations

import argparse
import sys

EXIT_OK = 0
EXIT_FAILED = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", required=True, metavar="NAME", help="the profile to use")
    parser.add_argument(
        "--global", dest="allow_global", action="store_true",
        help="if the server cannot revoke this session alone, use GlobalSignOut: it ends ALL "
             "of the user's sessions on every device",
    )
    parser.add_argument(
        "--forget-only", action="store_true",
        help="forget the remembered session here without contacting any server (e.g. one "
             "that belongs to an endpoint or client the profile no longer points at)",
    )
    from tokenexplorer.commands.signin import add_insecure_http_argument

    add_insecure_http_argument(parser)


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(options: argparse.Namespace) -> int:
    from tokenexplorer import keyring_store
    from tokenexplorer.cognito.auth import CognitoAuth
    from tokenexplorer.cognito.errors import CognitoError
    from tokenexplorer.cognito.session import load_bound_session, sign_out_stored
    from tokenexplorer.commands.signin import SignInFailed, client_secret, load_profile

    try:
        profile = load_profile(options.profile)
        if getattr(options, "forget_only", False):
            from tokenexplorer.cognito.session import forget_stored_session

            print(forget_stored_session(profile.name, None) + " No server was contacted.")
            return EXIT_OK
        load_bound_session(profile)  # a session of another server: say so before anything
        auth = CognitoAuth(profile, client_secret=client_secret(profile), warn=_err,
                           allow_insecure_http=getattr(options, "allow_insecure_http", False))
        result = sign_out_stored(auth, profile.name,
                                 allow_global=getattr(options, "allow_global", False))
    except keyring_store.KeyringUnavailable as exc:
        _err(f"signout: the remembered session cannot be read: {exc.reason}")
        return EXIT_FAILED
    except CognitoError as error:
        if error.code == "NeedsGlobalSignOut":
            from tokenexplorer.cognito.sandbox import is_emulator

            emulator = " (the local emulator has no RevokeToken)" if is_emulator(profile) else ""
            _err(f"signout: {error}{emulator} Nothing was changed and the session is still "
                 "remembered. Run again with --global to sign out everywhere.")
            return EXIT_FAILED
        if error.code in ("BoundElsewhere", "InsecureTransport"):
            extra = "" if error.code == "InsecureTransport" else (
                " It can only be revoked by the server it came from: point the profile back "
                "there, or forget it here without revoking it: "
                f"tokenexplorer signout --profile {profile.name} --forget-only")
            _err(f"signout: {error}{extra}")
            return EXIT_FAILED
        _err(f"signout: {error} [{error.original_code}] The session is still remembered; "
             "try again.")
        return EXIT_FAILED
    except SignInFailed as error:
        _err(f"signout: {error}")
        return EXIT_FAILED
    if result is None:
        print(f"No session is remembered for profile {profile.name!r}: nothing to sign out.")
        return EXIT_OK
    print(f"[{result.method}] {result.describe()}")
    return EXIT_OK
