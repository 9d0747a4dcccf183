"""`tokenexplorer signout --profile NAME`: revoke the remembered session and forget it.

RevokeToken on the refresh token stored in the keyring; when the server lacks RevokeToken
(moto answers HTTP 500), a refresh gives an access token for GlobalSignOut instead. The
output says which happened. The keyring entry is deleted afterwards; if the server could
not be reached it is kept, so the sign-out can be retried.
"""

from __future__ import annotations

import argparse
import sys

EXIT_OK = 0
EXIT_FAILED = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", required=True, metavar="NAME", help="the profile to use")


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(options: argparse.Namespace) -> int:
    from tokenexplorer import keyring_store
    from tokenexplorer.cognito.auth import CognitoAuth
    from tokenexplorer.cognito.errors import CognitoError
    from tokenexplorer.cognito.session import sign_out_stored
    from tokenexplorer.commands.signin import SignInFailed, client_secret, load_profile

    try:
        profile = load_profile(options.profile)
        auth = CognitoAuth(profile, client_secret=client_secret(profile))
        result = sign_out_stored(auth, profile.name)
    except keyring_store.KeyringUnavailable as exc:
        _err(f"signout: the remembered session cannot be read: {exc.reason}")
        return EXIT_FAILED
    except CognitoError as error:
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
