"""Choice-based sign-in (USER_AUTH) and remembered-device proofs, as a step machine.

Like `CognitoAuth`, every call is one round trip and returns a Step. A sign-in::

    flow = SignInFlow(auth, device=stored_device)       # device: DeviceCredentials or None
    step = flow.start(username, preferred=None)          # InitiateAuth AuthFlow=USER_AUTH
    while isinstance(step, Challenge):
        if step.name == "SELECT_CHALLENGE":              # step.available: typed choices
            step = flow.choose(step, "EMAIL_OTP")        # PASSWORD / PASSWORD_SRP need password=
        elif step.automatic:                              # PASSWORD_VERIFIER, DEVICE_* proofs
            step = flow.respond(step, {})
        else:                                             # codes etc.: step.required_fields
            step = flow.respond(step, answers)
    # step is Tokens; flow.new_device is the NewDeviceMetadata to confirm (devices.py)

`start_srp` and `start_password` are the classic USER_SRP_AUTH and USER_PASSWORD_AUTH with
the device key, for clients without ALLOW_USER_AUTH. Every request carries DEVICE_KEY when
a device is known, as AWS asks.
One SignInFlow is one attempt: it holds the SRP secrets of that attempt only.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from tokenexplorer.cognito.auth import (
    Challenge,
    CognitoAuth,
    ConfirmationNeeded,
    Field,
    Step,
    Tokens,
    fields_for,
)
from tokenexplorer.cognito.challenges import ChallengeKind
from tokenexplorer.cognito.device_srp import DeviceSrpClient
from tokenexplorer.cognito.device_store import DeviceCredentials
from tokenexplorer.cognito.devices import NewDevice
from tokenexplorer.cognito.errors import CognitoError
from tokenexplorer.cognito.newer_errors import (
    FIRST_FACTORS,
    WEB_AUTHN,
    explain,
    factor_words,
    not_allowed_factor,
)
from tokenexplorer.cognito.srp import SrpClient, SrpError

CHOOSABLE = ("PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP")  # what we can answer
PROOFS = ("PASSWORD_VERIFIER", "DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER")
_CLASSIC = {"NEW_PASSWORD_REQUIRED", "SELECT_MFA_TYPE", "MFA_SETUP", "CUSTOM_CHALLENGE",
            "SMS_MFA", "EMAIL_OTP", "SOFTWARE_TOKEN_MFA", "SMS_OTP", "EMAIL_MFA"}
_HIDDEN = {"SALT", "SRP_B", "SECRET_BLOCK"}
MAX_CHOICES = 10
_CHALLENGE_NAME = re.compile(r"[A-Z][A-Z0-9_]{0,39}\Z", re.ASCII)  # what a server may offer


@dataclass(frozen=True, repr=False)  # Challenge's repr: no session, no SRP numbers
class FlowChallenge(Challenge):
    """A Challenge of this flow: `available` for SELECT_CHALLENGE, `note` in plain words."""

    available: tuple[str, ...] = ()
    note: str = ""
    _raw: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def automatic(self) -> bool:
        return self.name in PROOFS or (self.name == "MFA_SETUP" and self.setup_verified)


@dataclass(frozen=True, repr=False)  # Tokens' repr: never a token
class SignedIn(Tokens):
    """Tokens, and the NewDeviceMetadata that came with them (device tracking)."""

    new_device: NewDevice | None = None


def _stringified(parameters: Any) -> dict[str, str]:
    if not isinstance(parameters, dict):
        return {}
    return {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in parameters.items()}


def _tokens(result: dict[str, Any]) -> SignedIn:
    return SignedIn(
        id_token=result.get("IdToken", ""), access_token=result.get("AccessToken", ""),
        refresh_token=result.get("RefreshToken"),
        expires_in=int(result.get("ExpiresIn") or 3600),
        token_type=result.get("TokenType") or "Bearer",
        new_device=NewDevice.from_result(result),
    )


def choice_note(available: tuple[str, ...]) -> str:
    """What the user can pick, in words; passkeys explained."""
    words = ", ".join(factor_words(name) for name in available) or "nothing"
    note = f"Cognito offers these ways to sign in: {words}."
    if "WEB_AUTHN" in available:
        note += " " + WEB_AUTHN
    return note


def _fields(name: str, raw: dict[str, str]) -> list[Field]:
    if name == "EMAIL_MFA":
        where = raw.get("CODE_DELIVERY_DESTINATION")
        return [Field("EMAIL_MFA_CODE", f"Email code (sent to {where})" if where else
                      "Email code")]
    return fields_for(name, raw)


class SignInFlow:
    """One sign-in attempt of choice-based sign-in (and device proofs) over `auth`."""

    def __init__(self, auth: CognitoAuth, *, device: DeviceCredentials | None = None) -> None:
        self.auth = auth
        self.device = device
        self.new_device: NewDevice | None = None
        self._srp: SrpClient | None = None
        self._password: str | None = None
        self._device_srp: DeviceSrpClient | None = None

    def __repr__(self) -> str:
        return f"SignInFlow(auth={self.auth!r}, device={self.device!r})"

    # -- requests

    def _extra(self, username: str) -> dict[str, str]:
        extra = dict(self.auth.hash_params(username))
        if self.device is not None:
            extra["DEVICE_KEY"] = self.device.device_key
        return extra

    def _initiate(self, flow: str, username: str, params: dict[str, str],
                  factor: str | None) -> Step:
        try:
            response = self.auth.call(
                "initiate_auth", context="sign-in", secrets=(self._password,),
                ClientId=self.auth.client_id, AuthFlow=flow,
                AuthParameters={"USERNAME": username, **params, **self._extra(username)})
        except CognitoError as error:
            if error.code == "UserNotConfirmed":
                return ConfirmationNeeded(username)
            raise explain(error, context="user-auth" if flow == "USER_AUTH" else "",
                          factor=factor) from None
        return self._step(response, username)

    def _send(self, step: Challenge, name: str, responses: dict[str, str], *,
              context: str = "", secrets: tuple[str | None, ...] = ()) -> Step:
        params: dict[str, Any] = {
            "ClientId": self.auth.client_id, "ChallengeName": name,
            "ChallengeResponses": {"USERNAME": step.username, **responses,
                                   **self._extra(step.username)}}
        if step.session:
            params["Session"] = step.session
        try:
            response = self.auth.call("respond_to_auth_challenge",
                                      context="RespondToAuthChallenge",
                                      secrets=(*secrets, self._password), **params)
        except CognitoError as error:
            raise explain(error, context=context or "user-auth") from None
        return self._step(response, step.username)

    # -- first factor

    def start(self, username: str, *, preferred: str | None = None,
              password: str | None = None) -> Step:
        """InitiateAuth USER_AUTH; with `preferred` (a first factor) Cognito may skip the
        choice. PASSWORD and PASSWORD_SRP as preferred need `password`."""
        params: dict[str, str] = {}
        if preferred:
            params.update(self._first_factor(preferred, password))
            params["PREFERRED_CHALLENGE"] = preferred
        return self._initiate("USER_AUTH", username, params, preferred)

    def start_srp(self, username: str, password: str) -> Step:
        """The classic USER_SRP_AUTH, with this flow's device proofs."""
        params = self._first_factor("PASSWORD_SRP", password)
        return self._initiate("USER_SRP_AUTH", username, params, None)

    def start_password(self, username: str, password: str) -> Step:
        """The classic USER_PASSWORD_AUTH, with this flow's device proofs."""
        params = self._first_factor("PASSWORD", password)
        return self._initiate("USER_PASSWORD_AUTH", username, params, None)

    def _first_factor(self, factor: str, password: str | None) -> dict[str, str]:
        """The answer parameters of a first factor (the password or SRP_A)."""
        if factor == "WEB_AUTHN":
            raise CognitoError("NeedsBrowser", WEB_AUTHN, original_code="WEB_AUTHN")
        if factor not in FIRST_FACTORS:
            raise CognitoError("InvalidParameter", f"{factor!r} is not a first sign-in factor "
                               f"(choose {', '.join(CHOOSABLE)}).")
        if factor in ("PASSWORD", "PASSWORD_SRP"):
            if not password:
                raise CognitoError("MissingAnswer", "Please fill in: Password.",
                                   original_code="MissingAnswer")
            self._password = password
            if factor == "PASSWORD":
                return {"PASSWORD": password}
            self._srp = SrpClient(self.auth.user_pool_id)
            return {"SRP_A": self._srp.srp_a}
        return {}

    def choose(self, step: Challenge, answer: str, *, password: str | None = None) -> Step:
        """Answer SELECT_CHALLENGE with one of `step.available` (refused locally otherwise)."""
        available = step.available if isinstance(step, FlowChallenge) else ()
        if step.name != "SELECT_CHALLENGE":
            raise CognitoError("InvalidStep", f"{step.name} is not a choice of sign-in method.")
        if answer not in available:
            raise not_allowed_factor(answer, available)
        responses = {"ANSWER": answer, **self._first_factor(answer, password)}
        return self._send(step, "SELECT_CHALLENGE", responses, secrets=(password,))

    # -- later steps

    def respond(self, step: Challenge, answers: dict[str, str]) -> Step:
        """Answer `step`: proofs with {}, SELECT_CHALLENGE with {"ANSWER", "PASSWORD"?},
        codes and the classic challenges with their `required_fields`."""
        if step.name == "SELECT_CHALLENGE":
            return self.choose(step, answers.get("ANSWER", ""), password=answers.get("PASSWORD"))
        if step.name == "WEB_AUTHN":
            raise CognitoError("NeedsBrowser", WEB_AUTHN, original_code="WEB_AUTHN")
        if step.name in PROOFS:
            return self._proof(step)
        if step.name == "MFA_SETUP":
            if not step.setup_verified:
                raise CognitoError("SetupIncomplete", "Set up the authenticator app first "
                                   "(associate, then verify a code).")
            return self._send(step, "MFA_SETUP", {})
        missing = [f.label for f in step.required_fields if not answers.get(f.name)]
        if missing:
            raise CognitoError("MissingAnswer", f"Please fill in: {', '.join(missing)}.",
                               original_code="MissingAnswer")
        given = {k: v for k, v in answers.items() if v is not None}
        return self._send(step, step.name, given, secrets=tuple(given.values()))

    def _proof(self, step: Challenge) -> Step:
        raw = step._raw if isinstance(step, FlowChallenge) else {}
        try:
            if step.name == "PASSWORD_VERIFIER":
                return self._send(step, step.name, self._password_claim(step, raw))
            if self.device is None:
                raise CognitoError("NoDevice", "Cognito asked for a remembered device's proof, "
                                   "but no device is stored for this user.")
            if step.name == "DEVICE_SRP_AUTH":
                self._device_srp = DeviceSrpClient(self.device.group_key, self.device.device_key,
                                                   self.device.password)
                return self._send(step, step.name, {"SRP_A": self._device_srp.srp_a},
                                  context="device-proof")
            return self._send(step, step.name, self._device_claim(raw), context="device-proof")
        except SrpError as exc:
            raise CognitoError("SrpFailed", f"The SRP exchange failed: {exc}.") from None

    def _password_claim(self, step: Challenge, raw: dict[str, str]) -> dict[str, str]:
        if self._srp is None or self._password is None:
            raise CognitoError("InvalidStep", "This PASSWORD_VERIFIER step did not come from "
                               "an SRP answer of this sign-in.")
        claim = self._srp.password_claim(
            user_id_for_srp=raw.get("USER_ID_FOR_SRP") or step.username,
            password=self._password, salt_hex=raw.get("SALT", ""),
            srp_b_hex=raw.get("SRP_B", ""), secret_block=raw.get("SECRET_BLOCK", ""))
        return {"PASSWORD_CLAIM_SIGNATURE": claim.signature,
                "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block, "TIMESTAMP": claim.timestamp}

    def _device_claim(self, raw: dict[str, str]) -> dict[str, str]:
        if self._device_srp is None:
            raise CognitoError("InvalidStep", "DEVICE_PASSWORD_VERIFIER came before "
                               "DEVICE_SRP_AUTH in this sign-in.")
        claim = self._device_srp.claim(salt_hex=raw.get("SALT", ""),
                                       srp_b_hex=raw.get("SRP_B", ""),
                                       secret_block=raw.get("SECRET_BLOCK", ""))
        return {"PASSWORD_CLAIM_SIGNATURE": claim.signature,
                "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block, "TIMESTAMP": claim.timestamp}

    # -- answers

    def _step(self, response: dict[str, Any], username: str) -> Step:
        result = response.get("AuthenticationResult")
        if isinstance(result, dict) and result:
            tokens = _tokens(result)
            self.new_device = tokens.new_device
            return tokens
        name = response.get("ChallengeName")
        raw = _stringified(response.get("ChallengeParameters"))
        user = raw.get("USERNAME") or username
        session = response.get("Session")
        if name == "SELECT_CHALLENGE" or (not name and response.get("AvailableChallenges")):
            offered = response.get("AvailableChallenges") or []
            available = tuple(n for n in offered if isinstance(n, str)
                              and _CHALLENGE_NAME.match(n))[:MAX_CHOICES]
            choices = tuple(n for n in available if n in CHOOSABLE)
            answer = Field("ANSWER", "Sign-in method", choices=choices)
            return FlowChallenge(ChallengeKind.SELECT_CHALLENGE, {}, [answer], user, session,
                                 available=available, note=choice_note(available))
        if not name:
            raise CognitoError("UnexpectedResponse",
                               "Cognito answered without tokens or a challenge.")
        if name in PROOFS:
            shown = {k: v for k, v in raw.items() if k not in _HIDDEN}
            return FlowChallenge(name, shown, [], user, session, _raw=raw)
        if name == "WEB_AUTHN":
            return FlowChallenge(name, {}, [], user, session, note=WEB_AUTHN)
        if name not in _CLASSIC:
            raise CognitoError("UnsupportedChallenge", f"Cognito asked for the {name} "
                               "challenge, which Token Explorer cannot answer.",
                               original_code=str(name))
        return FlowChallenge(name, raw, _fields(name, raw), user, session)
