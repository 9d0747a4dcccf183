"""A protocol-checking stand-in for Cognito's newer features, over real HTTP (JsonPeer).

No emulator implements the API-level USER_AUTH flow or device SRP, so this peer does what
Cognito does, following the request and response shapes of AWS's API reference:

- InitiateAuth (AuthFlow USER_AUTH with USERNAME, PREFERRED_CHALLENGE, PASSWORD or SRP_A;
  USER_SRP_AUTH; USER_PASSWORD_AUTH; REFRESH_TOKEN_AUTH; DEVICE_KEY; SECRET_HASH; answers
  ChallengeName,
  Session, ChallengeParameters, AvailableChallenges, AuthenticationResult with
  NewDeviceMetadata):
  https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
- RespondToAuthChallenge (SELECT_CHALLENGE with ANSWER, PASSWORD / SRP_A; PASSWORD_VERIFIER;
  EMAIL_OTP_CODE / SMS_OTP_CODE; SOFTWARE_TOKEN_MFA; DEVICE_SRP_AUTH with SRP_A and
  DEVICE_KEY; DEVICE_PASSWORD_VERIFIER with PASSWORD_CLAIM_SIGNATURE, _SECRET_BLOCK,
  TIMESTAMP):
  https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html
- ConfirmDevice (AccessToken, DeviceKey, DeviceSecretVerifierConfig{PasswordVerifier, Salt},
  DeviceName → UserConfirmationNecessary):
  https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmDevice.html
- GetTokensFromRefreshToken (RefreshToken, ClientId, ClientSecret, DeviceKey; a new
  RefreshToken when rotating; RefreshTokenReuseException for a rotated-out token):
  https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetTokensFromRefreshToken.html
- ListDevices (Limit 0–60, PaginationToken → Devices[DeviceKey, DeviceAttributes, dates]):
  https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListDevices.html
- ForgetDevice (AccessToken, DeviceKey):
  https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ForgetDevice.html
- UpdateDeviceStatus (AccessToken, DeviceKey, DeviceRememberedStatus remembered |
  not_remembered):
  https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateDeviceStatus.html

It checks for real: the password SRP claim and the device's DEVICE_PASSWORD_VERIFIER claim
against the stored verifiers (the server side of SRP, never the password), codes it "sent"
(`outbox`), SECRET_HASH on every request, that a choice is one of AvailableChallenges, and
sessions used once. Error *codes* are Cognito's; their messages are representative.
"""

from __future__ import annotations

import base64
import hmac
import secrets
from typing import Any

from cognito_srp_verifier import N, _error
from newer_peer_base import PeerState, server_b, srp_signature, timestamp_ok

FACTORS = ("PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN")


class NewerPeer(PeerState):
    """`NewerPeer(pool, client, allow_user_auth=…, first_factors=…, mfa_required=…,
    rotate=…, track_devices=…)`; call it as a JsonPeer handler."""

    def __init__(self, user_pool_id: str, client_id: str, *, allow_user_auth: bool = True,
                 first_factors: tuple[str, ...] = FACTORS, **options: Any) -> None:
        super().__init__(user_pool_id, client_id, **options)
        self.allow_user_auth = allow_user_auth
        self.first_factors = first_factors

    def __call__(self, target: str, body: dict[str, Any]) -> tuple[int, Any]:
        with self.lock:
            if target in ("InitiateAuth", "RespondToAuthChallenge",
                          "GetTokensFromRefreshToken") and body.get("ClientId") != self.client_id:
                return _error("ResourceNotFoundException", "User pool client does not exist.")
            handler = {
                "InitiateAuth": self._initiate, "RespondToAuthChallenge": self._respond,
                "GetTokensFromRefreshToken": self.get_tokens_from_refresh_token,
                "ConfirmDevice": self.confirm_device, "ListDevices": self.list_devices,
                "ForgetDevice": self.forget_device,
                "UpdateDeviceStatus": self.update_device_status,
            }.get(target)
            if handler is None:
                return 400, {"__type": "InvalidAction", "message": f"{target} is not served"}
            return handler(body)

    # -- first factor

    def available(self, username: str) -> list[str]:
        user = self.users[username]
        offered: list[str] = [f for f in ("PASSWORD", "PASSWORD_SRP") if f in self.first_factors]
        if user.totp is None:  # passwordless and required MFA do not mix
            offered += [f for f, has in (("EMAIL_OTP", user.email), ("SMS_OTP", user.phone),
                                         ("WEB_AUTHN", True)) if has and f in self.first_factors]
        return offered

    def _initiate(self, body: dict[str, Any]) -> tuple[int, Any]:
        params = body.get("AuthParameters") or {}
        flow = body.get("AuthFlow")
        if flow == "REFRESH_TOKEN_AUTH":
            return self.refresh_token_auth(params)
        if flow not in ("USER_AUTH", "USER_SRP_AUTH", "USER_PASSWORD_AUTH"):
            return _error("InvalidParameterException", f"Unsupported AuthFlow: {flow}")
        if flow == "USER_AUTH" and not self.allow_user_auth:
            return _error("InvalidParameterException",
                          "USER_AUTH flow not enabled for this client")
        username = params.get("USERNAME", "")
        if not self.secret_ok(username, params.get("SECRET_HASH")):
            return _error("NotAuthorizedException", "Unable to verify secret hash for client")
        if username not in self.users:
            return _error("UserNotFoundException", "User does not exist.")
        device_key = params.get("DEVICE_KEY")
        if flow == "USER_SRP_AUTH":
            return self._first(username, "PASSWORD_SRP", params, device_key)
        if flow == "USER_PASSWORD_AUTH":
            return self._first(username, "PASSWORD", params, device_key)
        preferred = params.get("PREFERRED_CHALLENGE")
        if preferred is None:
            session = self.new_session(user=username, step="SELECT_CHALLENGE",
                                       device=device_key)
            return 200, {"ChallengeName": "SELECT_CHALLENGE", "Session": session,
                         "ChallengeParameters": {}, "AvailableChallenges":
                         self.available(username)}
        return self._first(username, preferred, params, device_key)

    def _first(self, username: str, factor: str, answer: dict[str, Any],
               device_key: str | None) -> tuple[int, Any]:
        """The chosen first factor with its answer (PASSWORD, SRP_A, or nothing for codes)."""
        user = self.users[username]
        if factor not in self.available(username):
            if user.totp is not None and factor in ("EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"):
                return _error("InvalidParameterException", "MFA is required in this user pool "
                              f"and cannot be combined with passwordless {factor}.")
            return _error("InvalidParameterException",
                          f"The challenge {factor} is not available for this user.")
        self.log.append(f"first factor {factor}")
        if factor == "PASSWORD":
            if not self._password_ok(user.username, answer.get("PASSWORD", "")):
                return _error("NotAuthorizedException", "Incorrect username or password.")
            return self.after_first(username, device_key, password_based=True)
        if factor == "PASSWORD_SRP":
            return self._srp_challenge(username, answer.get("SRP_A", "0"), device_key)
        if factor == "WEB_AUTHN":
            session = self.new_session(user=username, step="WEB_AUTHN", device=device_key)
            return 200, {"ChallengeName": "WEB_AUTHN", "Session": session,
                         "ChallengeParameters": {"CREDENTIAL_REQUEST_OPTIONS": "{}"}}
        code = self.fixed_code or f"{secrets.randbelow(10 ** 8):08d}"
        medium = "EMAIL" if factor == "EMAIL_OTP" else "SMS"
        self.outbox.append((username, medium, code))
        session = self.new_session(user=username, step=factor, code=code, device=device_key)
        where = user.email if medium == "EMAIL" else user.phone
        return 200, {"ChallengeName": factor, "Session": session, "ChallengeParameters": {
            "CODE_DELIVERY_DELIVERY_MEDIUM": medium,
            "CODE_DELIVERY_DESTINATION": f"{(where or '?')[0]}***", "USERNAME": username}}

    def _password_ok(self, username: str, password: str) -> bool:
        """PASSWORD is checked the way a verifier-only server can: recompute v."""
        from cognito_srp_verifier import G, _x

        user = self.users[username]
        return pow(G, _x(self.pool_name, username, password, user.salt), N) == user.verifier

    def _srp_challenge(self, username: str, srp_a: str, device_key: str | None) -> tuple[int, Any]:
        user = self.users[username]
        big_a = int(srp_a or "0", 16)
        if big_a % N == 0:
            return _error("InvalidParameterException", "SRP_A is not acceptable")
        b, big_b = server_b(user.verifier)
        block = base64.b64encode(secrets.token_bytes(64)).decode()
        session = self.new_session(user=username, step="PASSWORD_VERIFIER", A=big_a, b=b, B=big_b,
                                   block=block, device=device_key)
        return 200, {"ChallengeName": "PASSWORD_VERIFIER", "Session": session,
                     "ChallengeParameters": {"SALT": f"{user.salt:x}", "SRP_B": f"{big_b:x}",
                                             "SECRET_BLOCK": block, "USERNAME": username,
                                             "USER_ID_FOR_SRP": username}}

    def after_first(self, username: str, device_key: str | None, *,
                    password_based: bool) -> tuple[int, Any]:
        """A known, confirmed device of this user proves itself next; else MFA, else tokens."""
        device = self.devices.get(device_key or "")
        if device is not None and device.owner == username and device.confirmed:
            session = self.new_session(user=username, step="DEVICE_SRP_AUTH", device=device.key)
            return 200, {"ChallengeName": "DEVICE_SRP_AUTH", "Session": session,
                         "ChallengeParameters": {"USERNAME": username}}
        return self._mfa_or_tokens(username, None, password_based)

    def _mfa_or_tokens(self, username: str, device_key: str | None,
                       password_based: bool) -> tuple[int, Any]:
        if password_based and self.users[username].totp is not None:
            session = self.new_session(user=username, step="SOFTWARE_TOKEN_MFA",
                                       device=device_key)
            return 200, {"ChallengeName": "SOFTWARE_TOKEN_MFA", "Session": session,
                         "ChallengeParameters": {"USERNAME": username}}
        return self.sign_in_done(username, device_key)

    # -- later steps

    def _respond(self, body: dict[str, Any]) -> tuple[int, Any]:
        state = self.sessions.pop(body.get("Session") or "", None)  # a session is used once
        if state is None:
            return _error("NotAuthorizedException", "Invalid session for the user.")
        name, answers = body.get("ChallengeName"), body.get("ChallengeResponses") or {}
        username = state["user"]
        if name != state["step"]:
            return _error("InvalidParameterException", f"expected {state['step']}, got {name}")
        if answers.get("USERNAME") != username:
            return _error("NotAuthorizedException", "USERNAME is not the session's user")
        if not self.secret_ok(username, answers.get("SECRET_HASH")):
            return _error("NotAuthorizedException", "Unable to verify secret hash for client")
        if state.get("device") and answers.get("DEVICE_KEY") != state["device"]:
            return _error("InvalidParameterException", "DEVICE_KEY is missing")
        return self._step(name, state, answers)

    def _step(self, name: str, state: dict[str, Any], answers: dict[str, Any]) -> tuple[int, Any]:
        username, device = state["user"], state.get("device")
        if name == "SELECT_CHALLENGE":
            answer = answers.get("ANSWER")
            if answer not in self.available(username):
                return _error("InvalidParameterException",
                              f"The challenge {answer} is not available for this user.")
            return self._first(username, answer, answers, device)
        if name in ("EMAIL_OTP", "SMS_OTP"):
            given = answers.get(f"{name}_CODE", "")
            if not hmac.compare_digest(str(given), state["code"]):
                self.log.append(f"{name} rejected")
                return _error("CodeMismatchException", "Invalid code or auth state for the user.")
            self.log.append(f"{name} accepted")
            return self.after_first(username, device, password_based=False)
        if name == "SOFTWARE_TOKEN_MFA":
            if answers.get("SOFTWARE_TOKEN_MFA_CODE") != self.users[username].totp:
                return _error("CodeMismatchException", "Invalid code received for user")
            return self.sign_in_done(username, device)
        if name == "PASSWORD_VERIFIER":
            return self._password_verifier(state, answers)
        if name == "DEVICE_SRP_AUTH":
            return self._device_srp(state, answers)
        if name == "DEVICE_PASSWORD_VERIFIER":
            return self._device_verifier(state, answers)
        return _error("InvalidParameterException", f"{name} cannot be answered here")

    def _claim_ok(self, verifier: int, state: dict[str, Any], first: str, second: str,
                  answers: dict[str, Any]) -> bool:
        if answers.get("PASSWORD_CLAIM_SECRET_BLOCK") != state["block"]:
            return False
        timestamp = str(answers.get("TIMESTAMP", ""))
        if not timestamp_ok(timestamp):
            return False
        expected = srp_signature(verifier, state, first, second, state["block"], timestamp)
        return hmac.compare_digest(expected, str(answers.get("PASSWORD_CLAIM_SIGNATURE", "")))

    def _password_verifier(self, state: dict[str, Any], answers: dict[str, Any]) -> tuple[int, Any]:
        user = self.users[state["user"]]
        if not self._claim_ok(user.verifier, state, self.pool_name, user.username, answers):
            self.log.append("PASSWORD_VERIFIER rejected")
            return _error("NotAuthorizedException", "Incorrect username or password.")
        self.log.append("PASSWORD_VERIFIER accepted")
        return self.after_first(user.username, state.get("device"), password_based=True)

    def _device_srp(self, state: dict[str, Any], answers: dict[str, Any]) -> tuple[int, Any]:
        device = self.devices.get(state["device"])
        if device is None:
            return _error("ResourceNotFoundException", "Device does not exist.")
        big_a = int(answers.get("SRP_A") or "0", 16)
        if big_a % N == 0:
            return _error("InvalidParameterException", "SRP_A is not acceptable")
        b, big_b = server_b(device.verifier)
        block = base64.b64encode(secrets.token_bytes(64)).decode()
        session = self.new_session(user=state["user"], step="DEVICE_PASSWORD_VERIFIER",
                                   device=device.key, A=big_a, b=b, B=big_b, block=block)
        return 200, {"ChallengeName": "DEVICE_PASSWORD_VERIFIER", "Session": session,
                     "ChallengeParameters": {"SALT": f"{device.salt:x}", "SRP_B": f"{big_b:x}",
                                             "SECRET_BLOCK": block, "USERNAME": state["user"],
                                             "DEVICE_KEY": device.key}}

    def _device_verifier(self, state: dict[str, Any], answers: dict[str, Any]) -> tuple[int, Any]:
        device = self.devices.get(state["device"])
        if device is None or not self._claim_ok(device.verifier, state, device.group_key,
                                                device.key, answers):
            self.log.append("DEVICE_PASSWORD_VERIFIER rejected")
            return _error("NotAuthorizedException", "Incorrect device proof.")
        self.log.append("DEVICE_PASSWORD_VERIFIER accepted")
        if device.remembered == "remembered":  # a remembered device skips MFA
            return self.sign_in_done(state["user"], device.key)
        return self._mfa_or_tokens(state["user"], device.key, True)
