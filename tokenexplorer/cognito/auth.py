"""Cognito user-pool flows as a step machine a dialog (or the CLI) can drive.

Every public method of `CognitoAuth` makes ONE network round trip and returns a `Step`
(`Tokens`, `Challenge`, `ConfirmationNeeded`) or a small result, or raises `CognitoError`.
Run each call on a worker thread; the clients have connect and read timeouts.

A sign-in, step by step::

    step = auth.sign_in(username, password)          # InitiateAuth
    while isinstance(step, Challenge):
        if step.automatic:                            # PASSWORD_VERIFIER, verified MFA_SETUP
            step = auth.respond(step, {})
        elif step.name == "MFA_SETUP":
            secret, uri = auth.associate_software_token(step)    # show QR + secret
            step = auth.verify_software_token(step, code, "My phone")
        else:                                         # ask for step.required_fields
            step = auth.respond(step, answers)
    # step is Tokens, or ConfirmationNeeded (go to the confirm-sign-up step)
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote

from tokenexplorer.cognito.errors import CognitoError, to_cognito_error
from tokenexplorer.cognito.profiles import Profile
from tokenexplorer.cognito.secret_hash import secret_hash
from tokenexplorer.cognito.sign_out_results import (  # re-exported: callers import them here
    SignOutResult,
    global_sign_out_result,
    lacks_revoke_reason,
    needs_global_sign_out,
    revoke_result,
)
from tokenexplorer.cognito.srp import SrpClient, SrpError
from tokenexplorer.cognito.transport_policy import check_secret_transport, secrets_in

if TYPE_CHECKING:
    from tokenexplorer.activity import ActivityLog

Flow = Literal["srp", "password"]

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 15.0


# ---------------------------------------------------------------- steps and results


@dataclass(frozen=True)
class Tokens:
    id_token: str = field(repr=False)
    access_token: str = field(repr=False)
    refresh_token: str | None = field(repr=False)
    expires_in: int
    token_type: str = "Bearer"

    def __repr__(self) -> str:  # never show a token
        return (
            f"Tokens(expires_in={self.expires_in}, token_type={self.token_type!r}, "
            f"refresh_token={'‹present›' if self.refresh_token else None})"
        )

    def as_json(self) -> dict[str, Any]:
        """The shape `tokenexplorer signin --json` prints."""
        return {
            "IdToken": self.id_token,
            "AccessToken": self.access_token,
            "RefreshToken": self.refresh_token,
            "ExpiresIn": self.expires_in,
        }


@dataclass(frozen=True)
class Field:
    """One answer a challenge needs. `name` is its key in `respond(step, answers)`."""

    name: str
    label: str
    secret: bool = False
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class CodeDelivery:
    destination: str | None
    medium: str | None  # EMAIL, SMS
    attribute: str | None

    def describe(self) -> str:
        medium = {"EMAIL": "by email", "SMS": "by SMS"}.get(self.medium or "", "")
        where = f" to {self.destination}" if self.destination else ""
        return f"A code was sent{(' ' + medium) if medium else ''}{where}."

    @classmethod
    def from_response(cls, details: dict[str, Any] | None) -> CodeDelivery | None:
        if not details:
            return None
        return cls(details.get("Destination"), details.get("DeliveryMedium"),
                   details.get("AttributeName"))


@dataclass(frozen=True)
class Challenge:
    """A step Cognito asks for. `parameters` are safe to show; `session` is kept private."""

    name: str
    parameters: dict[str, str]
    required_fields: list[Field]
    username: str  # USERNAME for the answer (and SECRET_HASH)
    session: str | None = field(default=None, repr=False)
    # MFA_SETUP after VerifySoftwareToken said SUCCESS: respond(step, {}) finishes.
    setup_verified: bool = False
    _srp: Any = field(default=None, repr=False, compare=False)
    _password: str | None = field(default=None, repr=False, compare=False)

    @property
    def automatic(self) -> bool:
        """No question for the user: call `respond(step, {})` to go on."""
        return self.name == "PASSWORD_VERIFIER" or (self.name == "MFA_SETUP" and
                                                    self.setup_verified)

    @property
    def mfa_can_setup(self) -> list[str]:
        return _json_list(self.parameters.get("MFAS_CAN_SETUP"))

    def __repr__(self) -> str:
        names = [f.name for f in self.required_fields]
        return f"Challenge(name={self.name!r}, parameters={self.parameters!r}, fields={names})"


@dataclass(frozen=True)
class ConfirmationNeeded:
    """Sign-in met an unconfirmed account: take the user to the confirm-sign-up step."""

    username: str
    delivery: CodeDelivery | None = None


Step = Tokens | Challenge | ConfirmationNeeded


@dataclass(frozen=True)
class SignUpResult:
    user_confirmed: bool
    delivery: CodeDelivery | None
    user_sub: str | None


@dataclass(frozen=True)
class PasswordPolicy:
    minimum_length: int = 8
    require_uppercase: bool = False
    require_lowercase: bool = False
    require_numbers: bool = False
    require_symbols: bool = False

    @classmethod
    def from_pool(cls, pool: dict[str, Any]) -> PasswordPolicy | None:
        policy = (pool.get("Policies") or {}).get("PasswordPolicy")
        if not isinstance(policy, dict):
            return None
        return cls(
            minimum_length=int(policy.get("MinimumLength") or 8),
            require_uppercase=bool(policy.get("RequireUppercase")),
            require_lowercase=bool(policy.get("RequireLowercase")),
            require_numbers=bool(policy.get("RequireNumbers")),
            require_symbols=bool(policy.get("RequireSymbols")),
        )

    def _needs(self) -> list[str]:
        needs = []
        if self.require_uppercase:
            needs.append("an uppercase letter")
        if self.require_lowercase:
            needs.append("a lowercase letter")
        if self.require_numbers:
            needs.append("a number")
        if self.require_symbols:
            needs.append("a symbol")
        return needs

    def describe(self) -> str:
        """'Passwords need at least 8 characters, with an uppercase letter and a number.'"""
        needs = self._needs()
        text = f"Passwords need at least {self.minimum_length} characters"
        if needs:
            joined = needs[0] if len(needs) == 1 else ", ".join(needs[:-1]) + " and " + needs[-1]
            text += f", with {joined}"
        return text + "."

    def problems(self, password: str) -> list[str]:
        """What `password` lacks, as the user types (Cognito still decides)."""
        out = []
        if len(password) < self.minimum_length:
            out.append(f"at least {self.minimum_length} characters")
        checks = [
            (self.require_uppercase, any(c.isupper() for c in password), "an uppercase letter"),
            (self.require_lowercase, any(c.islower() for c in password), "a lowercase letter"),
            (self.require_numbers, any(c in "0123456789" for c in password), "a number"),
            (self.require_symbols, any(not c.isalnum() and not c.isspace() for c in password),
             "a symbol"),
        ]
        out.extend(text for wanted, present, text in checks if wanted and not present)
        return out


# ---------------------------------------------------------------- challenge fields

_CODE_ANSWER = {
    "SMS_MFA": ("SMS_MFA_CODE", "SMS code"),
    "EMAIL_OTP": ("EMAIL_OTP_CODE", "Email code"),
    "SOFTWARE_TOKEN_MFA": ("SOFTWARE_TOKEN_MFA_CODE", "Authenticator app code"),
    "SMS_OTP": ("SMS_OTP_CODE", "SMS code"),
}
_SUPPORTED = {"PASSWORD_VERIFIER", "NEW_PASSWORD_REQUIRED", "SELECT_MFA_TYPE", "MFA_SETUP",
              "CUSTOM_CHALLENGE", *_CODE_ANSWER}
# Challenge parameters a user may see (the SRP numbers and secret block are not for them).
_HIDDEN_PARAMETERS = {"SALT", "SRP_B", "SECRET_BLOCK"}


def _json_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    if not value:
        return []
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        text = str(value)
        if text.startswith("["):  # "['SMS_MFA']": a Python list as text (moto sends this)
            return re.findall(r"[\w.:-]+", text, re.ASCII)
        return [text]
    return [str(v) for v in parsed] if isinstance(parsed, list) else [str(parsed)]


def _attribute_label(name: str) -> str:
    plain = name.removeprefix("userAttributes.").removeprefix("custom:")
    return plain.replace("_", " ").capitalize()


def fields_for(name: str, parameters: dict[str, str]) -> list[Field]:
    """The answers a challenge needs, in the order a dialog should ask for them."""
    if name in _CODE_ANSWER:
        key, label = _CODE_ANSWER[name]
        destination = parameters.get("CODE_DELIVERY_DESTINATION")
        return [Field(key, f"{label} (sent to {destination})" if destination else label)]
    if name == "NEW_PASSWORD_REQUIRED":
        fields = [Field("NEW_PASSWORD", "New password", secret=True)]
        for attribute in _json_list(parameters.get("requiredAttributes")):
            key = attribute if attribute.startswith("userAttributes.") else (
                f"userAttributes.{attribute}")
            fields.append(Field(key, _attribute_label(key)))
        return fields
    if name == "SELECT_MFA_TYPE":
        choices = tuple(_json_list(parameters.get("MFAS_CAN_CHOOSE"))) or (
            "SOFTWARE_TOKEN_MFA", "SMS_MFA")
        return [Field("ANSWER", "MFA method", choices=choices)]
    if name == "CUSTOM_CHALLENGE":
        return [Field("ANSWER", "Answer")]
    return []


# ---------------------------------------------------------------- the flows


class CognitoAuth:
    """Public (unsigned) Cognito user-pool calls for one profile. Thread-safe."""

    def __init__(
        self,
        profile: Profile,
        *,
        client_secret: str | None = None,
        activity: ActivityLog | None = None,
        connect_timeout: float = CONNECT_TIMEOUT,
        read_timeout: float = READ_TIMEOUT,
        retries: int = 0,
        allow_insecure_http: bool = False,  # secrets to a remote plain-http endpoint (warned)
        warn: Any = None,  # called with that warning at every such call
    ) -> None:
        # No retries by default: a retried RespondToAuthChallenge could reuse a spent session or
        # code, and a silent retry doubles the wait; errors say `retryable`, the user retries.
        self.profile = profile
        self.client_id: str = profile.client_id
        self.user_pool_id: str = profile.user_pool_id
        self.region: str = profile.pool_region
        self.endpoint_url: str | None = profile.endpoint_url
        self._secret = client_secret or None
        self._activity = activity
        self._insecure = (allow_insecure_http or getattr(profile, "allow_insecure_http", False),
                          warn)
        self._timeouts = (connect_timeout, read_timeout, retries)
        self._client: Any = None
        self._lock = threading.Lock()
        self.password_policy: PasswordPolicy | None = None

    def __repr__(self) -> str:
        return (f"CognitoAuth(pool={self.user_pool_id!r}, client={self.client_id!r}, "
                f"secret={'‹set›' if self._secret else None})")

    @property
    def has_secret(self) -> bool:
        return self._secret is not None

    # -- plumbing

    def _idp(self) -> Any:
        with self._lock:
            if self._client is None:
                from tokenexplorer.aws.clients import make_client

                connect, read, retries = self._timeouts
                self._client = make_client(
                    "cognito-idp", region=self.region, endpoint_url=self.endpoint_url,
                    unsigned=True, activity=self._activity, connect_timeout=connect,
                    read_timeout=read, retries=retries,
                )
            return self._client

    def _endpoint_text(self) -> str:
        return self.endpoint_url or f"cognito-idp.{self.region}.amazonaws.com"

    def _call(self, operation: str, *, context: str = "", secrets: tuple[str | None, ...] = (),
              **params: Any) -> dict[str, Any]:
        """One AWS call; failures become CognitoError (with no secret in the message). A call
        carrying a secret passes the transport policy first (plain http to another host)."""
        check_secret_transport(self.endpoint_url, secrets_in(params, operation),
                               allowed=self._insecure[0], warn=self._insecure[1],
                               operation=operation)
        method = getattr(self._idp(), operation)
        try:
            return method(**params)
        except Exception as exc:
            policy = self.password_policy.describe() if self.password_policy else None
            mapped = to_cognito_error(
                exc, context=context, policy_text=policy, endpoint=self._endpoint_text(),
                secrets=(*secrets, self._secret),
            )
            if mapped is None:
                raise
            raise mapped from None

    def _hash(self, username: str) -> dict[str, str]:
        if not self._secret:
            return {}
        return {"SECRET_HASH": secret_hash(username, self.client_id, self._secret)}

    # Public for the flow modules that compose CognitoAuth (user_auth, rotation, devices).
    call = _call
    hash_params = _hash

    @property
    def client_secret(self) -> str | None:  # GetTokensFromRefreshToken sends it as it is
        return self._secret

    def _step(self, response: dict[str, Any], username: str, *, srp: Any = None,
              password: str | None = None) -> Step:
        result = response.get("AuthenticationResult")
        if result:
            return _tokens(result)
        name = response.get("ChallengeName")
        if not name:
            raise CognitoError("UnexpectedResponse",
                               "Cognito answered without tokens or a challenge.")
        raw = {str(k): v if isinstance(v, str) else json.dumps(v)
               for k, v in (response.get("ChallengeParameters") or {}).items()}
        challenge_username = raw.get("USERNAME") or username
        if name == "PASSWORD_VERIFIER":
            return Challenge(
                name, {k: v for k, v in raw.items() if k not in _HIDDEN_PARAMETERS}, [],
                challenge_username, response.get("Session"),
                _srp=(srp, raw), _password=password,
            )
        if name not in _SUPPORTED:
            raise CognitoError(
                "UnsupportedChallenge",
                f"Cognito asked for the {name} challenge, which Token Explorer cannot answer.",
                original_code=name,
            )
        return Challenge(name, raw, fields_for(name, raw), challenge_username,
                         response.get("Session"))

    # -- sign-in

    def sign_in(self, username: str, password: str, flow: Flow = "srp") -> Step:
        """InitiateAuth with USER_SRP_AUTH (default) or USER_PASSWORD_AUTH."""
        params = {"USERNAME": username, **self._hash(username)}
        srp = None
        if flow == "srp":
            srp = SrpClient(self.user_pool_id)
            params["SRP_A"] = srp.srp_a
            auth_flow = "USER_SRP_AUTH"
        elif flow == "password":
            params["PASSWORD"] = password
            auth_flow = "USER_PASSWORD_AUTH"
        else:
            raise ValueError(f"unknown flow {flow!r}")
        try:
            response = self._call("initiate_auth", context="sign-in", secrets=(password,),
                                  ClientId=self.client_id, AuthFlow=auth_flow,
                                  AuthParameters=params)
        except CognitoError as error:
            if error.code == "UserNotConfirmed":
                return ConfirmationNeeded(username)
            raise
        return self._step(response, username, srp=srp, password=password)

    def respond(self, step: Challenge, answers: dict[str, str]) -> Step:
        """RespondToAuthChallenge for `step` with the user's `answers` (keys: field names)."""
        if step.name == "PASSWORD_VERIFIER":
            responses = self._password_verifier(step)
        elif step.name == "MFA_SETUP":
            if not step.setup_verified:
                raise CognitoError(
                    "SetupIncomplete",
                    "Set up the authenticator app first (associate, then verify a code).",
                )
            responses = {"USERNAME": step.username}
        else:
            missing = [f.label for f in step.required_fields if not answers.get(f.name)]
            if missing:
                raise CognitoError("MissingAnswer", f"Please fill in: {', '.join(missing)}.",
                                   original_code="MissingAnswer")
            responses = {"USERNAME": step.username,
                         **{k: v for k, v in answers.items() if v is not None}}
        responses.update(self._hash(step.username))
        params: dict[str, Any] = {"ClientId": self.client_id, "ChallengeName": step.name,
                                  "ChallengeResponses": responses}
        if step.session:
            params["Session"] = step.session
        response = self._call("respond_to_auth_challenge", context="RespondToAuthChallenge",
                              secrets=tuple(answers.values()), **params)
        return self._step(response, step.username)

    def _password_verifier(self, step: Challenge) -> dict[str, str]:
        srp, raw = step._srp or (None, {})
        if srp is None or step._password is None:
            raise CognitoError("InvalidStep", "This PASSWORD_VERIFIER step did not come from "
                               "an SRP sign-in of this session.")
        try:
            claim = srp.password_claim(
                user_id_for_srp=raw.get("USER_ID_FOR_SRP") or step.username,
                password=step._password,
                salt_hex=raw.get("SALT", ""),
                srp_b_hex=raw.get("SRP_B", ""),
                secret_block=raw.get("SECRET_BLOCK", ""),
            )
        except SrpError as exc:
            raise CognitoError("SrpFailed", f"The SRP exchange failed: {exc}.") from None
        return {
            "USERNAME": step.username,
            "PASSWORD_CLAIM_SIGNATURE": claim.signature,
            "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block,
            "TIMESTAMP": claim.timestamp,
        }

    # -- MFA set-up (TOTP)

    def associate_software_token(self, step: Challenge | None = None, *,
                                 access_token: str | None = None) -> tuple[str, str]:
        """AssociateSoftwareToken in an MFA_SETUP step (or signed in, with an access token).
        Returns (secret in base32, otpauth:// URI for a QR code). For MFA_SETUP the step's
        session is replaced by the new one Cognito returns."""
        params: dict[str, str] = {}
        if step is not None and step.session:
            params["Session"] = step.session
        elif access_token:
            params["AccessToken"] = access_token
        else:
            raise ValueError("associate_software_token needs an MFA_SETUP step or access token")
        response = self._call("associate_software_token", **params)
        secret = response["SecretCode"]
        if step is not None and response.get("Session"):
            object.__setattr__(step, "session", response["Session"])
        account = step.username if step is not None else "user"
        return secret, otpauth_uri(secret, account, self.user_pool_id)

    def verify_software_token(self, step: Challenge, code: str,
                              friendly_name: str | None = None) -> Challenge:
        """VerifySoftwareToken with a code from the app. Returns the MFA_SETUP step ready to
        finish (`automatic`): call `respond(step, {})`."""
        params: dict[str, str] = {"UserCode": code.strip(), "Session": step.session or ""}
        if friendly_name:
            params["FriendlyDeviceName"] = friendly_name
        response = self._call("verify_software_token", secrets=(code,), **params)
        if response.get("Status") != "SUCCESS":
            raise CognitoError("CodeMismatch", "The authenticator code did not verify.",
                               original_code=str(response.get("Status")))
        return Challenge("MFA_SETUP", step.parameters, [], step.username,
                         response.get("Session") or step.session, setup_verified=True)

    # -- sign-up and confirmation

    def sign_up(self, username: str, password: str,
                attributes: dict[str, str] | None = None) -> SignUpResult:
        response = self._call(
            "sign_up", secrets=(password,), ClientId=self.client_id, Username=username,
            Password=password,
            UserAttributes=[{"Name": k, "Value": v} for k, v in (attributes or {}).items()
                            if v not in (None, "")],
            **_secret_param(self._hash(username)),
        )
        return SignUpResult(
            user_confirmed=bool(response.get("UserConfirmed")),
            delivery=CodeDelivery.from_response(response.get("CodeDeliveryDetails")),
            user_sub=response.get("UserSub"),
        )

    def confirm_sign_up(self, username: str, code: str) -> None:
        self._call("confirm_sign_up", secrets=(code,), ClientId=self.client_id,
                   Username=username, ConfirmationCode=code.strip(),
                   **_secret_param(self._hash(username)))

    def resend_code(self, username: str) -> CodeDelivery | None:
        response = self._call("resend_confirmation_code", ClientId=self.client_id,
                              Username=username, **_secret_param(self._hash(username)))
        return CodeDelivery.from_response(response.get("CodeDeliveryDetails"))

    # -- passwords

    def forgot_password(self, username: str) -> CodeDelivery | None:
        response = self._call("forgot_password", ClientId=self.client_id, Username=username,
                              **_secret_param(self._hash(username)))
        return CodeDelivery.from_response(response.get("CodeDeliveryDetails"))

    def confirm_forgot_password(self, username: str, code: str, new_password: str) -> None:
        self._call("confirm_forgot_password", secrets=(code, new_password),
                   ClientId=self.client_id, Username=username, ConfirmationCode=code.strip(),
                   Password=new_password, **_secret_param(self._hash(username)))

    def change_password(self, access_token: str, old_password: str, new_password: str) -> None:
        self._call("change_password", context="ChangePassword",
                   secrets=(access_token, old_password, new_password),
                   AccessToken=access_token, PreviousPassword=old_password,
                   ProposedPassword=new_password)

    def describe_password_policy(self) -> PasswordPolicy | None:
        """The pool's password policy via DescribeUserPool, or None when it cannot be read
        (real AWS wants credentials for it; emulators usually answer)."""
        try:
            response = self._call("describe_user_pool", UserPoolId=self.user_pool_id)
        except CognitoError:
            return None
        policy = PasswordPolicy.from_pool(response.get("UserPool") or {})
        if policy is not None:
            self.password_policy = policy
        return policy

    # -- sessions

    def refresh(self, username: str, refresh_token: str) -> Tokens:
        """REFRESH_TOKEN_AUTH. `username` must be `cognito:username` (SECRET_HASH needs it).
        Cognito sends no new refresh token: the result carries the one given."""
        response = self._call(
            "initiate_auth", context="refresh", secrets=(refresh_token,),
            ClientId=self.client_id, AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": refresh_token, **self._hash(username)},
        )
        result = response.get("AuthenticationResult")
        if not result:
            raise CognitoError("UnexpectedResponse", "The refresh answered without tokens.")
        tokens = _tokens(result)
        if tokens.refresh_token is None:
            tokens = Tokens(tokens.id_token, tokens.access_token, refresh_token,
                            tokens.expires_in, tokens.token_type)
        return tokens

    def revoke_token(self, refresh_token: str) -> None:
        params = {"Token": refresh_token, "ClientId": self.client_id}
        if self._secret:
            params["ClientSecret"] = self._secret
        self._call("revoke_token", secrets=(refresh_token,), **params)

    def global_sign_out(self, access_token: str) -> None:
        self._call("global_sign_out", secrets=(access_token,), AccessToken=access_token)

    def sign_out(self, tokens: Tokens, *, allow_global: bool = False) -> SignOutResult:
        """RevokeToken; if the server lacks it, GlobalSignOut (with the access token) — but
        only with `allow_global`: it ends every session of the user on every device, so the
        caller asks first. Without it, raises CognitoError("NeedsGlobalSignOut")."""
        original_code = ""
        if tokens.refresh_token:
            try:
                self.revoke_token(tokens.refresh_token)
                return revoke_result()
            except CognitoError as error:
                if not error.server_lacks_operation:
                    raise
                why = lacks_revoke_reason(error)
                original_code = error.original_code
        else:
            why = "there is no refresh token to revoke"
        if not allow_global:
            raise needs_global_sign_out(why, original_code)
        self.global_sign_out(tokens.access_token)
        return global_sign_out_result(why)


def _tokens(result: dict[str, Any]) -> Tokens:
    return Tokens(
        id_token=result.get("IdToken", ""),
        access_token=result.get("AccessToken", ""),
        refresh_token=result.get("RefreshToken"),
        expires_in=int(result.get("ExpiresIn") or 3600),
        token_type=result.get("TokenType") or "Bearer",
    )


def _secret_param(hashed: dict[str, str]) -> dict[str, str]:
    return {"SecretHash": hashed["SECRET_HASH"]} if hashed else {}


def otpauth_uri(secret: str, account: str, issuer: str) -> str:
    """otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=… — what authenticator apps scan."""
    label = quote(f"{issuer}:{account}", safe=":@")
    return f"otpauth://totp/{label}?secret={quote(secret)}&issuer={quote(issuer)}"
