"""`tokenexplorer signin --profile NAME`: sign in to a profile's user pool, print the tokens.

The password is read without echo, or — when stdin is not a terminal — from the first line
of stdin; challenge answers (codes, a new password) are asked the same way (the next lines
of stdin). Prompts and messages go to stderr, the tokens to stdout.

--remember stores the refresh token in the OS keyring. When no secure keyring is usable the
sign-in still succeeds (exit 0: the tokens are printed) with a warning on stderr saying why
nothing was remembered; nothing is written anywhere else.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from tokenexplorer.commands import signin_hosted, signin_user_auth
from tokenexplorer.commands.arguments import read_line
from tokenexplorer.commands.output import shown

EXIT_OK = 0
EXIT_FAILED = 1
MAX_STEPS = 12  # a sign-in needs at most a handful of challenges; stop a looping server


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", required=True, metavar="NAME", help="the profile to use")
    parser.add_argument("--username", metavar="U", help="asked for when not given")
    parser.add_argument("--flow", choices=("srp", "password", "user-auth"), default="srp",
                        help="USER_SRP_AUTH (default), USER_PASSWORD_AUTH or USER_AUTH "
                             "(choice-based: password, SRP or a code)")
    signin_user_auth.add_arguments(parser)
    signin_hosted.add_arguments(parser)
    parser.add_argument("--remember", action="store_true",
                        help="store the refresh token in the OS keyring")
    parser.add_argument("--json", action="store_true",
                        help='print {"IdToken", "AccessToken", "RefreshToken", "ExpiresIn"}')
    add_insecure_http_argument(parser)


def add_insecure_http_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--allow-insecure-http", action="store_true",
        help="send the password, client secret or refresh token even though the profile's "
             "endpoint is plain http on another machine (unencrypted; warned at every call)",
    )


class SignInFailed(Exception):
    """Stop with this one-line message (exit 1)."""


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Prompter:
    """Answers from the terminal (secrets without echo) or, piped, from stdin's lines."""

    def __init__(self) -> None:
        self.interactive = sys.stdin.isatty()

    def ask(self, label: str, *, secret: bool = False) -> str:
        try:
            if self.interactive and secret:
                import getpass

                return getpass.getpass(f"{label}: ")
            if self.interactive:
                print(f"{label}: ", end="", file=sys.stderr, flush=True)
            line = read_line(sys.stdin, label.lower())
        except EOFError:
            line = ""
        if not line:
            where = "the input" if self.interactive else "stdin"
            raise SignInFailed(f"{where} ended before the {label.lower()} was given.")
        return line.rstrip("\r\n")


def load_profile(name: str) -> Any:
    from tokenexplorer.cognito.profiles import ProfileStore

    store = ProfileStore()
    store.load()
    if store.load_problem:
        _err(f"warning: {store.load_problem}")
    profile = store.get(name)
    if profile is None:
        known = ", ".join(store.names()) or "none yet"
        raise SignInFailed(f"There is no profile named {name!r} (profiles: {known}).")
    return profile


def client_secret(profile: Any) -> str | None:
    from tokenexplorer import keyring_store
    from tokenexplorer.cognito.profiles import bound_elsewhere, client_secret_for

    if not profile.has_client_secret:
        return None
    secret = client_secret_for(profile)
    if secret:
        return secret
    elsewhere = bound_elsewhere(profile)
    if elsewhere:
        raise SignInFailed(
            f"{elsewhere} Store this client's secret with 'tokenexplorer profile add --name "
            f"{profile.name} --replace --client-secret-prompt …'.")
    status = keyring_store.keyring_status()
    why = status.reason if not status.usable else "it is not in the keyring"
    raise SignInFailed(
        f"Profile {profile.name!r} has an app client secret, but it is not available ({why}). "
        f"Store it with 'tokenexplorer profile add --name {profile.name} --replace "
        "--client-secret-prompt …'."
    )


def _start(signer: Any, flow: str, username: str, password: str) -> Any:
    """InitiateAuth of a classic flow, with the remembered device's key (SignInFlow)."""
    if flow == "srp":
        return signer.start_srp(username, password)
    return signer.start_password(username, password)


def _answer(auth: Any, signer: Any, step: Any, prompter: Prompter, username: str,
            password: str, flow: str) -> Any:
    """One step further: the next Step after answering `step` (proofs of the password and
    of a remembered device included, through `signer`, a SignInFlow)."""
    from tokenexplorer.cognito.auth import ChallengeKind, ConfirmationNeeded
    from tokenexplorer.cognito.sandbox import is_emulator

    no_code = (" (A local emulator sends no mail: 'tokenexplorer sandbox inbox' shows the "
               "code.)") if is_emulator(
        auth.profile) else ""
    if isinstance(step, ConfirmationNeeded):
        sent = "" if no_code else " that was sent to you"
        _err(f"This account is not confirmed yet: enter the code{sent}.{no_code}")
        code = prompter.ask("Confirmation code").strip()
        if not code:
            raise SignInFailed("No confirmation code was given; the account stays unconfirmed.")
        auth.confirm_sign_up(step.username, code)
        return _start(signer, flow, username, password)
    if step.automatic:
        return signer.respond(step, {})
    if step.name is ChallengeKind.MFA_SETUP:
        if ChallengeKind.SOFTWARE_TOKEN_MFA not in step.mfa_can_setup:
            raise SignInFailed(
                "The pool wants an MFA method set up that this command cannot set up "
                f"({', '.join(step.mfa_can_setup) or 'none offered'}); use the window."
            )
        secret, uri = auth.associate_software_token(step)
        _err("Set up an authenticator app (MFA). Add this secret to the app, or turn this URI "
             f"into a QR code:\n  secret: {shown(secret)}\n  {shown(uri, None)}")
        code = prompter.ask("Code shown by the authenticator app").strip()
        return auth.verify_software_token(step, code, "Token Explorer CLI")
    if no_code and step.name.sends_code:
        _err(f"{step.name}:{no_code}")
    answers = {}
    for field in step.required_fields:
        label = field.label
        if field.choices:
            label += f" ({' / '.join(field.choices)})"
        value = prompter.ask(label, secret=field.secret)
        answers[field.name] = value if field.secret else value.strip()
    return signer.respond(step, answers)


def _print_tokens(tokens: Any, as_json: bool) -> None:
    if as_json:
        print(json.dumps(tokens.as_json()))
        return
    for key, value in tokens.as_json().items():
        print(f"{key:<13}{shown(value, None) if value is not None else '(none)'}")


def _remember(session: Any) -> None:
    from tokenexplorer import keyring_store

    try:
        session.remember()
    except keyring_store.KeyringUnavailable as exc:
        _err(f"warning: signed in, but the session was NOT remembered: "
             f"{exc.reason.rstrip('.')}. Nothing was written anywhere else.")
        return
    _err(f"Remembered: the refresh token of {shown(session.username)} is in the OS keyring "
         f"({keyring_store.keyring_status().backend}).")


def _sign_in(options: argparse.Namespace) -> int:
    import datetime as dt

    from tokenexplorer.cognito.auth import CognitoAuth, Tokens
    from tokenexplorer.cognito.session import Session
    from tokenexplorer.cognito.user_auth import SignInFlow

    if options.flow == "user-auth":
        return signin_user_auth.sign_in_user_auth(options)
    profile = load_profile(options.profile)
    secret = client_secret(profile)
    prompter = Prompter()
    username = options.username
    if not username:
        if not prompter.interactive:
            raise SignInFailed("Give --username when the password comes from stdin.")
        username = prompter.ask("Username").strip()
    password = prompter.ask(f"Password for {shown(username)}", secret=True)
    if not password:
        raise SignInFailed("No password was given.")

    auth = CognitoAuth(profile, client_secret=secret, warn=_err,
                       allow_insecure_http=getattr(options, "allow_insecure_http", False))
    signer = SignInFlow(auth, device=signin_user_auth._stored_device(profile, username))
    step = _start(signer, options.flow, username, password)
    for _ in range(MAX_STEPS):
        if isinstance(step, Tokens):
            break
        step = _answer(auth, signer, step, prompter, username, password, options.flow)
    else:
        raise SignInFailed("The server kept asking for more steps; giving up.")

    session = Session(auth, step, profile_name=profile.name)
    until = dt.datetime.fromtimestamp(session.expires_at, dt.UTC).strftime("%H:%M:%S UTC")
    who = shown(session.username or username)
    _err(f"Signed in to {profile.name!r} as {who}; the tokens expire "
         f"in {int(session.seconds_left() // 60)} min ({until}).")
    if profile.is_sandbox:
        _err("note: this is a local emulator, not AWS: never trust its tokens.")
    elif profile.endpoint_url:
        _err(f"note: these tokens come from the endpoint override {profile.endpoint_url}.")
    _print_tokens(step, options.json)
    if options.remember:
        _remember(session)
        signin_user_auth._keep_device(signer, auth, session, options)
    return EXIT_OK


def run(options: argparse.Namespace) -> int:
    from tokenexplorer.cognito.errors import CognitoError

    if options.hosted_ui:
        return signin_hosted.run_hosted(options)
    try:
        return _sign_in(options)
    except CognitoError as error:
        _err(f"signin: {error} [{error.original_code}]")
    except SignInFailed as error:
        _err(f"signin: {error}")
    except OSError as error:  # stdin/terminal trouble
        _err(f"signin: could not read the input ({error.strerror or type(error).__name__}).")
    return EXIT_FAILED
