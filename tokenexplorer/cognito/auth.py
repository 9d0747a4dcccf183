"""Cognito user-pool flows as a step machine a dialog (or the CLI) can drive.

Every public method of `CognitoAuth` makes ONE network round trip and returns a `Step`
(`Tokens`, `Challenge`, `ConfirmationNeeded`) or a small result, or raises `CognitoError`.
Run each call on a worker thread; the clients have connect and read timeouts.

A sign-in, step by step::

    step = auth.sign_in(username, password)          # InitiateAuth
    while isinstance(step, Challenge):
        if step.automatic:                            # PASSWORD_VERIFIER, verified MFA_SETUP
            step = auth.respond(step, {})
        elif step.name is ChallengeKind.MFA_SETUP:
            secret, uri = auth.associate_software_token(step)    # show QR + secret
            step = auth.verify_software_token(step, code, "My phone")
        else:                                         # ask for step.required_fields
            step = auth.respond(step, answers)
    # step is Tokens, or ConfirmationNeeded (go to the confirm-sign-up step)

Where the parts live: the steps and results in `steps.py` and `challenges.py`, the SRP
answer in `srp_flow.py`, the client plumbing in `idp_client.py`, sign-up and passwords in
`account_calls.py`, refresh and sign-out in `session_calls.py`. Their public names are
importable from here too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal
from urllib.parse import quote

from tokenexplorer.cognito.account_calls import AccountCalls
from tokenexplorer.cognito.challenges import (
    Challenge,
    ChallengeKind,
    Field,
    FieldKind,
    fields_for,
)
from tokenexplorer.cognito.errors import (
    CODE_MISMATCH,
    MISSING_ANSWER,
    SETUP_INCOMPLETE,
    USER_NOT_CONFIRMED,
    CognitoError,
)
from tokenexplorer.cognito.idp_client import CONNECT_TIMEOUT, READ_TIMEOUT
from tokenexplorer.cognito.password_policy import PasswordPolicy
from tokenexplorer.cognito.session_calls import SessionCalls
from tokenexplorer.cognito.sign_out_results import (  # re-exported: callers import them here
    NeedsGlobalSignOut,
    SignOutResult,
    global_sign_out_result,
    lacks_revoke_reason,
    needs_global_sign_out,
    revoke_result,
)
from tokenexplorer.cognito.srp import SrpClient
from tokenexplorer.cognito.srp_flow import SrpContext, password_verifier_answers
from tokenexplorer.cognito.steps import (
    CodeDelivery,
    ConfirmationNeeded,
    SignUpResult,
    Step,
    Tokens,
    step_from_response,
    tokens_from,
)

__all__ = [
    "CONNECT_TIMEOUT", "READ_TIMEOUT", "Challenge", "ChallengeKind", "CodeDelivery",
    "CognitoAuth", "ConfirmationNeeded", "Field", "FieldKind", "Flow", "NeedsGlobalSignOut",
    "PasswordPolicy", "SignOutResult", "SignUpResult", "SrpContext", "Step", "Tokens",
    "answer_automatic", "fields_for", "global_sign_out_result", "lacks_revoke_reason",
    "needs_global_sign_out", "otpauth_uri", "revoke_result", "tokens_from",
]

Flow = Literal["srp", "password"]


class CognitoAuth(AccountCalls, SessionCalls):
    """Public (unsigned) Cognito user-pool calls for one profile. Thread-safe."""

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
            if error.code == USER_NOT_CONFIRMED:
                return ConfirmationNeeded(username)
            raise
        return step_from_response(response, username, srp=srp, password=password)

    def respond(self, step: Challenge, answers: dict[str, str]) -> Step:
        """RespondToAuthChallenge for `step` with the user's `answers` (keys: field names)."""
        responses = self._responses(step, answers)
        responses.update(self._hash(step.username))
        params: dict[str, Any] = {"ClientId": self.client_id, "ChallengeName": str(step.name),
                                  "ChallengeResponses": responses}
        if step.session:
            params["Session"] = step.session
        response = self._call("respond_to_auth_challenge", context="RespondToAuthChallenge",
                              secrets=tuple(answers.values()), **params)
        return step_from_response(response, step.username)

    @staticmethod
    def _responses(step: Challenge, answers: dict[str, str]) -> dict[str, str]:
        if step.name is ChallengeKind.PASSWORD_VERIFIER:
            return password_verifier_answers(step)
        if step.name is ChallengeKind.MFA_SETUP:
            if not step.setup_verified:
                raise CognitoError(
                    SETUP_INCOMPLETE,
                    "Set up the authenticator app first (associate, then verify a code).",
                )
            return {"USERNAME": step.username}
        missing = [f.label for f in step.required_fields if not answers.get(f.name)]
        if missing:
            raise CognitoError(MISSING_ANSWER, f"Please fill in: {', '.join(missing)}.",
                               original_code=MISSING_ANSWER)
        return {"USERNAME": step.username,
                **{k: v for k, v in answers.items() if v is not None}}

    # -- MFA set-up (TOTP)

    def associate_software_token(self, step: Challenge | None = None, *,
                                 access_token: str | None = None) -> tuple[str, str]:
        """AssociateSoftwareToken in an MFA_SETUP step (or signed in, with an access token).
        Returns (secret in base32, otpauth:// URI for a QR code). For MFA_SETUP the step's
        session is replaced by the new one Cognito returns."""
        params: dict[str, Any] = {}
        if step is not None and step.session:
            params["Session"] = step.session
        elif access_token:
            params["AccessToken"] = access_token
        else:
            raise ValueError("associate_software_token needs an MFA_SETUP step or access token")
        response = self._call("associate_software_token", **params)
        secret = str(response["SecretCode"])
        if step is not None and response.get("Session"):
            object.__setattr__(step, "session", response["Session"])
        account = step.username if step is not None else "user"
        return secret, otpauth_uri(secret, account, self.user_pool_id)

    def verify_software_token(self, step: Challenge, code: str,
                              friendly_name: str | None = None) -> Challenge:
        """VerifySoftwareToken with a code from the app. Returns the MFA_SETUP step ready to
        finish (`automatic`): call `respond(step, {})`."""
        params: dict[str, Any] = {"UserCode": code.strip(), "Session": step.session or ""}
        if friendly_name:
            params["FriendlyDeviceName"] = friendly_name
        response = self._call("verify_software_token", secrets=(code,), **params)
        if response.get("Status") != "SUCCESS":
            raise CognitoError(CODE_MISMATCH, "The authenticator code did not verify.",
                               original_code=str(response.get("Status")))
        return Challenge(ChallengeKind.MFA_SETUP, step.parameters, [], step.username,
                         response.get("Session") or step.session, setup_verified=True)


def answer_automatic(auth: CognitoAuth, step: Step, cancelled: Callable[[], bool]) -> Step:
    """Answer steps that need nothing from the user (PASSWORD_VERIFIER, a verified
    MFA_SETUP) on the same worker, so a caller sees only steps it must show."""
    while isinstance(step, Challenge) and step.automatic and not cancelled():
        step = auth.respond(step, {})
    return step


def otpauth_uri(secret: str, account: str, issuer: str) -> str:
    """otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=… — what authenticator apps scan."""
    label = quote(f"{issuer}:{account}", safe=":@")
    return f"otpauth://totp/{label}?secret={quote(secret)}&issuer={quote(issuer)}"
