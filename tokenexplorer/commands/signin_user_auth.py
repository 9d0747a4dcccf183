"""`tokenexplorer signin --flow user-auth [--challenge …]`: choice-based sign-in.

Called by `signin` for that flow; answers come from the terminal or stdin's lines exactly as
there. Without --challenge (and no preferred first factor in the profile) Cognito's choices
are listed and one is read. The password is asked only for PASSWORD and PASSWORD_SRP.
With --remember, a device the pool starts tracking is confirmed and its secrets kept in the
keyring with the session; --remember-device also marks it "remembered" (it may then skip
MFA). A device kept here proves itself on later sign-ins (DEVICE_SRP_AUTH); if the pool
refuses its proof, its keys are forgotten here and the user is told to sign in again.
"""

from __future__ import annotations

import argparse
from typing import Any

from tokenexplorer.commands.output import shown

CHALLENGES = ("PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--challenge", choices=CHALLENGES, type=str.upper,
                        help="with --flow user-auth: the first factor to ask for")
    parser.add_argument("--remember-device", action="store_true",
                        help="with --flow user-auth --remember: mark this device remembered "
                             "(UpdateDeviceStatus), so it may skip MFA")


def _stored_device(profile: Any, username: str) -> Any:
    from tokenexplorer import keyring_store
    from tokenexplorer.cognito import device_store
    from tokenexplorer.cognito.binding import target_of

    try:
        return device_store.load_device(profile.name, username, target=target_of(profile))
    except keyring_store.KeyringUnavailable:
        return None


def _choose(flow: Any, step: Any, prompter: Any, username: str) -> Any:
    from tokenexplorer.commands.signin import SignInFailed, _err

    (choice,) = step.required_fields
    if not choice.choices:
        raise SignInFailed(f"{step.note} None of them can be used here.")
    _err(f"{step.note} Answer with one of: {', '.join(choice.choices)}.")
    answer = prompter.ask(f"Sign-in method ({' / '.join(choice.choices)})").strip().upper()
    password = None
    if answer in ("PASSWORD", "PASSWORD_SRP"):
        password = prompter.ask(f"Password for {shown(username)}", secret=True)
    return flow.choose(step, answer, password=password)


def _next(flow: Any, auth: Any, step: Any, prompter: Any, username: str) -> Any:
    """One step further: the next Step after answering `step`."""
    from tokenexplorer.commands.signin import SignInFailed, _err

    if step.name == "SELECT_CHALLENGE":
        return _choose(flow, step, prompter, username)
    if step.name == "WEB_AUTHN":
        raise SignInFailed(step.note)
    if step.automatic:
        return flow.respond(step, {})
    if step.name == "MFA_SETUP":
        secret, uri = auth.associate_software_token(step)
        _err("Set up an authenticator app (MFA). Add this secret to the app, or turn this URI "
             f"into a QR code:\n  secret: {shown(secret)}\n  {shown(uri, None)}")
        code = prompter.ask("Code shown by the authenticator app").strip()
        return auth.verify_software_token(step, code, "Token Explorer CLI")
    answers = {}
    for field in step.required_fields:
        label = field.label + (f" ({' / '.join(field.choices)})" if field.choices else "")
        value = prompter.ask(label, secret=field.secret)
        answers[field.name] = value if field.secret else value.strip()
    return flow.respond(step, answers)


def _steps(flow: Any, auth: Any, step: Any, prompter: Any, username: str) -> Any:
    """Answer steps until Cognito hands out tokens (at most MAX_STEPS)."""
    from tokenexplorer.cognito.auth import ConfirmationNeeded, Tokens
    from tokenexplorer.commands.signin import MAX_STEPS, SignInFailed

    for _ in range(MAX_STEPS):
        if isinstance(step, Tokens):
            return step
        if isinstance(step, ConfirmationNeeded):
            raise SignInFailed("This account is not confirmed yet: confirm it with "
                               "'tokenexplorer signin --flow srp' first.")
        step = _next(flow, auth, step, prompter, username)
    raise SignInFailed("The server kept asking for more steps; giving up.")


def _keep_device(flow: Any, auth: Any, session: Any, options: argparse.Namespace) -> None:
    """Confirm a new device (and remember it) or mark a known one remembered; keep it."""
    from tokenexplorer import keyring_store
    from tokenexplorer.cognito import device_store, devices
    from tokenexplorer.cognito.binding import target_of
    from tokenexplorer.commands.signin import _err

    tokens = session.tokens
    device = flow.device
    if flow.new_device is not None:
        device, _ = devices.confirm_device(auth, tokens.access_token, flow.new_device)
        _err(f"This device is now known to the pool (device key {shown(device.device_key)}).")
    if device is None:
        return
    if options.remember_device and not device.remembered:
        devices.set_remembered(auth, tokens.access_token, device.device_key, True)
        device = device_store.DeviceCredentials(device.device_key, device.group_key,
                                                device.password, True, device.name)
    try:
        device_store.save_device(session.profile_name, session.username, device,
                                 target=target_of(auth.profile))
    except keyring_store.KeyringUnavailable as exc:
        _err(f"warning: the device's key could not be kept: {exc.reason}")
        return
    _err("The device is remembered: later sign-ins prove it instead of asking for MFA."
         if device.remembered else "The device is kept, but not remembered (use "
         "--remember-device to let it skip MFA).")


def sign_in_user_auth(options: argparse.Namespace) -> int:
    """The whole choice-based sign-in of the CLI; errors are raised for `signin.run`."""
    import datetime as dt

    from tokenexplorer.cognito import device_store
    from tokenexplorer.cognito.auth import CognitoAuth
    from tokenexplorer.cognito.errors import CognitoError
    from tokenexplorer.cognito.session import Session
    from tokenexplorer.cognito.user_auth import SignInFlow
    from tokenexplorer.commands import signin as base

    profile = base.load_profile(options.profile)
    secret = base.client_secret(profile)
    prompter = base.Prompter()
    username = options.username
    if not username:
        if not prompter.interactive:
            raise base.SignInFailed("Give --username when the answers come from stdin.")
        username = prompter.ask("Username").strip()
    auth = CognitoAuth(profile, client_secret=secret, warn=base._err,
                       allow_insecure_http=options.allow_insecure_http)
    flow = SignInFlow(auth, device=_stored_device(profile, username))
    preferred = options.challenge or profile.preferred_challenge or None
    password = prompter.ask(f"Password for {shown(username)}", secret=True) if preferred in (
        "PASSWORD", "PASSWORD_SRP") else None
    try:
        step = _steps(flow, auth, flow.start(username, preferred=preferred, password=password),
                      prompter, username)
    except CognitoError as error:
        if error.code != "DeviceRefused":
            raise
        device_store.forget_device_entry(profile.name, username)
        raise base.SignInFailed(f"{error} Its stored keys were forgotten here: sign in "
                                "again to register this device anew.") from None
    session = Session(auth, step, profile_name=profile.name)
    until = dt.datetime.fromtimestamp(session.expires_at, dt.UTC).strftime("%H:%M:%S UTC")
    base._err(f"Signed in to {profile.name!r} as {shown(session.username or username)}; the "
              f"tokens expire in {int(session.seconds_left() // 60)} min ({until}).")
    base._print_tokens(step, options.json)
    if options.remember:
        base._remember(session)
        _keep_device(flow, auth, session, options)
    return base.EXIT_OK
