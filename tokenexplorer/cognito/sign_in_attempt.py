"""One sign-in of the window, whatever the flow, with remembered devices: Qt-free, so the
dialog only shows what this decides.

Every flow goes through `user_auth.SignInFlow` (USER_SRP_AUTH, USER_PASSWORD_AUTH and
USER_AUTH), so each request carries the remembered device's key and the DEVICE_SRP_AUTH /
DEVICE_PASSWORD_VERIFIER proofs are answered on the worker; the user sees only the steps
that need them. When the tokens come with NewDeviceMetadata the device is confirmed
(ConfirmDevice, `devices.confirm_device`) on the same worker and, with "Remember me", kept
in the keyring next to the session. A device whose proof the pool refuses is forgotten
here, so the next try signs in without it.

Each method makes network calls: run them on a worker thread.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass

from tokenexplorer import keyring_store
from tokenexplorer.cognito import device_store, devices
from tokenexplorer.cognito.auth import Challenge, CognitoAuth, Step, Tokens
from tokenexplorer.cognito.binding import target_of
from tokenexplorer.cognito.device_store import DeviceCredentials
from tokenexplorer.cognito.errors import CognitoError
from tokenexplorer.cognito.session import jwt_claims
from tokenexplorer.cognito.user_auth import CHOOSABLE, SignedIn, SignInFlow

CODES = ("EMAIL_OTP", "SMS_OTP")
MAX_AUTOMATIC = 6  # proofs in a row (password, device, …) before we stop trusting the server
_offers_codes: set[tuple[str, str]] = set()  # (endpoint, client) seen offering a code
_lock = threading.Lock()


def _client(auth: CognitoAuth) -> tuple[str, str]:
    return (auth.endpoint_url or "aws", auth.client_id)


def note_offer(auth: CognitoAuth, available: tuple[str, ...]) -> None:
    """SELECT_CHALLENGE listed a code: this client allows code sign-in (for this run)."""
    if any(name in CODES for name in available):
        with _lock:
            _offers_codes.add(_client(auth))


def code_sign_in_allowed(profile_preferred: str | None, endpoint: str | None,
                         client_id: str) -> bool:
    """Whether to offer "Sign in with a code instead of a password": the profile prefers a
    code, or the pool offered one in this run."""
    if profile_preferred in CODES:
        return True
    with _lock:
        return (endpoint or "aws", client_id) in _offers_codes


@dataclass(frozen=True)
class DeviceOutcome:
    """What became of the device of this sign-in (None of it secret but the credentials)."""

    credentials: DeviceCredentials | None
    new: bool  # confirmed by this sign-in (ConfirmDevice)
    stored: bool  # in the keyring with the session
    problem: str = ""  # why the device could not be confirmed or kept, in words


class SignInAttempt:
    """The steps of one sign-in: start, choose, respond; `device` after the tokens."""

    def __init__(self, auth: CognitoAuth, profile_name: str) -> None:
        self.auth = auth
        self.profile_name = profile_name
        self.flow = SignInFlow(auth)
        self.username = ""
        self.keep = False  # Remember me: keep a new device in the keyring
        self.device: DeviceOutcome | None = None

    def start(self, username: str, password: str, flow: str, *, keep: bool,
              preferred: str | None = None,
              cancelled: Callable[[], bool] = lambda: False) -> Step:
        """The first call of `flow` ("srp", "password", "user-auth"); `keep`: Remember me."""
        self.username = username
        self.flow = SignInFlow(self.auth, device=self._stored_device(username))
        self.keep = keep
        if flow == "srp":
            step = self._guarded(lambda: self.flow.start_srp(username, password))
        elif flow == "password":
            step = self._guarded(lambda: self.flow.start_password(username, password))
        else:
            wanted = preferred if preferred in CHOOSABLE else None
            step = self._guarded(lambda: self.flow.start(
                username, preferred=wanted,
                password=password if wanted in ("PASSWORD", "PASSWORD_SRP") else None))
        return self.onward(step, cancelled)

    def choose(self, step: Challenge, answer: str, password: str | None,
               cancelled: Callable[[], bool] = lambda: False) -> Step:
        return self.onward(self._guarded(lambda: self.flow.choose(step, answer,
                                                                  password=password)), cancelled)

    def respond(self, step: Challenge, answers: dict[str, str],
                cancelled: Callable[[], bool] = lambda: False) -> Step:
        return self.onward(self._guarded(lambda: self.flow.respond(step, answers)), cancelled)

    def onward(self, step: Step, cancelled: Callable[[], bool]) -> Step:
        """Answer the proofs (SRP, device) on this worker; confirm a new device at the end."""
        for _ in range(MAX_AUTOMATIC):
            if not (isinstance(step, Challenge) and step.automatic) or cancelled():
                break
            step = self._guarded(functools.partial(self.flow.respond, step, {}))
        if isinstance(step, Challenge) and step.name == "SELECT_CHALLENGE":
            note_offer(self.auth, offered(step))
        if isinstance(step, Tokens) and not cancelled():
            self.device = self._device_after(step)
        return step

    def _guarded(self, call: Callable[[], Step]) -> Step:
        try:
            return call()
        except CognitoError as error:
            if error.code == "DeviceRefused":  # a stale device: the next try goes without
                self._forget_stored()
            raise

    # -- devices

    def _stored_device(self, username: str) -> DeviceCredentials | None:
        try:
            return device_store.load_device(self.profile_name, username,
                                            target=target_of(self.auth.profile))
        except keyring_store.KeyringUnavailable:
            return None

    def _forget_stored(self) -> None:
        with contextlib.suppress(keyring_store.KeyringUnavailable):
            device_store.forget_device_entry(self.profile_name, self.username)

    def _device_after(self, tokens: Tokens) -> DeviceOutcome | None:
        new = tokens.new_device if isinstance(tokens, SignedIn) else None
        known = self.flow.device
        if new is None:
            return DeviceOutcome(known, new=False, stored=known is not None) if known else None
        try:
            credentials, _necessary = devices.confirm_device(self.auth, tokens.access_token, new)
        except CognitoError as error:
            return DeviceOutcome(None, new=True, stored=False,
                                 problem=f"The pool's new device could not be confirmed: "
                                 f"{error.message}")
        if not self.keep:
            return DeviceOutcome(credentials, new=True, stored=False)
        return self._stored(tokens, credentials)

    def _stored(self, tokens: Tokens, credentials: DeviceCredentials) -> DeviceOutcome:
        owner = str(jwt_claims(tokens.access_token).get("username") or self.username)
        try:
            device_store.save_device(self.profile_name, owner, credentials,
                                     target=target_of(self.auth.profile))
        except keyring_store.KeyringUnavailable as exc:
            return DeviceOutcome(credentials, new=True, stored=False,
                                 problem=f"The device's key could not be kept: {exc.reason}")
        return DeviceOutcome(credentials, new=True, stored=True)


def offered(step: Challenge) -> tuple[str, ...]:
    """The AvailableChallenges of a SELECT_CHALLENGE step (empty for any other)."""
    from tokenexplorer.cognito.user_auth import FlowChallenge

    return step.available if isinstance(step, FlowChallenge) else ()
