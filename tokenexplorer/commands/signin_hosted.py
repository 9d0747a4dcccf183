"""`tokenexplorer signin --profile P --hosted-ui`: sign in through the hosted UI in the system
browser (authorization code + PKCE, answered on http://localhost:PORT/callback).

The authorize URL is printed alone on one line of stderr when --no-browser is given or no
browser could be opened, so it can be copied (or read by a script); the command then waits
for the browser's answer (Ctrl-C cancels and frees the port). The tokens go to stdout in
the same shape as `signin` prints them.
"""

from __future__ import annotations

import argparse
import sys

from tokenexplorer.commands.output import shown

EXIT_OK = 0
EXIT_FAILED = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("hosted UI (managed login) in the system browser")
    group.add_argument("--hosted-ui", action="store_true",
                       help="sign in through the profile's hosted UI (PKCE, loopback redirect)")
    group.add_argument("--idp", metavar="NAME",
                       help="go straight to this identity provider (Google, SignInWithApple, "
                            "Facebook, LoginWithAmazon, or a SAML/OIDC provider's name)")
    group.add_argument("--port", type=int, metavar="N",
                       help="the callback port (default: the profile's first free one); "
                            "http://localhost:N/callback must be registered on the app client")
    group.add_argument("--no-browser", action="store_true",
                       help="print the URL to open instead of opening a browser")
    group.add_argument("--wait", type=float, default=300.0, metavar="SECONDS",
                       help="how long to wait for the browser (default 300)")


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _open_browser(url: str, no_browser: bool) -> None:
    opened = False
    if not no_browser:
        import webbrowser

        try:
            opened = webbrowser.open(url, new=1)
        except Exception:  # any launcher failure: the URL is printed instead
            opened = False
    if opened:
        _err("Opened the hosted UI in your browser; finish signing in there "
             "(Ctrl-C cancels).")
        return
    if not no_browser:
        _err("Could not open a browser.")
    _err("Open this URL in a browser to sign in (Ctrl-C cancels):")
    _err(url)


def sign_in_hosted(options: argparse.Namespace) -> int:
    from tokenexplorer.cognito.auth import CognitoAuth
    from tokenexplorer.cognito.hosted_ui import HostedSignIn
    from tokenexplorer.cognito.session import Session
    from tokenexplorer.commands.signin import _print_tokens, _remember, client_secret, load_profile

    profile = load_profile(options.profile)
    if options.port is not None and not 1 <= options.port <= 65535:
        _err(f"signin: --port {options.port} is not a port number.")
        return EXIT_FAILED
    secret = client_secret(profile)
    flow = HostedSignIn(profile, client_secret=secret, port=options.port, provider=options.idp,
                        on_refused=lambda why: _err(f"warning: {why}"))
    try:
        url = flow.start()
        _open_browser(url, options.no_browser)
        callback = flow.wait(options.wait)
        result = flow.finish(callback)
    except KeyboardInterrupt:
        flow.cancel()
        _err("signin: cancelled; the callback port is free again.")
        return EXIT_FAILED
    finally:
        flow.close()
    for warning in result.warnings:
        _err(f"warning: {warning}")
    session = Session(CognitoAuth(profile, client_secret=secret, warn=_err), result.tokens,
                      profile_name=profile.name)
    via = f" via {shown(options.idp)}" if options.idp else ""
    _err(f"Signed in to {profile.name!r} through the hosted UI{via} as "
         f"{shown(session.username or '?')}.")
    _print_tokens(result.tokens, options.json)
    if options.remember:
        if result.tokens.refresh_token:
            _remember(session)
        else:
            _err("warning: no refresh token came back, so nothing was remembered.")
    return EXIT_OK


def run_hosted(options: argparse.Namespace) -> int:
    from tokenexplorer.cognito.errors import CognitoError
    from tokenexplorer.cognito.hosted_ui import HostedUIError
    from tokenexplorer.commands.signin import SignInFailed

    try:
        return sign_in_hosted(options)
    except HostedUIError as error:
        code = f" [{error.original_code}]" if error.original_code else ""
        _err(f"signin: {error}{code}")
    except (SignInFailed, CognitoError) as error:
        _err(f"signin: {error}")
    return EXIT_FAILED
