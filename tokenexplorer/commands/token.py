"""`tokenexplorer token --profile P --client-credentials [--scope S …]`: a machine-to-machine
access token from the hosted UI's token endpoint, with the app client's secret (from the
keyring) as HTTP Basic. `--json` prints {"AccessToken", "ExpiresIn", "TokenType"}.
"""

from __future__ import annotations

import argparse
import json
import sys

from tokenexplorer.commands.output import shown

EXIT_OK = 0
EXIT_FAILED = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", required=True, metavar="NAME",
                        help="a profile of a confidential app client (with a secret)")
    parser.add_argument("--client-credentials", action="store_true", required=True,
                        help="the OAuth client-credentials grant (machine to machine)")
    parser.add_argument("--scope", action="append", default=[], metavar="S",
                        help="a scope to ask for, e.g. sandbox-api/read (repeatable; default: "
                             "every scope the client allows)")
    parser.add_argument("--json", action="store_true",
                        help='print {"AccessToken", "ExpiresIn", "TokenType"}')


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _token(options: argparse.Namespace) -> int:
    from tokenexplorer.cognito.hosted_ui import OAuthClient
    from tokenexplorer.cognito.profile_oauth import scopes_from, split_words
    from tokenexplorer.commands.signin import client_secret, load_profile

    profile = load_profile(options.profile)
    scopes = scopes_from(word for value in options.scope for word in split_words(value))
    secret = client_secret(profile)
    token = OAuthClient(profile, client_secret=secret).client_credentials(scopes)
    _err(f"Got a machine-to-machine access token for app client {shown(profile.client_id)}; "
         f"it expires in {token.expires_in // 60} min.")
    if options.json:
        print(json.dumps(token.as_json()))
    else:
        for key, value in token.as_json().items():
            print(f"{key:<13}{shown(str(value), None)}")
    return EXIT_OK


def run(options: argparse.Namespace) -> int:
    from tokenexplorer.cognito.hosted_ui import HostedUIError
    from tokenexplorer.cognito.profile_oauth import OAuthFieldError
    from tokenexplorer.commands.signin import SignInFailed

    try:
        return _token(options)
    except HostedUIError as error:
        code = f" [{error.original_code}]" if error.original_code else ""
        _err(f"token: {error}{code}")
    except (SignInFailed, OAuthFieldError) as error:
        _err(f"token: {error}")
    return EXIT_FAILED
